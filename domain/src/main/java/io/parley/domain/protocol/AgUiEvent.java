package io.parley.domain.protocol;

import java.util.List;

/**
 * The AG-UI events an assistant run speaks (AG-UI 1.0, {@code @ag-ui/core} 1.0.0; field names as AG-UI defines
 * them).
 */
public sealed interface AgUiEvent {

    /** The AG-UI protocol version the events follow, as {@code RUN_STARTED} announces it. */
    String PROTOCOL_VERSION = "1.0";

    /** The AG-UI event type, such as {@code RUN_STARTED}. */
    default String type() {
        return switch (this) {
            case RunStarted e -> "RUN_STARTED";
            case RunFinished e -> "RUN_FINISHED";
            case RunError e -> "RUN_ERROR";
            case StepStarted e -> "STEP_STARTED";
            case StepFinished e -> "STEP_FINISHED";
            case TextMessageStart e -> "TEXT_MESSAGE_START";
            case TextMessageContent e -> "TEXT_MESSAGE_CONTENT";
            case TextMessageEnd e -> "TEXT_MESSAGE_END";
            case ToolCallStart e -> "TOOL_CALL_START";
            case ToolCallArgs e -> "TOOL_CALL_ARGS";
            case ToolCallEnd e -> "TOOL_CALL_END";
            case ReasoningStart e -> "REASONING_START";
            case ReasoningMessageStart e -> "REASONING_MESSAGE_START";
            case ReasoningMessageContent e -> "REASONING_MESSAGE_CONTENT";
            case ReasoningMessageEnd e -> "REASONING_MESSAGE_END";
            case ReasoningEnd e -> "REASONING_END";
            case StateSnapshot e -> "STATE_SNAPSHOT";
            case StateDelta e -> "STATE_DELTA";
        };
    }

    /** A run began; {@code threadId} is the conversation. */
    record RunStarted(String threadId, String runId) implements AgUiEvent {
    }

    /**
     * A run completed ({@code outcome: {type: "success", pendingToolCallIds}}); {@code provider} and {@code model}
     * say who answered.
     *
     * @param pendingToolCallIds the tool calls of the reply that the front end is to answer, in order
     * @param usage              the token counts the provider reported (empty when it reported none)
     */
    record RunFinished(String threadId, String runId, String provider, String model, List<String> pendingToolCallIds,
                       List<TokenUsage> usage, List<Interrupt> interrupts) implements AgUiEvent {
        public RunFinished {
            pendingToolCallIds = List.copyOf(pendingToolCallIds);
            usage = List.copyOf(usage);
            interrupts = List.copyOf(interrupts);
        }

        /** A run that completed, paused for nothing. */
        public RunFinished(String threadId, String runId, String provider, String model,
                           List<String> pendingToolCallIds, List<TokenUsage> usage) {
            this(threadId, runId, provider, model, pendingToolCallIds, usage, List.of());
        }

        /** A run that left nothing to answer and reported no usage. */
        public RunFinished(String threadId, String runId, String provider, String model) {
            this(threadId, runId, provider, model, List.of(), List.of());
        }

        /** Whether the run paused for a person ({@code outcome: {type: "interrupt"}}) rather than completed. */
        public boolean interrupted() {
            return !interrupts.isEmpty();
        }
    }

    /**
     * Something the run needs from a person before it goes on: here, the approval of a tool call.
     *
     * @param expiresAt when it can no longer be resolved (ISO-8601), as AG-UI's {@code expiresAt}
     */
    record Interrupt(String id, String reason, String message, String toolCallId, String expiresAt) {
    }

    /** Token counts for one provider and model, as AG-UI's {@code TokenUsage} has them (-1: not reported). */
    record TokenUsage(String provider, String model, long inputTokens, long outputTokens, long reasoningTokens) {
        /** Input and output together, or -1 when either is unknown. */
        public long totalTokens() {
            return inputTokens < 0 || outputTokens < 0 ? -1 : inputTokens + outputTokens;
        }
    }

    /** A run failed or was cancelled; {@code code} is machine-readable ({@code cancelled}, {@code timeout}, …). */
    record RunError(String message, String code) implements AgUiEvent {
    }

    /** A stage of the run began ({@code loading_history}, {@code generating}, {@code storing}). */
    record StepStarted(String stepName) implements AgUiEvent {
    }

    /** A stage of the run ended. */
    record StepFinished(String stepName) implements AgUiEvent {
    }

    /** The assistant's message begins; its id is the id the stored message will have. */
    record TextMessageStart(String messageId) implements AgUiEvent {
    }

    /** A piece of the assistant's message. */
    record TextMessageContent(String messageId, String delta) implements AgUiEvent {
        public TextMessageContent {
            if (delta == null || delta.isEmpty()) {
                throw new IllegalArgumentException("a delta must not be empty");
            }
        }
    }

    /** The assistant's message is complete. */
    record TextMessageEnd(String messageId) implements AgUiEvent {
    }

    /** The assistant calls a tool; {@code parentMessageId} is the assistant message that asks for it. */
    record ToolCallStart(String toolCallId, String toolCallName, String parentMessageId) implements AgUiEvent {
    }

    /** A fragment of a tool call's arguments, exactly as the model sent it. */
    record ToolCallArgs(String toolCallId, String delta) implements AgUiEvent {
    }

    /** A tool call's arguments are complete. */
    record ToolCallEnd(String toolCallId) implements AgUiEvent {
    }

    /** A span of the model's reasoning begins. */
    record ReasoningStart(String messageId) implements AgUiEvent {
    }

    /** A reasoning message begins (its role is {@code reasoning}). */
    record ReasoningMessageStart(String messageId) implements AgUiEvent {
    }

    /** A piece of the model's reasoning. */
    record ReasoningMessageContent(String messageId, String delta) implements AgUiEvent {
        public ReasoningMessageContent {
            if (delta == null || delta.isEmpty()) {
                throw new IllegalArgumentException("a delta must not be empty");
            }
        }
    }

    /** A reasoning message is complete. */
    record ReasoningMessageEnd(String messageId) implements AgUiEvent {
    }

    /** The span of reasoning ends. */
    record ReasoningEnd(String messageId) implements AgUiEvent {
    }

    /** The conversation's whole shared state ({@code snapshot}, JSON text) at {@code version}. */
    record StateSnapshot(String snapshot, long version) implements AgUiEvent {
    }

    /** A change of the shared state: an RFC 6902 JSON Patch ({@code delta}, JSON text) that made {@code version}. */
    record StateDelta(String delta, long version) implements AgUiEvent {
    }
}
