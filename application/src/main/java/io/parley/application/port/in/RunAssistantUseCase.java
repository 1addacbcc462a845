package io.parley.application.port.in;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.Tool;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.run.ResumeEntry;
import io.parley.domain.run.RunId;

/** Runs the assistant for an AG-UI client ({@code POST /agui}). */
public interface RunAssistantUseCase {

    /**
     * Stores the caller's new messages in the conversation (known ids are skipped) and has the assistant answer;
     * {@code observer} sees every AG-UI event of the run that answers, which every member sees too. The input is
     * checked whole before anything is stored. Refused: {@code unauthorized}, {@code forbidden},
     * {@code too_large} (a message over the content bound, or more new messages than one request may add),
     * {@code limit_exceeded} (a new conversation over the user's creation rate), {@code not_found} (a tool result
     * that answers no tool call awaiting one), {@code conflict} (a tool call answered already), {@code unavailable}.
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
     * @param run   the run id the client chose, used when valid and not in use
     * @param tools  the front-end tools the model may call in this run
     * @param resume the answers to the interrupts the last run ended with
     */
    record RunAssistant(Credentials credentials, ConversationId conversation, Optional<String> run,
                        List<InputMessage> messages, List<Tool> tools, List<ResumeEntry> resume) {
        public RunAssistant {
            messages = List.copyOf(messages);
            tools = List.copyOf(tools);
            resume = List.copyOf(resume);
        }

        /** A run request that offers no tools and answers no interrupt. */
        public RunAssistant(Credentials credentials, ConversationId conversation, Optional<String> run,
                            List<InputMessage> messages) {
            this(credentials, conversation, run, messages, List.of(), List.of());
        }
    }

    /**
     * A user message or a tool result of the client's input (the input's assistant and system messages are not
     * stored).
     *
     * @param toolCallId the tool call a tool result answers; empty for a user message
     */
    record InputMessage(MessageId id, String content, Optional<String> toolCallId) {
        public InputMessage {
            toolCallId = toolCallId == null ? Optional.empty() : toolCallId;
        }

        /** A user message. */
        public InputMessage(MessageId id, String content) {
            this(id, content, Optional.empty());
        }
    }

    /** A run answers; {@code done} completes when it has ended. */
    record Started(CompletableFuture<Void> done) {
    }
}
