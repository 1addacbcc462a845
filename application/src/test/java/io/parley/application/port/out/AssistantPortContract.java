package io.parley.application.port.out;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.run.RunId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link AssistantPort} promises, run against each implementation: Parley's own and an embedding
 * application's. Extend it, give {@link #assistant()} an assistant that answers {@code "hello"}, and run it.
 */
public abstract class AssistantPortContract {
    private static final ConversationId CONVERSATION = new ConversationId("team-chat");

    /** The assistant under test, ready to complete a reply. */
    protected abstract AssistantPort assistant();

    @Test
    void theDeltasJoinToTheCompletedText() {
        Deltas deltas = new Deltas();

        AssistantReply reply = assistant().reply(prompt("hello"), deltas, new RunCancellation());

        AssistantReply.Completed completed = assertInstanceOf(AssistantReply.Completed.class, reply);
        assertEquals(String.join("", deltas.pieces), completed.text());
        assertTrue(!deltas.pieces.isEmpty(), "the reply was streamed");
        assertTrue(!completed.provider().isBlank() && !completed.model().isBlank(), "who answered is named");
    }

    @Test
    void deltasArriveOnTheCallingThread() {
        Deltas deltas = new Deltas();

        assistant().reply(prompt("hello"), deltas, new RunCancellation());

        assertTrue(deltas.threads.stream().allMatch(thread -> thread == Thread.currentThread()));
    }

    @Test
    void aRunCancelledBeforeItStartsSendsNothing() {
        Deltas deltas = new Deltas();
        RunCancellation cancellation = new RunCancellation();
        cancellation.cancel();

        AssistantReply reply = assistant().reply(prompt("hello"), deltas, cancellation);

        assertEquals(new AssistantReply.Cancelled(""), reply);
        assertEquals(List.of(), deltas.pieces);
    }

    @Test
    void aRunCancelledWhileItStreamsEndsWithWhatHadArrived() {
        RunCancellation cancellation = new RunCancellation();
        Deltas deltas = new Deltas(cancellation::cancel);

        AssistantReply reply = assistant().reply(prompt("hello"), deltas, cancellation);

        if (reply instanceof AssistantReply.Cancelled cancelled) {
            assertEquals(String.join("", deltas.pieces), cancelled.partialText());
        } else {
            // a reply that was complete before the cancellation was seen may still complete, but whole
            AssistantReply.Completed completed = assertInstanceOf(AssistantReply.Completed.class, reply);
            assertEquals(String.join("", deltas.pieces), completed.text());
        }
    }

    @Test
    void aPromptWithoutContextIsStillAnswered() {
        AssistantReply reply = assistant().reply(prompt(), text -> { }, new RunCancellation());

        assertInstanceOf(AssistantReply.Completed.class, reply);
    }

    @Test
    void aConsumerThatThrowsIsABugThatReachesTheCallerAndIsNotRetried() {
        List<String> seen = new CopyOnWriteArrayList<>();
        IllegalStateException bug = new IllegalStateException("the consumer broke");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> assistant().reply(
                prompt("hello"), text -> {
                    seen.add(text);
                    throw bug;
                }, new RunCancellation()));

        assertTrue(thrown == bug || thrown.getCause() == bug, "the consumer's own exception: " + thrown);
        assertEquals(1, seen.size(), "no piece after the failure, and no retry");
    }

    /**
     * A prompt of run {@code run-<n>} in {@code team-chat} whose context alternates user and assistant messages,
     * the last being the user's.
     */
    public static AssistantPrompt prompt(String... contents) {
        List<Message> context = new ArrayList<>();
        for (int i = 0; i < contents.length; i++) {
            boolean user = (contents.length - 1 - i) % 2 == 0;
            context.add(new Message(CONVERSATION, i + 1, new MessageId("m" + (i + 1)),
                    user ? MessageRole.USER : MessageRole.ASSISTANT, new UserId(user ? "alice" : "assistant"),
                    contents[i], Instant.parse("2024-05-01T10:00:00Z").plusSeconds(i), null));
        }
        return new AssistantPrompt(CONVERSATION, new RunId("run-" + contents.length), context);
    }

    /** Records the pieces of a reply and the threads they arrived on. */
    protected static final class Deltas implements AssistantPort.Stream {
        private final List<String> pieces = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        private final Runnable onFirst;

        Deltas() {
            this(() -> { });
        }

        Deltas(Runnable onFirst) {
            this.onFirst = onFirst;
        }

        @Override
        public void accept(String piece) {
            pieces.add(piece);
            threads.add(Thread.currentThread());
            if (pieces.size() == 1) {
                onFirst.run();
            }
        }
    }
}
