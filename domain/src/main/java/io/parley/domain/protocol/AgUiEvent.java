package io.parley.domain.protocol;

/**
 * The AG-UI events an assistant run speaks (ag-ui-protocol core events; field names as AG-UI defines them).
 */
public sealed interface AgUiEvent {

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
        };
    }

    /** A run began; {@code threadId} is the conversation. */
    record RunStarted(String threadId, String runId) implements AgUiEvent {
    }

    /** A run completed; {@code provider} and {@code model} say who answered. */
    record RunFinished(String threadId, String runId, String provider, String model) implements AgUiEvent {
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
}
