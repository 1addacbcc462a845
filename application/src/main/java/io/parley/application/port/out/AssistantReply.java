package io.parley.application.port.out;

import java.time.Duration;
import java.util.Locale;

/** How an assistant reply ended. */
public sealed interface AssistantReply {

    /**
     * The reply is complete.
     *
     * @param provider who answered, such as {@code echo} or {@code openai}
     * @param model the model that answered, as the provider named it
     */
    record Completed(String text, String provider, String model) implements AssistantReply {
    }

    /**
     * The reply could not be produced, or broke off; {@code partialText} is what had arrived (may be empty).
     *
     * @param retryAfter when trying again makes sense, or {@link Duration#ZERO}
     */
    record Failed(Failure failure, String message, String partialText, Duration retryAfter)
            implements AssistantReply {
    }

    /** The run was cancelled; {@code partialText} is what had arrived. */
    record Cancelled(String partialText) implements AssistantReply {
    }

    /** Why a reply failed. */
    enum Failure {
        /** Circuit open, too many runs (bulkhead full), or the provider kept failing after retries. */
        UNAVAILABLE,
        /** No first token within the first-token timeout, or the stream stalled. */
        TIMEOUT,
        /** The provider refused the request (4xx other than 429) or answered something unreadable. */
        UPSTREAM_ERROR;

        /** The code a {@code RUN_ERROR} carries, such as {@code timeout}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
