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
    private static final Map<String, Set<String>> REQUIRED = Map.ofEntries(
            Map.entry("RUN_STARTED", Set.of("threadId", "runId")),
            Map.entry("RUN_FINISHED", Set.of("threadId", "runId")),
            Map.entry("RUN_ERROR", Set.of("message")),
            Map.entry("STEP_STARTED", Set.of("stepName")),
            Map.entry("STEP_FINISHED", Set.of("stepName")),
            Map.entry("TEXT_MESSAGE_START", Set.of("messageId")),
            Map.entry("TEXT_MESSAGE_CONTENT", Set.of("messageId", "delta")),
            Map.entry("TEXT_MESSAGE_END", Set.of("messageId")),
            Map.entry("TOOL_CALL_START", Set.of("toolCallId", "toolCallName")),
            Map.entry("TOOL_CALL_ARGS", Set.of("toolCallId", "delta")),
            Map.entry("TOOL_CALL_END", Set.of("toolCallId")),
            Map.entry("REASONING_START", Set.of("messageId")),
            Map.entry("REASONING_MESSAGE_START", Set.of("messageId", "role")),
            Map.entry("REASONING_MESSAGE_CONTENT", Set.of("messageId", "delta")),
            Map.entry("REASONING_MESSAGE_END", Set.of("messageId")),
            Map.entry("REASONING_END", Set.of("messageId")),
            Map.entry("STATE_SNAPSHOT", Set.of()),
            Map.entry("STATE_DELTA", Set.of()));
    /** Optional fields per event type. */
    private static final Map<String, Set<String>> OPTIONAL = Map.of(
            "STATE_SNAPSHOT", Set.of("snapshot", "version"),
            "STATE_DELTA", Set.of("delta", "version"),
            "RUN_STARTED", Set.of("parentRunId", "input", "protocolVersion"),
            "RUN_FINISHED", Set.of("result", "outcome", "usage"),
            "RUN_ERROR", Set.of("code", "usage"),
            "TEXT_MESSAGE_START", Set.of("role", "name"),
            "TOOL_CALL_START", Set.of("parentMessageId"));
    private static final Set<String> BASE = Set.of("type", "timestamp", "rawEvent", "metadata");
    private static final Set<String> PARLEY = Set.of("conversation", "seq");
    private static final Set<String> ROLES = Set.of("developer", "system", "assistant", "user", "reasoning");
    private static final Set<String> OUTCOMES = Set.of("success", "interrupt", "cancelled");

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
        if (type.equals("STATE_SNAPSHOT")) {
            assertTrue(event.has("snapshot"), () -> "a snapshot needs its state: " + event);
        }
        if (type.equals("STATE_DELTA")) {
            assertTrue(event.path("delta").isArray(), () -> "a delta is a JSON Patch array: " + event);
        }
        if (event.has("outcome")) {
            JsonNode outcome = event.get("outcome");
            assertTrue(outcome.isObject() && OUTCOMES.contains(outcome.path("type").asText()),
                    () -> "outcome must be an object of type success, interrupt or cancelled: " + event);
            JsonNode pending = outcome.get("pendingToolCallIds");
            assertTrue(pending == null || pending.isArray() && pending.valueStream().allMatch(JsonNode::isTextual),
                    () -> "pendingToolCallIds must be an array of strings: " + event);
        }
        if (event.has("usage")) {
            assertTrue(event.get("usage").isArray(), () -> "usage must be an array: " + event);
            event.get("usage").forEach(usage -> usage.fields().forEachRemaining(field -> assertTrue(
                    field.getValue().isTextual()
                            || field.getValue().isIntegralNumber() && field.getValue().asLong() >= 0,
                    () -> "usage holds labels and counts: " + event)));
        }
    }

    /** The events of one run form a sequence the AG-UI verifier accepts, numbered 1, 2, 3, … when unmerged. */
    static void assertRun(List<JsonNode> events) {
        assertEquals("RUN_STARTED", events.getFirst().path("type").asText(), "a run starts with RUN_STARTED");
        Set<String> steps = new HashSet<>();
        Map<String, Boolean> messages = new HashMap<>();
        Map<String, Boolean> toolCalls = new HashMap<>();
        Map<String, Boolean> reasoning = new HashMap<>();
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
                case "TOOL_CALL_START" -> assertTrue(toolCalls.put(event.get("toolCallId").asText(), true) == null,
                        "tool call started twice");
                case "TOOL_CALL_ARGS" -> assertTrue(Boolean.TRUE.equals(toolCalls.get(event.get("toolCallId")
                        .asText())), () -> "arguments outside their tool call: " + event);
                case "TOOL_CALL_END" -> assertTrue(Boolean.TRUE.equals(toolCalls.put(event.get("toolCallId").asText(),
                        false)), () -> "end of a tool call that was not started: " + event);
                case "REASONING_START" -> assertTrue(reasoning.put("span:" + event.get("messageId").asText(), true)
                        == null, "reasoning span started twice");
                case "REASONING_MESSAGE_START" -> assertTrue(reasoning.put(event.get("messageId").asText(), true)
                        == null, "reasoning message started twice");
                case "REASONING_MESSAGE_CONTENT" -> assertTrue(Boolean.TRUE.equals(reasoning.get(
                        event.get("messageId").asText())), () -> "reasoning outside its message: " + event);
                case "REASONING_MESSAGE_END" -> assertTrue(Boolean.TRUE.equals(reasoning.put(
                        event.get("messageId").asText(), false)), () -> "end of reasoning not started: " + event);
                case "REASONING_END" -> assertTrue(Boolean.TRUE.equals(reasoning.put(
                        "span:" + event.get("messageId").asText(), false)),
                        () -> "end of a span not started: " + event);
                case "RUN_FINISHED" -> {
                    assertTrue(steps.isEmpty(), () -> "steps still active at RUN_FINISHED: " + steps);
                    assertTrue(!messages.containsValue(true), "a message still open at RUN_FINISHED");
                    assertTrue(!toolCalls.containsValue(true), "a tool call still open at RUN_FINISHED");
                    assertTrue(!reasoning.containsValue(true), "reasoning still open at RUN_FINISHED");
                    ended = true;
                }
                case "RUN_ERROR" -> ended = true;
                case "STATE_SNAPSHOT", "STATE_DELTA" -> {
                }
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
