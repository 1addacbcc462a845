package io.parley.application.run;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;

import io.parley.application.port.in.RunAssistantUseCase;
import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantStream;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;
import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;

/**
 * One run's AG-UI sequence: {@code RUN_STARTED}, the history it reads, the reply streamed as it arrives, the
 * reply stored, {@code RUN_FINISHED}; or {@code RUN_ERROR} where it failed, with nothing half-stored. Every event
 * goes to every member through the fan-out, and to the run's observers.
 */
final class RunExecution {
    private static final System.Logger LOG = System.getLogger(RunExecution.class.getName());

    private final AssistantPort assistant;
    private final ConversationStorePort store;
    private final FanoutPort fanout;
    private final Clock clock;
    private final RunSettings settings;

    RunExecution(AssistantPort assistant, ConversationStorePort store, FanoutPort fanout, Clock clock,
                 RunSettings settings) {
        this.assistant = assistant;
        this.store = store;
        this.fanout = fanout;
        this.clock = clock;
        this.settings = settings;
    }

    /** Runs {@code run} to its end; returns its outcome for logs and counters ({@code completed}, a code). */
    String execute(Run run) {
        emit(run, new AgUiEvent.RunStarted(run.conversation().value(), run.id().value()));
        emit(run, new AgUiEvent.StepStarted("loading_history"));
        List<Message> context;
        try {
            context = store.messages(run.conversation(), MessageRange.newest(settings.contextMessages()));
        } catch (StoreUnavailableException e) {
            return fail(run, "the conversation store is unavailable", "unavailable");
        }
        emit(run, new AgUiEvent.StepFinished("loading_history"));
        emit(run, new AgUiEvent.StepStarted("generating"));
        Streamed streamed = new Streamed(run, settings.reply());
        AssistantReply reply = assistant.reply(new AssistantPrompt(run.conversation(), run.id(), context), streamed,
                run.cancellation());
        if (streamed.tooLarge
                || reply instanceof AssistantReply.Completed done && !settings.reply().admits(done.text())) {
            return fail(run, "the reply grew past " + settings.reply().maxBytes() + " bytes", "too_large");
        }
        return switch (reply) {
            case AssistantReply.Completed completed -> complete(run, completed, streamed.begun);
            case AssistantReply.Failed failed -> failUpstream(run, failed);
            case AssistantReply.Cancelled cancelled -> fail(run, "the run was cancelled", "cancelled");
        };
    }

    /** Ends the run with {@code RUN_ERROR} after a bug, if it was not ended yet. */
    void crashed(Run run) {
        emit(run, new AgUiEvent.RunError("the run failed on the server", "internal"));
    }

    private String complete(Run run, AssistantReply.Completed reply, boolean begun) {
        String messageId = run.messageId().value();
        if (!begun) {
            emit(run, new AgUiEvent.TextMessageStart(messageId));
            emit(run, new AgUiEvent.TextMessageContent(messageId, reply.text()));
        }
        emit(run, new AgUiEvent.TextMessageEnd(messageId));
        emit(run, new AgUiEvent.StepFinished("generating"));
        emit(run, new AgUiEvent.StepStarted("storing"));
        try {
            Appended appended = store.append(new NewMessage(run.conversation(), run.messageId(),
                    MessageRole.ASSISTANT, settings.assistant(), reply.text(), NewMessage.timestamp(clock), run.id()));
            if (!(appended instanceof Appended.Stored stored)) {
                return fail(run, "the conversation no longer exists", "not_found");
            }
            fanout.publish(run.conversation(), new ServerEvent.MessagePosted(stored.message()));
        } catch (StoreUnavailableException e) {
            return fail(run, "the reply could not be stored", "unavailable");
        }
        emit(run, new AgUiEvent.StepFinished("storing"));
        emit(run, new AgUiEvent.RunFinished(run.conversation().value(), run.id().value(), reply.provider(),
                reply.model()));
        return "completed";
    }

    /**
     * Ends the run for the assistant's failure: members are told what kind of failure it was, never the provider's
     * own words (they may name hosts or carry its error text); those go to the log.
     */
    private String failUpstream(Run run, AssistantReply.Failed failed) {
        LOG.log(Level.WARNING, () -> LogLine.event("run_failed").with("run", run.id())
                .with("conversation", run.conversation()).with("code", failed.failure().code())
                .with("detail", failed.message()).toString());
        String told = switch (failed.failure()) {
            case UNAVAILABLE -> "the assistant is unavailable, try again later";
            case TIMEOUT -> "the assistant took too long to answer";
            case UPSTREAM_ERROR -> "the assistant could not answer this request";
        };
        return fail(run, told, failed.failure().code());
    }

    private String fail(Run run, String message, String code) {
        emit(run, new AgUiEvent.RunError(message, code));
        return code;
    }

    private void emit(Run run, AgUiEvent event) {
        long seq = run.record(event);
        fanout.publish(run.conversation(), new ServerEvent.RunEvent(run.conversation(), run.id(), seq, event));
        for (RunAssistantUseCase.Observer observer : run.observers()) {
            try {
                observer.onEvent(run.id(), seq, event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "run observer failed", e);
            }
        }
    }

    /** The reply's pieces as they stream: each one goes out, until the reply grows past its bound. */
    private final class Streamed implements AssistantStream {
        private final Run run;
        private final ContentLimit bound;
        private long bytes;
        private boolean begun;
        private boolean tooLarge;

        Streamed(Run run, ContentLimit bound) {
            this.run = run;
            this.bound = bound;
        }

        @Override
        public void accept(String delta) {
            if (delta.isEmpty() || tooLarge) {
                return;
            }
            bytes += ContentLimit.utf8Length(delta);
            if (bytes > bound.maxBytes()) {
                tooLarge = true;
                run.cancellation().cancel();
                return;
            }
            if (!begun) {
                begun = true;
                emit(run, new AgUiEvent.TextMessageStart(run.messageId().value()));
            }
            emit(run, new AgUiEvent.TextMessageContent(run.messageId().value(), delta));
        }
    }
}
