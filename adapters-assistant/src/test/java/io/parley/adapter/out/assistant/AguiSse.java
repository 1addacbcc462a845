package io.parley.adapter.out.assistant;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** AG-UI events as an agent server streams them (one SSE event each), for scripting the {@link FakeAguiAgent}. */
public final class AguiSse {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AguiSse() {
    }

    /**
     * The event {@code type} with these field name and value pairs; a value is a string, a number, or JSON from
     * {@link #json}.
     */
    public static String event(String type, Object... fields) {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            event.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
        }
        return "data: " + event + "\n\n";
    }

    /** A JSON value for {@link #event}, from its text. */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    public static String runStarted() {
        return event("RUN_STARTED", "threadId", "thread-1", "runId", "agent-run-1");
    }

    public static String runFinished() {
        return event("RUN_FINISHED", "threadId", "thread-1", "runId", "agent-run-1");
    }

    /** The text message {@code id}: its start, one content event per piece, its end. */
    public static List<String> text(String id, String... pieces) {
        List<String> events = new ArrayList<>();
        events.add(event("TEXT_MESSAGE_START", "messageId", id, "role", "assistant"));
        for (String piece : pieces) {
            events.add(event("TEXT_MESSAGE_CONTENT", "messageId", id, "delta", piece));
        }
        events.add(event("TEXT_MESSAGE_END", "messageId", id));
        return events;
    }

    /** A whole run: {@code RUN_STARTED}, these events (as {@link #flat} takes them), {@code RUN_FINISHED}. */
    public static String[] run(Object... events) {
        List<String> all = new ArrayList<>();
        all.add(runStarted());
        all.addAll(List.of(flat(events)));
        all.add(runFinished());
        return all.toArray(String[]::new);
    }

    /** These events, each an event or a list or an array of them, in one array. */
    public static String[] flat(Object... events) {
        List<String> all = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof List<?> list) {
                list.forEach(item -> all.add((String) item));
            } else if (event instanceof String[] array) {
                all.addAll(List.of(array));
            } else {
                all.add((String) event);
            }
        }
        return all.toArray(String[]::new);
    }

    /** A whole run that answers with one text message in these pieces. */
    public static String[] textRun(String... pieces) {
        return run(text("msg-1", pieces));
    }
}
