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
        return delta("content", text);
    }

    /** A chunk whose delta carries a piece of reasoning as DeepSeek and vLLM send it ({@code reasoning_content}). */
    public static String reasoning(String delta) {
        return delta("reasoning_content", delta);
    }

    /** A chunk whose delta carries the one text {@code field}, such as Ollama's {@code reasoning}. */
    public static String delta(String field, String value) {
        ObjectNode chunk = chunk();
        chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                .putObject("delta").put(field, value);
        return event(chunk);
    }

    /**
     * A chunk with one item of {@code delta.tool_calls}: the first of a call has its {@code id} and {@code name}
     * (and {@code type: function}), later ones of the same index have null for both and only a fragment of the
     * arguments. A null {@code argumentsFragment} leaves {@code arguments} out.
     */
    public static String toolCall(int index, String id, String name, String argumentsFragment) {
        ObjectNode chunk = chunk();
        ObjectNode item = chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                .putObject("delta").putArray("tool_calls").addObject().put("index", index);
        if (id != null) {
            item.put("id", id).put("type", "function");
        }
        ObjectNode function = item.putObject("function");
        if (name != null) {
            function.put("name", name);
        }
        if (argumentsFragment != null) {
            function.put("arguments", argumentsFragment);
        }
        return event(chunk);
    }

    /**
     * A whole reply that calls one tool, as OpenAI streams it: role chunk, the call's id and name with empty
     * arguments, one chunk per fragment, {@code finish_reason: tool_calls}, {@code [DONE]}.
     */
    public static String[] toolCallReply(String id, String name, String... argumentFragments) {
        String[] events = new String[argumentFragments.length + 4];
        events[0] = role();
        events[1] = toolCall(0, id, name, "");
        for (int i = 0; i < argumentFragments.length; i++) {
            events[i + 2] = toolCall(0, null, null, argumentFragments[i]);
        }
        events[argumentFragments.length + 2] = finish("tool_calls");
        events[argumentFragments.length + 3] = DONE;
        return events;
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
        return event(usageChunk(prompt, completion));
    }

    /** The usage chunk with {@code completion_tokens_details.reasoning_tokens}, as reasoning models report it. */
    public static String usage(int prompt, int completion, int reasoning) {
        ObjectNode chunk = usageChunk(prompt, completion);
        ((ObjectNode) chunk.get("usage")).putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
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

    private static ObjectNode usageChunk(int prompt, int completion) {
        ObjectNode chunk = chunk();
        chunk.putArray("choices");
        chunk.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return chunk;
    }

    private static ObjectNode chunk() {
        return JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
                .put("model", "fake-model");
    }

    private static String event(ObjectNode chunk) {
        return "data: " + chunk + "\n\n";
    }
}
