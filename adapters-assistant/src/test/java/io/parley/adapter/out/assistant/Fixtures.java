package io.parley.adapter.out.assistant;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.parley.application.port.out.AssistantPrompt;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.run.RunId;

/** Prompts, settings and delta recorders for the assistant tests, in the conversation's words. */
final class Fixtures {
    static final ConversationId CONVERSATION = new ConversationId("team-chat");

    private Fixtures() {
    }

    /** A prompt whose context is alternating user/assistant messages, the last being the user's {@code asked}. */
    static AssistantPrompt prompt(String... contents) {
        List<Message> context = new ArrayList<>();
        for (int i = 0; i < contents.length; i++) {
            boolean user = (contents.length - 1 - i) % 2 == 0;
            context.add(new Message(CONVERSATION, i + 1, new MessageId("m" + (i + 1)),
                    user ? MessageRole.USER : MessageRole.ASSISTANT, new UserId(user ? "alice" : "assistant"),
                    contents[i], Instant.parse("2024-05-01T10:00:00Z").plusSeconds(i), null));
        }
        return new AssistantPrompt(CONVERSATION, new RunId("run-" + contents.length), context);
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

    /** Records deltas and the threads they arrived on. */
    static final class Deltas implements Consumer<String> {
        final List<String> pieces = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public void accept(String piece) {
            pieces.add(piece);
            threads.add(Thread.currentThread());
        }
    }
}
