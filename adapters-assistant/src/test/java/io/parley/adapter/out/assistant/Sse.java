package io.parley.adapter.out.assistant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Server-Sent Events as OpenAI-compatible servers write them, for scripting the {@link FakeProvider}. */
public final class Sse {
    public static final String DONE = "data: [DONE]\n\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sse() {
    }

    /** A chunk whose delta carries {@code text}. */
    public static String text(String text) {
        ObjectNode chunk = chunk();
        chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                .putObject("delta").put("content", text);
        return event(chunk);
    }

    /** The role-only first chunk. */
    public static String role() {
        ObjectNode chunk = chunk();
        chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                .putObject("delta").put("role", "assistant").put("content", "");
        return event(chunk);
    }

    /** The last chunk of a choice: an empty delta and the finish reason. */
    public static String finish(String reason) {
        ObjectNode chunk = chunk();
        chunk.withArray("choices").addObject().put("index", 0).put("finish_reason", reason).putObject("delta");
        return event(chunk);
    }

    /** The usage chunk some servers send last, with empty {@code choices}. */
    public static String usage(int prompt, int completion) {
        ObjectNode chunk = chunk();
        chunk.putArray("choices");
        chunk.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return event(chunk);
    }

    /** A whole, ordinary reply: role chunk, one chunk per piece, finish, {@code [DONE]}. */
    public static String[] reply(String... pieces) {
        String[] events = new String[pieces.length + 3];
        events[0] = role();
        for (int i = 0; i < pieces.length; i++) {
            events[i + 1] = text(pieces[i]);
        }
        events[pieces.length + 1] = finish("stop");
        events[pieces.length + 2] = DONE;
        return events;
    }

    private static ObjectNode chunk() {
        return JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
                .put("model", "fake-model");
    }

    private static String event(ObjectNode chunk) {
        return "data: " + chunk + "\n\n";
    }
}
