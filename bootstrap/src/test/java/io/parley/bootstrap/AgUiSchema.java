package io.parley.bootstrap;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The AG-UI event schema and sequence rules, as {@code @ag-ui/core} ({@code events.ts}) and the client's
 * verifier ({@code verify.ts}) define them, for the events Parley sends. AG-UI events are open
 * ({@code passthrough}): Parley's {@code conversation} and {@code seq} ride along.
 */
final class AgUiSchema {
    /** Required fields per event type, all strings. */
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            "RUN_STARTED", Set.of("threadId", "runId"),
            "RUN_FINISHED", Set.of("threadId", "runId"),
            "RUN_ERROR", Set.of("message"),
            "STEP_STARTED", Set.of("stepName"),
            "STEP_FINISHED", Set.of("stepName"),
            "TEXT_MESSAGE_START", Set.of("messageId"),
            "TEXT_MESSAGE_CONTENT", Set.of("messageId", "delta"),
            "TEXT_MESSAGE_END", Set.of("messageId"));
    /** Optional fields per event type. */
    private static final Map<String, Set<String>> OPTIONAL = Map.of(
            "RUN_STARTED", Set.of("parentRunId", "input"),
            "RUN_FINISHED", Set.of("result", "outcome", "usage"),
            "RUN_ERROR", Set.of("code", "usage"),
            "TEXT_MESSAGE_START", Set.of("role", "name"));
    private static final Set<String> BASE = Set.of("type", "timestamp", "rawEvent", "metadata");
    private static final Set<String> PARLEY = Set.of("conversation", "seq");
    private static final Set<String> ROLES = Set.of("developer", "system", "assistant", "user");

    private AgUiSchema() {
    }

    static boolean isRunEvent(JsonNode frame) {
        return REQUIRED.containsKey(frame.path("type").asText());
    }

    /** The event has its type's required fields, with the right types, and no field AG-UI does not know. */
    static void assertValid(JsonNode event) {
        String type = event.path("type").asText();
        Set<String> required = REQUIRED.get(type);
        assertTrue(required != null, () -> "not an AG-UI event Parley sends: " + event);
        for (String field : required) {
            assertTrue(event.path(field).isTextual(), () -> type + " needs a string " + field + ": " + event);
        }
        Set<String> allowed = new HashSet<>(BASE);
        allowed.addAll(PARLEY);
        allowed.addAll(required);
        allowed.addAll(OPTIONAL.getOrDefault(type, Set.of()));
        for (Iterator<String> fields = event.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            assertTrue(allowed.contains(field), () -> type + " has a field AG-UI does not define: " + field);
        }
        if (event.has("role")) {
            assertTrue(ROLES.contains(event.get("role").asText()), () -> "bad role in " + event);
        }
        if (event.has("code")) {
            assertTrue(event.get("code").isTextual(), () -> "code must be a string: " + event);
        }
    }

    /** The events of one run form a sequence the AG-UI verifier accepts, numbered 1, 2, 3, … when unmerged. */
    static void assertRun(List<JsonNode> events) {
        assertEquals("RUN_STARTED", events.getFirst().path("type").asText(), "a run starts with RUN_STARTED");
        Set<String> steps = new HashSet<>();
        Map<String, Boolean> messages = new HashMap<>();
        boolean ended = false;
        long lastSeq = 0;
        for (JsonNode event : events) {
            assertValid(event);
            assertTrue(!ended, () -> "an event after the run ended: " + event);
            long seq = event.path("seq").asLong();
            assertTrue(seq > lastSeq, () -> "seq must grow: " + event);
            lastSeq = seq;
            String type = event.get("type").asText();
            switch (type) {
                case "STEP_STARTED" -> assertTrue(steps.add(event.get("stepName").asText()), "step started twice");
                case "STEP_FINISHED" -> assertTrue(steps.remove(event.get("stepName").asText()),
                        () -> "step finished that was not started: " + event);
                case "TEXT_MESSAGE_START" -> assertTrue(messages.put(event.get("messageId").asText(), true) == null,
                        "message started twice");
                case "TEXT_MESSAGE_CONTENT" -> {
                    assertTrue(Boolean.TRUE.equals(messages.get(event.get("messageId").asText())),
                            () -> "content outside its message: " + event);
                    assertTrue(!event.get("delta").asText().isEmpty(), "empty delta");
                }
                case "TEXT_MESSAGE_END" -> assertTrue(Boolean.TRUE.equals(messages.put(event.get("messageId").asText(),
                        false)), () -> "end of a message that was not started: " + event);
                case "RUN_FINISHED" -> {
                    assertTrue(steps.isEmpty(), () -> "steps still active at RUN_FINISHED: " + steps);
                    assertTrue(!messages.containsValue(true), "a message still open at RUN_FINISHED");
                    ended = true;
                }
                case "RUN_ERROR" -> ended = true;
                case "RUN_STARTED" -> assertEquals(1, seq, "RUN_STARTED is the run's first event");
                default -> fail("unexpected " + event);
            }
        }
        assertTrue(ended, "the run did not end");
    }

    /** The assistant's text as the run's content events carry it. */
    static String text(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("type").asText().equals("TEXT_MESSAGE_CONTENT"))
                .forEach(e -> text.append(e.get("delta").asText()));
        return text.toString();
    }
}
