package io.parley.application.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.Subscription;
import io.parley.application.port.in.CancelRunUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.application.port.in.RunAssistantUseCase;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.RateLimitPort;
import io.parley.application.run.AssistantRuns;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Refusal;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * Runs of the assistant that clients ask for directly: an AG-UI run over HTTP, whose caller's new messages go
 * into the conversation like any member's (the input checked whole before anything is stored: every message
 * within the content bound, at most {@link ConversationLimits#maxNewMessages()} not stored yet), and a member's
 * cancel of a run in flight.
 */
public final class AssistantRunService implements RunAssistantUseCase, CancelRunUseCase {
    /** How many ids one look-up of already stored messages asks about. */
    private static final int LOOKUP_CHUNK = 500;

    private final ConnectionRegistry registry;
    private final ServicePorts ports;
    private final IdentityPort identity;
    private final AssistantRuns runs;
    private final ConversationLimits limits;
    private final Posting posting;
    private final Enrolling enrolling;

    public AssistantRunService(ConnectionRegistry registry, ServicePorts ports, IdentityPort identity,
                               AssistantRuns runs, ConversationLimits limits, RateLimitPort rateLimits,
                               JoinPolicy joinPolicy) {
        this.registry = registry;
        this.ports = ports;
        this.identity = identity;
        this.runs = runs;
        this.limits = limits;
        this.posting = ports.posting();
        this.enrolling = new Enrolling(ports.store(), rateLimits, limits, joinPolicy, ports.clock());
    }

    @Override
    public Outcome<Started> run(RunAssistant command, Observer observer) {
        if (!(identity.identify(command.credentials()) instanceof IdentityPort.Identity.Known known)) {
            return Outcome.refused(ErrorCode.UNAUTHORIZED, "a user is needed to run the assistant");
        }
        if (command.messages().stream()
                .anyMatch(m -> !m.content().isEmpty() && !limits.content().admits(m.content()))) {
            return Outcome.refused(ErrorCode.TOO_LARGE, limits.content().refusal());
        }
        return StoreCalls.guarded(() -> switch (enrolling.enroll(command.conversation(), known.user(),
                known.grants())) {
            case Enrolling.Admittance.Member member when member.role().maySend() -> {
                List<InputMessage> fresh = unstored(command);
                if (fresh.size() > limits.maxNewMessages()) {
                    yield Outcome.refused(ErrorCode.TOO_LARGE, fresh.size() + " messages are new to the "
                            + "conversation; one request may add at most " + limits.maxNewMessages());
                }
                Optional<Outcome<Started>> refusal = unanswerable(command.conversation(), fresh);
                if (refusal.isPresent()) {
                    yield refusal.get();
                }
                boolean interruptExpired;
                switch (Resumption.post(ports, limits.content(), command.conversation(), known.user(),
                        command.resume(), runs.interruptTtl())) {
                    case Outcome.Refused<Boolean> refused -> {
                        yield Outcome.refused(refused.refusal());
                    }
                    case Outcome.Done<Boolean> done -> interruptExpired = done.value();
                }
                for (InputMessage input : fresh) {
                    posting.post(input.toolCallId().isPresent()
                            ? new NewMessage(command.conversation(), input.id(), MessageRole.TOOL, known.user(),
                                    input.content(), NewMessage.timestamp(ports.clock()), null,
                                    AgentParts.result(input.toolCallId().get()))
                            : new NewMessage(command.conversation(), input.id(), MessageRole.USER, known.user(),
                                    input.content(), NewMessage.timestamp(ports.clock()), null));
                }
                yield Outcome.done(new Started(runs.requestReply(command.conversation(), known.user(),
                        Optional.of(observer), command.run(), command.tools(), interruptExpired)));
            }
            case Enrolling.Admittance.Member member -> Outcome.refused(ErrorCode.FORBIDDEN, "a "
                    + member.role().wireName() + " may not post in " + command.conversation());
            case Enrolling.Admittance.NotAdmitted refused ->
                    Outcome.refused(ErrorCode.FORBIDDEN, "not allowed to post in " + command.conversation());
            case Enrolling.Admittance.NotFound missing -> Outcome.refused(ErrorCode.NOT_FOUND,
                    "no conversation " + command.conversation() + ", and you may not create one");
            case Enrolling.Admittance.CreationLimited limited -> Outcome.refusedFor(ErrorCode.LIMIT_EXCEEDED,
                    "at most " + limited.perMinute() + " new conversations per minute", limited.retryAfter());
        });
    }

    @Override
    public void cancel(RunId run) {
        runs.cancel(run);
    }

    @Override
    public Outcome<Reply> cancel(ConnectionId id, ClientRequest.Cancel request) {
        Optional<Subscription> joined = runs.conversationOf(request.run())
                .flatMap(conversation -> registry.find(id).flatMap(c -> c.subscription(conversation)));
        if (joined.isEmpty()) {
            return Outcome.refused(ErrorCode.NOT_FOUND, "no run " + request.run()
                    + " in progress in a conversation you joined");
        }
        boolean starter = runs.startedBy(request.run()).filter(joined.get().connection().user()::equals).isPresent();
        if (!starter && !joined.get().role().mayManage()) {
            return Outcome.refused(ErrorCode.FORBIDDEN, "only who started run " + request.run()
                    + ", or an owner, may cancel it");
        }
        // the ack is the reply, queued ahead of the RUN_ERROR the cancel causes (wherever the run runs)
        if (!runs.cancel(request.run())) {
            ports.fanout().cancelRun(request.run());
        }
        return Replies.reply(ports.encoder(), new ServerEvent.CancelAccepted(request.ref(), request.run()));
    }

    /**
     * A refusal when a new tool result of the input answers no tool call that awaits one, or one answered already
     * (by another message, or by another result of the same input).
     */
    private Optional<Outcome<Started>> unanswerable(ConversationId conversation, List<InputMessage> fresh) {
        if (fresh.stream().noneMatch(m -> m.toolCallId().isPresent())) {
            return Optional.empty();
        }
        ToolCallLedger ledger = ToolCallLedger.of(ports.store(), conversation);
        for (InputMessage input : fresh) {
            if (input.toolCallId().isEmpty()) {
                continue;
            }
            String call = input.toolCallId().get();
            Optional<Refusal> refusal = ledger.unanswerable(call, conversation);
            if (refusal.isPresent()) {
                return Optional.of(Outcome.refused(refusal.get()));
            }
            ledger.answer(call, input.id());
        }
        return Optional.empty();
    }

    /** The input's messages the conversation does not hold yet, each once, in their order. */
    private List<InputMessage> unstored(RunAssistant command) {
        Map<MessageId, InputMessage> byId = new LinkedHashMap<>();
        command.messages().forEach(m -> byId.putIfAbsent(m.id(), m));
        List<MessageId> ids = List.copyOf(byId.keySet());
        for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
            ports.store().storedIds(command.conversation(), ids.subList(from, Math.min(ids.size(),
                    from + LOOKUP_CHUNK))).forEach(byId::remove);
        }
        return List.copyOf(byId.values());
    }
}
