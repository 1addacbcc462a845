package io.parley.adapter.out.assistant;

import java.time.Duration;

/** What the exchange's reader thread hands to the run's thread, in order: the provider's answer, piece by piece. */
sealed interface StreamEvent {

    /** No response at all: the connection could not be made, or broke before a status line arrived. */
    record Unreachable(String message) implements StreamEvent {
    }

    /** A non-2xx answer, with the provider's own message and its {@code Retry-After}, if any. */
    record HttpError(int status, String message, Duration retryAfter) implements StreamEvent {
    }

    /**
     * One streamed chunk.
     *
     * @param text the text to relay, empty for role-only, finish or usage chunks
     * @param thinking whether the chunk carries reasoning the user does not see (the model is working)
     * @param finishReason the choice's {@code finish_reason}, or null
     * @param model the model the provider named, or null
     * @param usage token counts, or null
     * @param atNanos when the reader received it
     */
    record Chunk(String text, boolean thinking, String finishReason, String model, Usage usage, long atNanos)
            implements StreamEvent {
    }

    /** An {@code {"error": …}} object inside a 2xx stream. */
    record ProviderError(String message) implements StreamEvent {
    }

    /** An event whose data is not a JSON chunk. */
    record Unreadable(String message) implements StreamEvent {
    }

    /** {@code data: [DONE]}: the provider says the reply is complete. */
    record Done() implements StreamEvent {
    }

    /** The body ended without {@code [DONE]}. */
    record Ended() implements StreamEvent {
    }

    /** Reading the body failed after the response had started. */
    record Broke(String message) implements StreamEvent {
    }

    /** The run was cancelled; posted by the canceller so that the run's thread wakes at once. */
    record Cancelled() implements StreamEvent {
    }

    /** Token counts from the provider's usage chunk. */
    record Usage(long promptTokens, long completionTokens) {
    }
}
