package io.parley.adapter.out.assistant;

import java.util.function.Supplier;

import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;

/**
 * One attempt of a run, on the run's thread: waits out the backoff, opens an exchange, hands each event of the
 * answer to the upstream's {@link StreamProtocol} (which relays it to the caller as it arrives) and decides how the
 * attempt ended. Before the first token (of anything the protocol relays) the first-token deadline applies; after
 * it, every event restarts the stall timer.
 */
final class Attempt {
    private final Supplier<UpstreamExchange> exchanges;
    private final ResilienceSettings settings;
    private final RunControl control;
    private final RunProgress progress;
    private final StreamProtocol protocol;

    Attempt(Supplier<UpstreamExchange> exchanges, ResilienceSettings settings, RunControl control,
            RunProgress progress, StreamProtocol protocol) {
        this.exchanges = exchanges;
        this.settings = settings;
        this.control = control;
        this.progress = progress;
        this.protocol = protocol;
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
                case null -> throw timedOut(protocol.started());
                case StreamEvent.HttpError error -> throw Classify.httpError(error, control);
                case StreamEvent.Unreachable unreachable -> throw Classify.unreachable(unreachable, control);
                case StreamEvent.Broke broke -> throw broken(Failure.UNAVAILABLE,
                        "the provider's stream broke off: " + broke.message());
                case StreamEvent.Cancelled cancelled -> {
                    return new AssistantReply.Cancelled(progress.text());
                }
                default -> {
                    AssistantReply ended = protocol.take(event);
                    if (ended != null) {
                        return ended;
                    }
                    if (protocol.started() && event instanceof StreamEvent.Received received) {
                        deadline = received.atNanos() + settings.stallTimeout().toNanos();
                    }
                }
            }
        }
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
