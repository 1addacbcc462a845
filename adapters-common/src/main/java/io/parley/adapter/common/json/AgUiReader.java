package io.parley.adapter.common.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.domain.protocol.AgUiEvent;

/**
 * Reads the AG-UI events Parley speaks from their JSON, as {@link EventWriter#agUi} writes them and as AG-UI 1.0
 * names their fields. An event of another type, or one that lacks a field it needs, is empty.
 */
public final class AgUiReader {
    private AgUiReader() {
    }

    /** The event {@code in} holds, if it is one Parley speaks and has what it needs. */
    public static Optional<AgUiEvent> read(JsonNode in) {
        try {
            return Optional.ofNullable(event(in));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static AgUiEvent event(JsonNode in) {
        return switch (in.path("type").asText()) {
            case "RUN_STARTED" -> new AgUiEvent.RunStarted(text(in, "threadId"), text(in, "runId"));
            case "RUN_FINISHED" -> new AgUiEvent.RunFinished(text(in, "threadId"), text(in, "runId"),
                    in.path("result").path("provider").asText(""), in.path("result").path("model").asText(""),
                    strings(in.path("outcome").path("pendingToolCallIds")), usage(in.path("usage")),
                    interrupts(in.path("outcome").path("interrupts")));
            case "RUN_ERROR" -> new AgUiEvent.RunError(text(in, "message"), in.path("code").asText(""));
            case "STEP_STARTED" -> new AgUiEvent.StepStarted(text(in, "stepName"));
            case "STEP_FINISHED" -> new AgUiEvent.StepFinished(text(in, "stepName"));
            case "TEXT_MESSAGE_START" -> new AgUiEvent.TextMessageStart(text(in, "messageId"));
            case "TEXT_MESSAGE_CONTENT" -> new AgUiEvent.TextMessageContent(text(in, "messageId"),
                    text(in, "delta"));
            case "TEXT_MESSAGE_END" -> new AgUiEvent.TextMessageEnd(text(in, "messageId"));
            case "TOOL_CALL_START" -> new AgUiEvent.ToolCallStart(text(in, "toolCallId"), text(in, "toolCallName"),
                    in.path("parentMessageId").isTextual() ? in.get("parentMessageId").asText() : null);
            case "TOOL_CALL_ARGS" -> new AgUiEvent.ToolCallArgs(text(in, "toolCallId"), text(in, "delta"));
            case "TOOL_CALL_END" -> new AgUiEvent.ToolCallEnd(text(in, "toolCallId"));
            case "REASONING_START" -> new AgUiEvent.ReasoningStart(text(in, "messageId"));
            case "REASONING_MESSAGE_START" -> new AgUiEvent.ReasoningMessageStart(text(in, "messageId"));
            case "REASONING_MESSAGE_CONTENT" -> new AgUiEvent.ReasoningMessageContent(text(in, "messageId"),
                    text(in, "delta"));
            case "REASONING_MESSAGE_END" -> new AgUiEvent.ReasoningMessageEnd(text(in, "messageId"));
            case "REASONING_END" -> new AgUiEvent.ReasoningEnd(text(in, "messageId"));
            case "STATE_SNAPSHOT" -> new AgUiEvent.StateSnapshot(json(in, "snapshot"), in.path("version").asLong());
            case "STATE_DELTA" -> new AgUiEvent.StateDelta(json(in, "delta"), in.path("version").asLong());
            default -> null;
        };
    }

    private static String text(JsonNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.asText();
    }

    private static String json(JsonNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.toString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }

    private static List<AgUiEvent.Interrupt> interrupts(JsonNode array) {
        List<AgUiEvent.Interrupt> out = new ArrayList<>();
        for (JsonNode item : array) {
            out.add(new AgUiEvent.Interrupt(text(item, "id"), item.path("reason").asText(""),
                    item.path("message").asText(""), item.path("toolCallId").asText(""),
                    item.path("expiresAt").asText("")));
        }
        return out;
    }

    private static List<AgUiEvent.TokenUsage> usage(JsonNode array) {
        List<AgUiEvent.TokenUsage> out = new ArrayList<>();
        for (JsonNode item : array) {
            out.add(new AgUiEvent.TokenUsage(item.path("provider").asText(""), item.path("model").asText(""),
                    item.path("inputTokens").asLong(-1), item.path("outputTokens").asLong(-1),
                    item.path("reasoningTokens").asLong(-1)));
        }
        return out;
    }
}
