package io.parley.application.port.out;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.AgUiEvent.TokenUsage;

/** How an assistant reply ended. */
public sealed interface AssistantReply {

    /**
     * The reply is complete.
     *
     * @param text      the answer's text (may be empty when the reply only calls tools)
     * @param provider  who answered, such as {@code echo} or {@code openai}
     * @param model     the model that answered, as the provider named it
     * @param toolCalls the tool calls the reply makes, in the order they began, with their whole arguments
     * @param reasoning the reasoning the model showed, empty when none
     * @param usage     the token counts the provider reported, empty when none
     */
    record Completed(String text, String provider, String model, List<ToolCall> toolCalls, String reasoning,
                     List<TokenUsage> usage) implements AssistantReply {
        public Completed {
            toolCalls = List.copyOf(toolCalls);
            reasoning = reasoning == null ? "" : reasoning;
            usage = List.copyOf(usage);
        }

        /** A reply of text only. */
        public Completed(String text, String provider, String model) {
            this(text, provider, model, List.of(), "", List.of());
        }
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
