package io.parley.domain.conversation;

import java.util.List;
import java.util.Optional;

/**
 * What a message carries besides its text when an agent is at work: the tool calls an assistant message asked
 * for, the call a {@code tool} message answers, and the reasoning the model showed before it answered (kept apart
 * from the answer, never sent back to a model as part of it).
 *
 * @param toolCallId the call a {@code tool} message answers, or {@code null}
 * @param reasoning  the reasoning shown before the answer, empty when none
 */
public record AgentParts(List<ToolCall> toolCalls, String toolCallId, String reasoning) {
    /** A plain message: no tool calls, no result, no reasoning. */
    public static final AgentParts NONE = new AgentParts(List.of(), null, "");

    public AgentParts {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (toolCallId != null && !ToolCall.isValidName(toolCallId)) {
            throw new IllegalArgumentException("a tool call id has 1-" + ToolCall.MAX_NAME_LENGTH
                    + " characters without control characters");
        }
        reasoning = reasoning == null ? "" : reasoning;
        if (reasoning.length() > NewMessage.MAX_CONTENT_LENGTH || reasoning.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("reasoning is text of at most " + NewMessage.MAX_CONTENT_LENGTH
                    + " characters without NUL characters");
        }
    }

    /** The parts of an assistant message that asked for {@code calls}, after {@code reasoning}. */
    public static AgentParts assistant(List<ToolCall> calls, String reasoning) {
        return new AgentParts(calls, null, reasoning);
    }

    /** The part of a {@code tool} message: the call it answers. */
    public static AgentParts result(String toolCallId) {
        return new AgentParts(List.of(), toolCallId, "");
    }

    /** The call this message answers, if it is a tool result. */
    public Optional<String> answers() {
        return Optional.ofNullable(toolCallId);
    }

    /** Whether there is nothing but text. */
    public boolean isNone() {
        return toolCalls.isEmpty() && toolCallId == null && reasoning.isEmpty();
    }
}
