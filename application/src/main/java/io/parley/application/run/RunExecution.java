package io.parley.application.run;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.parley.application.port.in.RunAssistantUseCase;
import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.ConversationState;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Tool;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;

/**
 * One run's AG-UI sequence: {@code RUN_STARTED}, the history it reads, the reply streamed as it arrives (text,
 * reasoning, tool calls: {@link ReplyStream}), the reply stored, {@code RUN_FINISHED} with the tool calls left to
 * the front end; or {@code RUN_ERROR} where it failed, with nothing half-stored. Every event
 * goes to every member through the fan-out, and to the run's observers.
 */
final class RunExecution {
    private static final System.Logger LOG = System.getLogger(RunExecution.class.getName());

    private final AssistantPort assistant;
    private final ConversationStorePort store;
    private final FanoutPort fanout;
    private final Clock clock;
    private final RunSettings settings;
    private final RunState state;
    private final ConversationToolsPort tools;

    RunExecution(AssistantPort assistant, ConversationStorePort store, FanoutPort fanout, Clock clock,
                 RunSettings settings, RunState state, ConversationToolsPort tools) {
        this.state = state;
        this.tools = tools;
        this.assistant = assistant;
        this.store = store;
        this.fanout = fanout;
        this.clock = clock;
        this.settings = settings;
    }

    /** Runs {@code run} to its end; returns its outcome for logs and counters ({@code completed}, a code). */
    String execute(Run run) {
        emit(run, new AgUiEvent.RunStarted(run.conversation().value(), run.id().value()));
        if (run.interruptExpired()) {
            return fail(run, "the interrupt expired before it was resolved", "cancelled");
        }
        emit(run, new AgUiEvent.StepStarted("loading_history"));
        List<Message> context;
        Optional<ConversationState> shared;
        List<Tool> offered;
        try {
            context = store.messages(run.conversation(), MessageRange.newest(settings.contextMessages())).stream()
                    .filter(Message::isShown).toList();
            shared = state.current(run.conversation());
            offered = Tool.merged(tools.tools(run.conversation()), run.tools());
        } catch (StoreUnavailableException e) {
            return fail(run, "the conversation store is unavailable", "unavailable");
        }
        shared.ifPresent(s -> emit(run, new AgUiEvent.StateSnapshot(s.json(), s.version())));
        emit(run, new AgUiEvent.StepFinished("loading_history"));
        emit(run, new AgUiEvent.StepStarted("generating"));
        ReplyStream streamed = new ReplyStream(run, settings.reply(), event -> emit(run, event), state);
        AssistantReply reply = assistant.reply(new AssistantPrompt(run.conversation(), run.id(), context, offered,
                shared.map(ConversationState::json).orElse("")), streamed, run.cancellation());
        if (streamed.broken().isPresent()) {
            return failUpstream(run, new AssistantReply.Failed(AssistantReply.Failure.UPSTREAM_ERROR,
                    streamed.broken().get(), "", Duration.ZERO));
        }
        if (streamed.tooLarge()
                || reply instanceof AssistantReply.Completed done && !settings.reply().admits(done.text())) {
            return fail(run, "the reply grew past " + settings.reply().maxBytes() + " bytes", "too_large");
        }
        return switch (reply) {
            case AssistantReply.Completed completed -> complete(run, completed, streamed, offered);
            case AssistantReply.Failed failed -> failUpstream(run, failed);
            case AssistantReply.Cancelled cancelled -> fail(run, "the run was cancelled", "cancelled");
        };
    }

    /** Ends the run with {@code RUN_ERROR} after a bug, if it was not ended yet. */
    void crashed(Run run) {
        emit(run, new AgUiEvent.RunError("the run failed on the server", "internal"));
    }

    /**
     * Closes what the reply left open, stores it (its text, tool calls and reasoning) and ends the run; the tool
     * calls are the front end's to answer, so the run ends with them pending.
     */
    private String complete(Run run, AssistantReply.Completed reply, ReplyStream streamed, List<Tool> offered) {
        if (!streamed.reasoned() && !reply.reasoning().isEmpty()) {
            streamed.reasoning(reply.reasoning());
        }
        if (!streamed.textBegun() && !reply.text().isEmpty()) {
            streamed.accept(reply.text());
        }
        List<ToolCall> calls = Interrupts.marked(streamed.end(reply.toolCalls()), offered);
        if (streamed.tooLarge()) {
            return fail(run, "the reply grew past " + settings.reply().maxBytes() + " bytes", "too_large");
        }
        if (reply.text().isEmpty() && calls.isEmpty()) {
            return fail(run, "the assistant returned nothing", "upstream_error");
        }
        emit(run, new AgUiEvent.StepFinished("generating"));
        emit(run, new AgUiEvent.StepStarted("storing"));
        try {
            Appended appended = store.append(new NewMessage(run.conversation(), run.messageId(),
                    MessageRole.ASSISTANT, settings.assistant(), reply.text(), NewMessage.timestamp(clock), run.id(),
                    AgentParts.assistant(calls, reply.reasoning().replace('\u0000', '\uFFFD'))));
            if (!(appended instanceof Appended.Stored stored)) {
                return fail(run, "the conversation no longer exists", "not_found");
            }
            fanout.publish(run.conversation(), new ServerEvent.MessagePosted(stored.message()));
        } catch (StoreUnavailableException e) {
            return fail(run, "the reply could not be stored", "unavailable");
        }
        emit(run, new AgUiEvent.StepFinished("storing"));
        List<AgUiEvent.Interrupt> interrupts = Interrupts.of(calls, clock.instant().plus(settings.interruptTtl()));
        emit(run, new AgUiEvent.RunFinished(run.conversation().value(), run.id().value(), reply.provider(),
                reply.model(), calls.stream().map(ToolCall::id).toList(), reply.usage(), interrupts));
        return interrupts.isEmpty() ? "completed" : "interrupted";
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
}
