package io.parley.adapter.out.assistant;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;

/** The offline assistant: echoes the last user message, streamed word by word, so the gateway runs without a model. */
final class EchoAssistant implements AssistantAdapter {
    static final String PROVIDER = "echo";
    static final String MODEL = "echo-1";
    private static final System.Logger LOG = System.getLogger(EchoAssistant.class.getName());

    private final Duration chunkDelay;

    EchoAssistant(EchoSettings settings) {
        this.chunkDelay = settings.chunkDelay();
    }

    @Override
    public AssistantReply reply(AssistantPrompt prompt, AssistantPort.Stream deltas, RunCancellation cancellation) {
        RunProgress progress = new RunProgress(System.nanoTime(), MODEL, prompt.runId().value());
        AssistantReply reply = stream(EchoReply.chunks(prompt.context()), deltas, cancellation, progress);
        RunLog.ended(LOG, prompt, PROVIDER, reply, progress);
        return reply;
    }

    private AssistantReply stream(List<String> chunks, AssistantPort.Stream deltas, RunCancellation cancellation,
                                  RunProgress progress) {
        CountDownLatch cancelled = new CountDownLatch(1);
        cancellation.onCancel(cancelled::countDown);
        if (!cancellation.isCancelled()) {
            progress.attemptStarted();
        }
        for (int i = 0; i < chunks.size(); i++) {
            if (i > 0 && pauseCancelled(cancelled) || cancellation.isCancelled()) {
                return new AssistantReply.Cancelled(progress.text());
            }
            progress.append(chunks.get(i));
            deltas.accept(chunks.get(i));
        }
        progress.finished("stop");
        return progress.completed(PROVIDER);
    }

    private boolean pauseCancelled(CountDownLatch cancelled) {
        try {
            return !chunkDelay.isZero() && cancelled.await(chunkDelay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public CircuitState circuitState() {
        return CircuitState.CLOSED;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
