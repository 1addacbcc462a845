package io.parley.adapter.out.assistant;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The AG-UI rules {@code @ag-ui/client}'s {@code verifyEvents} enforces, checked event by event as they arrive
 * (chunks {@link AguiChunks expanded} first): the first event is {@code RUN_STARTED} (or {@code RUN_ERROR});
 * nothing follows {@code RUN_FINISHED} or {@code RUN_ERROR}; a text message, tool call, reasoning message or span,
 * or step is started while it is not open, and continued or ended only while it is; {@code RUN_FINISHED} leaves
 * none of them open; every event is of a type AG-UI 1.0 (or its older {@code THINKING_*} names) defines, with the
 * string fields its type needs. A broken rule is an {@link AguiViolation}.
 */
final class AguiRules {
    /** The string fields each type needs; a type that is not here is unknown. */
    private static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry("RUN_STARTED", List.of("threadId", "runId")),
            Map.entry("RUN_FINISHED", List.of("threadId", "runId")),
            Map.entry("RUN_ERROR", List.of("message")),
            Map.entry("STEP_STARTED", List.of("stepName")),
            Map.entry("STEP_FINISHED", List.of("stepName")),
            Map.entry("TEXT_MESSAGE_START", List.of("messageId")),
            Map.entry("TEXT_MESSAGE_CONTENT", List.of("messageId", "delta")),
            Map.entry("TEXT_MESSAGE_END", List.of("messageId")),
            Map.entry("TOOL_CALL_START", List.of("toolCallId", "toolCallName")),
            Map.entry("TOOL_CALL_ARGS", List.of("toolCallId", "delta")),
            Map.entry("TOOL_CALL_END", List.of("toolCallId")),
            Map.entry("TOOL_CALL_RESULT", List.of("messageId", "toolCallId")),
            Map.entry("REASONING_START", List.of("messageId")),
            Map.entry("REASONING_MESSAGE_START", List.of("messageId")),
            Map.entry("REASONING_MESSAGE_CONTENT", List.of("messageId", "delta")),
            Map.entry("REASONING_MESSAGE_END", List.of("messageId")),
            Map.entry("REASONING_END", List.of("messageId")),
            Map.entry("REASONING_ENCRYPTED_VALUE", List.of("subtype", "entityId", "encryptedValue")),
            Map.entry("STATE_SNAPSHOT", List.of()),
            Map.entry("STATE_DELTA", List.of()),
            Map.entry("MESSAGES_SNAPSHOT", List.of()),
            Map.entry("ACTIVITY_SNAPSHOT", List.of("messageId", "activityType")),
            Map.entry("ACTIVITY_DELTA", List.of("messageId", "activityType")),
            Map.entry("RAW", List.of()),
            Map.entry("CUSTOM", List.of("name")),
            Map.entry("SUBAGENT_STARTED", List.of("subagentRunId", "name")),
            Map.entry("SUBAGENT_FINISHED", List.of("subagentRunId")),
            Map.entry("SUBAGENT_ERROR", List.of("subagentRunId", "message")),
            Map.entry("THINKING_START", List.of()),
            Map.entry("THINKING_END", List.of()),
            Map.entry("THINKING_TEXT_MESSAGE_START", List.of()),
            Map.entry("THINKING_TEXT_MESSAGE_CONTENT", List.of("delta")),
            Map.entry("THINKING_TEXT_MESSAGE_END", List.of()));
    /** What the events of each type do to what is open; the older thinking events name nothing (one at a time). */
    private static final Map<String, Move> MOVES = Map.ofEntries(
            Map.entry("TEXT_MESSAGE_START", new Move(Span.TEXT_MESSAGE, Step.OPEN, "messageId")),
            Map.entry("TEXT_MESSAGE_CONTENT", new Move(Span.TEXT_MESSAGE, Step.CONTINUE, "messageId")),
            Map.entry("TEXT_MESSAGE_END", new Move(Span.TEXT_MESSAGE, Step.CLOSE, "messageId")),
            Map.entry("TOOL_CALL_START", new Move(Span.TOOL_CALL, Step.OPEN, "toolCallId")),
            Map.entry("TOOL_CALL_ARGS", new Move(Span.TOOL_CALL, Step.CONTINUE, "toolCallId")),
            Map.entry("TOOL_CALL_END", new Move(Span.TOOL_CALL, Step.CLOSE, "toolCallId")),
            Map.entry("REASONING_START", new Move(Span.REASONING, Step.OPEN, "messageId")),
            Map.entry("REASONING_END", new Move(Span.REASONING, Step.CLOSE, "messageId")),
            Map.entry("REASONING_MESSAGE_START", new Move(Span.REASONING_MESSAGE, Step.OPEN, "messageId")),
            Map.entry("REASONING_MESSAGE_CONTENT", new Move(Span.REASONING_MESSAGE, Step.CONTINUE, "messageId")),
            Map.entry("REASONING_MESSAGE_END", new Move(Span.REASONING_MESSAGE, Step.CLOSE, "messageId")),
            Map.entry("STEP_STARTED", new Move(Span.STEP, Step.OPEN, "stepName")),
            Map.entry("STEP_FINISHED", new Move(Span.STEP, Step.CLOSE, "stepName")),
            Map.entry("THINKING_START", new Move(Span.REASONING, Step.OPEN, null)),
            Map.entry("THINKING_END", new Move(Span.REASONING, Step.CLOSE, null)),
            Map.entry("THINKING_TEXT_MESSAGE_START", new Move(Span.REASONING_MESSAGE, Step.OPEN, null)),
            Map.entry("THINKING_TEXT_MESSAGE_CONTENT", new Move(Span.REASONING_MESSAGE, Step.CONTINUE, null)),
            Map.entry("THINKING_TEXT_MESSAGE_END", new Move(Span.REASONING_MESSAGE, Step.CLOSE, null)));

    private final Map<Span, Set<String>> open = new EnumMap<>(Span.class);
    private boolean started;
    private boolean ended;

    /** What can be open within a run, as the rules name it. */
    private enum Span {
        TEXT_MESSAGE("text message"), TOOL_CALL("tool call"), REASONING("reasoning span"),
        REASONING_MESSAGE("reasoning message"), STEP("step");

        private final String words;

        Span(String words) {
            this.words = words;
        }
    }

    private enum Step { OPEN, CONTINUE, CLOSE }

    /** An event's effect: on which kind of span, and the field that names the one (null: the older, unnamed ones). */
    private record Move(Span span, Step step, String idField) {
    }

    /** Checks the next event of the stream. */
    void check(JsonNode event) {
        JsonNode typeField = event.get("type");
        if (typeField == null || !typeField.isTextual()) {
            throw new AguiViolation("an event without a type");
        }
        String type = typeField.asText();
        List<String> fields = FIELDS.get(type);
        if (fields == null) {
            throw new AguiViolation("an event of a type AG-UI does not define: " + type);
        }
        if (ended) {
            throw new AguiViolation(type + " after the run ended");
        }
        for (String field : fields) {
            if (!event.path(field).isTextual()) {
                throw new AguiViolation(type + " without a string " + field);
            }
        }
        if (type.equals("STATE_SNAPSHOT") && !event.has("snapshot")
                || type.equals("STATE_DELTA") && !event.path("delta").isArray()) {
            throw new AguiViolation(type.equals("STATE_DELTA") ? "STATE_DELTA without a JSON Patch array as delta"
                    : "STATE_SNAPSHOT without a snapshot");
        }
        if (!started) {
            if (!type.equals("RUN_STARTED") && !type.equals("RUN_ERROR")) {
                throw new AguiViolation("the first event must be RUN_STARTED, not " + type);
            }
            started = true;
        } else if (type.equals("RUN_STARTED")) {
            throw new AguiViolation("RUN_STARTED while the run is going on");
        }
        Move move = MOVES.get(type);
        if (move != null) {
            apply(type, move, move.idField() == null ? "" : event.get(move.idField()).asText());
        }
        if (type.equals("RUN_FINISHED")) {
            open.forEach((span, ids) -> {
                if (!ids.isEmpty()) {
                    throw new AguiViolation("RUN_FINISHED while a " + span.words + " is open: " + ids);
                }
            });
        }
        ended = type.equals("RUN_FINISHED") || type.equals("RUN_ERROR");
    }

    private void apply(String type, Move move, String id) {
        Set<String> ids = open.computeIfAbsent(move.span(), span -> new LinkedHashSet<>());
        String named = move.idField() == null ? "" : " " + id;
        switch (move.step()) {
            case OPEN -> {
                if (!ids.add(id)) {
                    throw new AguiViolation(type + " for the " + move.span().words + named + ", which is open");
                }
            }
            case CONTINUE, CLOSE -> {
                if (!(move.step() == Step.CONTINUE ? ids.contains(id) : ids.remove(id))) {
                    throw new AguiViolation(type + " for the " + move.span().words + named + ", which is not open");
                }
            }
        }
    }
}
