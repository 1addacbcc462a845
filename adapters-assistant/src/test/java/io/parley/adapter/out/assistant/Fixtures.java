package io.parley.adapter.out.assistant;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantPortContract;
import io.parley.application.port.out.AssistantPrompt;

/** Prompts, settings and delta recorders for the assistant tests, in the conversation's words. */
final class Fixtures {
    private Fixtures() {
    }

    /** A prompt whose context is alternating user/assistant messages, the last being the user's {@code asked}. */
    static AssistantPrompt prompt(String... contents) {
        return AssistantPortContract.prompt(contents);
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** Short, test-friendly fault tolerance: quick retries, a quick breaker, generous timeouts. */
    static Resilience resilience() {
        return new Resilience();
    }

    /** The OpenAI settings for a fake provider. */
    static OpenAiSettings openAi(URI baseUrl, Resilience resilience) {
        return new OpenAiSettings(baseUrl, "test-key", "fake-model", "You are terse.", 64, OptionalDouble.of(0.2),
                Duration.ofSeconds(2), resilience.build());
    }

    /** The AG-UI settings for a fake agent: a key, no model name. */
    static AguiSettings agui(URI endpoint, Resilience resilience) {
        return new AguiSettings(endpoint, "test-key", "", Duration.ofSeconds(2), resilience.build());
    }

    /** A mutable builder of {@link ResilienceSettings} for tests. */
    static final class Resilience {
        int retries = 2;
        Duration retryDelay = ms(10);
        Duration retryBudget = Duration.ofSeconds(5);
        int breakerFailures = 5;
        Duration breakerOpenFor = Duration.ofSeconds(1);
        Duration firstTokenTimeout = Duration.ofSeconds(3);
        Duration stallTimeout = Duration.ofSeconds(3);
        int concurrent = 4;
        int queued = 4;

        Resilience retries(int value) {
            retries = value;
            return this;
        }

        Resilience retryBudget(Duration value) {
            retryBudget = value;
            return this;
        }

        Resilience timeouts(Duration firstToken, Duration stall) {
            firstTokenTimeout = firstToken;
            stallTimeout = stall;
            return this;
        }

        Resilience bulkhead(int concurrentRuns, int queuedRuns) {
            concurrent = concurrentRuns;
            queued = queuedRuns;
            return this;
        }

        ResilienceSettings build() {
            return new ResilienceSettings(retries, retryDelay, retryBudget, breakerFailures, breakerOpenFor,
                    firstTokenTimeout, stallTimeout, concurrent, queued);
        }
    }

    /**
     * Records the text deltas and the threads they arrived on, and every call of the stream in order in
     * {@code calls}: {@code text:<delta>}, {@code reasoning:<delta>}, {@code started:<id>:<name>},
     * {@code arguments:<id>:<fragment>}, {@code snapshot:<json>}, {@code delta:<json>}, {@code broken:<reason>}.
     */
    static final class Deltas implements AssistantPort.Stream {
        final List<String> pieces = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void accept(String piece) {
            pieces.add(piece);
            threads.add(Thread.currentThread());
            calls.add("text:" + piece);
        }

        @Override
        public void reasoning(String delta) {
            calls.add("reasoning:" + delta);
        }

        @Override
        public void toolCallStarted(String id, String name) {
            calls.add("started:" + id + ":" + name);
        }

        @Override
        public void toolCallArguments(String id, String delta) {
            calls.add("arguments:" + id + ":" + delta);
        }

        @Override
        public void stateSnapshot(String snapshot) {
            calls.add("snapshot:" + snapshot);
        }

        @Override
        public void stateDelta(String patch) {
            calls.add("delta:" + patch);
        }

        @Override
        public void broken(String reason) {
            calls.add("broken:" + reason);
        }
    }
}
