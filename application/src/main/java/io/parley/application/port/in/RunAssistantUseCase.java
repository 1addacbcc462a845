package io.parley.application.port.in;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.run.RunId;

/** Runs the assistant for an AG-UI client ({@code POST /agui}). */
public interface RunAssistantUseCase {

    /**
     * Stores the caller's new messages in the conversation (known ids are skipped) and has the assistant answer;
     * {@code observer} sees every AG-UI event of the run that answers, which every member sees too. The input is
     * checked whole before anything is stored. Refused: {@code unauthorized}, {@code forbidden},
     * {@code too_large} (a message over the content bound, or more new messages than one request may add),
     * {@code limit_exceeded} (a new conversation over the user's creation rate), {@code unavailable}.
     */
    Outcome<Started> run(RunAssistant command, Observer observer);

    /** Cancels the run {@code run} (the caller went away). */
    void cancel(RunId run);

    /**
     * Receives the AG-UI events of one assistant run, in order, on the run's thread. It must not block: whoever is
     * slow hands the events to its own thread.
     */
    @FunctionalInterface
    interface Observer {
        void onEvent(RunId run, long seq, AgUiEvent event);
    }

    /**
     * An AG-UI run request.
     *
     * @param run the run id the client chose, used when valid and not in use
     */
    record RunAssistant(Credentials credentials, ConversationId conversation, Optional<String> run,
                        List<InputMessage> messages) {
        public RunAssistant {
            messages = List.copyOf(messages);
        }
    }

    /** A user message of the client's input (the input's assistant and system messages are not stored). */
    record InputMessage(MessageId id, String content) {
    }

    /** A run answers; {@code done} completes when it has ended. */
    record Started(CompletableFuture<Void> done) {
    }
}
