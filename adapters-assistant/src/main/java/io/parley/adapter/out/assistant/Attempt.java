package io.parley.adapter.out.assistant;

import java.util.function.Supplier;

import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;

/**
 * One attempt of a run, on the run's thread: waits out the backoff, opens an exchange, {@link StreamRelay relays}
 * each chunk's text, reasoning and tool calls to the caller as they arrive, and decides how the attempt ended.
 * Before the first token (of any of them) the first-token deadline applies; after it, every chunk restarts the
 * stall timer. A reply completes with text, tool calls or both.
 */
final class Attempt {
    private static final String PROVIDER = "openai";

    private final Supplier<UpstreamExchange> exchanges;
    private final ResilienceSettings settings;
    private final RunControl control;
    private final RunProgress progress;
    private final StreamRelay chunks;

    Attempt(Supplier<UpstreamExchange> exchanges, ResilienceSettings settings, RunControl control,
            RunProgress progress, AssistantPort.Stream deltas) {
        this.exchanges = exchanges;
        this.settings = settings;
        this.control = control;
        this.progress = progress;
        this.chunks = new StreamRelay(progress, deltas);
    }

    /** Runs the attempt; a failure is thrown as an {@link AttemptFailure} for the retry and breaker around it. */
    AssistantReply run() {
        if (!control.awaitBackoff()) {
            return new AssistantReply.Cancelled(progress.text());
        }
        progress.attemptStarted();
        UpstreamExchange exchange = exchanges.get().start();
        control.current(exchange);
        boolean complete = false;
        try {
            AssistantReply reply = relay(exchange);
            complete = reply instanceof AssistantReply.Completed;
            return reply;
        } finally {
            control.current(null);
            if (!complete) {
                exchange.abort();
            }
        }
    }

    private AssistantReply relay(UpstreamExchange exchange) {
        long deadline = System.nanoTime() + settings.firstTokenTimeout().toNanos();
        boolean alive = false;
        while (true) {
            StreamEvent event;
            try {
                event = exchange.next(deadline - System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new AssistantReply.Cancelled(progress.text());
            }
            if (control.isCancelled()) {
                return new AssistantReply.Cancelled(progress.text());
            }
            switch (event) {
                case null -> throw timedOut(alive);
                case StreamEvent.Chunk chunk -> {
                    chunks.relay(chunk);
                    alive = alive || chunk.showsLife();
                    deadline = alive ? chunk.atNanos() + settings.stallTimeout().toNanos() : deadline;
                }
                case StreamEvent.Done done -> {
                    return completed();
                }
                case StreamEvent.Ended ended -> {
                    if (progress.finishReason() == null) {
                        throw broken(Failure.UNAVAILABLE, "the provider's stream ended before the reply was complete");
                    }
                    return completed();
                }
                case StreamEvent.HttpError error -> throw Classify.httpError(error, control);
                case StreamEvent.Unreachable unreachable -> throw Classify.unreachable(unreachable, control);
                case StreamEvent.ProviderError error -> throw broken(Failure.UPSTREAM_ERROR,
                        "the assistant provider reported an error: " + error.message());
                case StreamEvent.Unreadable unreadable -> throw broken(Failure.UPSTREAM_ERROR, unreadable.message());
                case StreamEvent.Broke broke -> throw broken(Failure.UNAVAILABLE,
                        "the provider's stream broke off: " + broke.message());
                case StreamEvent.Cancelled cancelled -> {
                    return new AssistantReply.Cancelled(progress.text());
                }
            }
        }
    }

    private AssistantReply completed() {
        if (progress.text().isEmpty() && progress.toolCallCount() == 0) {
            throw new AttemptFailure.Refused("the assistant provider returned no text and no tool call (finish "
                    + "reason: " + progress.finishReason() + ")", "");
        }
        return progress.completed(PROVIDER);
    }

    private AttemptFailure timedOut(boolean alive) {
        return alive
                ? broken(Failure.TIMEOUT, "the assistant provider stalled: nothing for "
                        + settings.stallTimeout().toMillis() + " ms")
                : broken(Failure.TIMEOUT, "no reply from the assistant provider within "
                        + settings.firstTokenTimeout().toMillis() + " ms");
    }

    private AttemptFailure broken(Failure failure, String message) {
        return new AttemptFailure.Broken(failure, message, progress.text());
    }
}
