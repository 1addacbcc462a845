package io.parley.application.port.in;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.protocol.AgUiEvent;

/** Runs the assistant for an AG-UI client ({@code POST /agui}). */
public interface RunAgentUseCase {

    /**
     * Stores the caller's new messages in the conversation (known ids are skipped) and has the assistant answer;
     * {@code observer} sees every AG-UI event of the run that answers, which every member sees too. A store that
     * cannot answer throws {@code StoreUnavailableException}.
     */
    RunAgentOutcome run(RunAgent command, Observer observer);

    /**
     * Receives the AG-UI events of one assistant run, in order, on the run's thread. It must not block: whoever is
     * slow hands the events to its own thread.
     */
    @FunctionalInterface
    interface Observer {
        void onEvent(String runId, long seq, AgUiEvent event);
    }

    /** Cancels the run {@code runId} (the caller went away). */
    void cancel(String runId);

    /**
     * An AG-UI run request.
     *
     * @param runId the run id the client chose, used when valid
     */
    record RunAgent(Credentials credentials, ConversationId conversation, Optional<String> runId,
                    List<InputMessage> messages) {
        public RunAgent {
            messages = List.copyOf(messages);
        }
    }

    /** A user message of the client's input (the input's assistant and system messages are not stored). */
    record InputMessage(MessageId id, String content) {
    }

    /** The outcome of {@link #run}. */
    sealed interface RunAgentOutcome {
        /** A run answers; {@code done} completes when it has ended. */
        record Started(CompletableFuture<Void> done) implements RunAgentOutcome {
        }

        /** The caller may not post in this conversation. */
        record Forbidden(String reason) implements RunAgentOutcome {
        }

        /** The caller could not be identified. */
        record Unauthenticated(String reason) implements RunAgentOutcome {
        }

        /** The input crossed a bound (a message's size, how many new messages); nothing was stored. */
        record TooLarge(String reason) implements RunAgentOutcome {
        }

        /** The conversation would be new, and the caller created as many as it may for now. */
        record CreationLimited(String reason, Duration retryAfter) implements RunAgentOutcome {
        }
    }
}
