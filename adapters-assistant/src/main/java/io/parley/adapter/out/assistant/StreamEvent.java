package io.parley.adapter.out.assistant;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** What the exchange's reader thread hands to the run's thread, in order: the provider's answer, piece by piece. */
sealed interface StreamEvent {

    /** An event the upstream produced, stamped with when the reader received it (the stall timer counts from it). */
    sealed interface Received extends StreamEvent {
        long atNanos();
    }

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
     * @param reasoning the piece of the model's reasoning it carries, empty for none
     * @param toolCalls the tool-call fragments it carries, in the order sent
     * @param finishReason the choice's {@code finish_reason}, or null
     * @param model the model the provider named, or null
     * @param usage token counts, or null
     * @param atNanos when the reader received it
     */
    record Chunk(String text, String reasoning, List<ToolCallDelta> toolCalls, String finishReason, String model,
                 Usage usage, long atNanos) implements Received {
        public Chunk {
            toolCalls = List.copyOf(toolCalls);
        }

        /** Whether the model produced something: text, reasoning or a piece of a tool call. */
        boolean showsLife() {
            return !text.isEmpty() || !reasoning.isEmpty() || !toolCalls.isEmpty();
        }
    }

    /**
     * One item of a chunk's {@code delta.tool_calls}: the first of a call names it, later ones of the same index
     * carry fragments of its arguments.
     *
     * @param index the call's index in the reply (its position in the list when the server sent none)
     * @param id the id the model gave the call, or null (continuations, or servers that give none)
     * @param name the tool's name, or null
     * @param arguments the fragment of the arguments, exactly as sent; empty for none
     */
    record ToolCallDelta(int index, String id, String name, String arguments) {
    }

    /** One AG-UI event of an agent's stream: an SSE event's data, a JSON object (not checked yet). */
    record Agui(JsonNode event, long atNanos) implements Received {
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

    /** The body ended (without {@code [DONE]}, for a Chat Completions stream). */
    record Ended() implements StreamEvent {
    }

    /** Reading the body failed after the response had started. */
    record Broke(String message) implements StreamEvent {
    }

    /** The run was cancelled; posted by the canceller so that the run's thread wakes at once. */
    record Cancelled() implements StreamEvent {
    }

    /** Token counts from the provider's usage chunk; -1 for a count it did not report. */
    record Usage(long promptTokens, long completionTokens, long reasoningTokens) {
    }
}
