package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.parley.application.port.in.CancelRunUseCase;
import io.parley.application.port.in.JoinConversationUseCase;
import io.parley.application.port.in.LeaveConversationUseCase;
import io.parley.application.port.in.SendMessageUseCase;
import io.parley.application.port.out.ConversationFanoutPort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.application.port.out.RateLimitPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.PageBound;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Protocol;
import io.parley.domain.protocol.Recovery;
import io.parley.domain.protocol.ServerEvent;

/**
 * What a connection does in conversations: join (with recovery), leave, send, cancel a run. Every answer goes
 * to the requesting connection through its outbound queue, in order with the live events it receives.
 */
public final class ConversationService implements JoinConversationUseCase, LeaveConversationUseCase,
        SendMessageUseCase, CancelRunUseCase {
    private static final System.Logger LOG = System.getLogger(ConversationService.class.getName());

    private final ConnectionRegistry registry;
    private final ConversationStorePort store;
    private final EventEncoderPort encoder;
    private final IdGeneratorPort ids;
    private final Clock clock;
    private final AssistantRuns runs;
    private final ConversationLimits limits;
    private final Posting posting;
    private final Enrolling enrolling;

    public ConversationService(ConnectionRegistry registry, ConversationStorePort store, ConversationFanoutPort fanout,
                               EventEncoderPort encoder, IdGeneratorPort ids, Clock clock, JoinPolicy joinPolicy,
                               Traffic traffic, AssistantRuns runs, RateLimitPort rateLimits,
                               ConversationLimits limits) {
        this.registry = registry;
        this.store = store;
        this.encoder = encoder;
        this.ids = ids;
        this.clock = clock;
        this.runs = runs;
        this.limits = limits;
        this.posting = new Posting(store, fanout, traffic);
        this.enrolling = new Enrolling(store, rateLimits, limits.newConversations(), joinPolicy, clock);
    }

    @Override
    public void join(ConnectionId id, ClientRequest.Join request) {
        registry.find(id).ifPresent(connection -> {
            ConversationId conversation = request.conversation();
            boolean rejoin = registry.unsubscribe(connection, conversation);
            if (!rejoin && connection.joinedCount() >= limits.maxJoins()) {
                connection.limitHit("joins_per_connection");
                reply(connection, ServerEvent.ErrorReply.of(ErrorCode.LIMIT_EXCEEDED, "a connection may join at most "
                        + limits.maxJoins() + " conversations at once; leave one first", request.ref()));
                return;
            }
            Optional<Subscription> subscribed = Optional.empty();
            try {
                Enrolling.Admittance.Member member;
                switch (enrolling.enroll(conversation, connection.user())) {
                    case Enrolling.Admittance.Member admitted -> member = admitted;
                    case Enrolling.Admittance.NotAdmitted refused -> {
                        reply(connection, ServerEvent.ErrorReply.of(ErrorCode.FORBIDDEN,
                                "not a member of conversation " + conversation, request.ref()));
                        return;
                    }
                    case Enrolling.Admittance.CreationLimited limited -> {
                        connection.limitHit("new_conversations");
                        reply(connection, new ServerEvent.ErrorReply(ErrorCode.LIMIT_EXCEEDED,
                                "at most " + limited.perMinute() + " new conversations per minute", request.ref(),
                                Math.max(1, limited.retryAfter().toMillis())));
                        return;
                    }
                }
                subscribed = registry.subscribe(connection, conversation, member.role(),
                        () -> store.latestOffset(conversation));
                if (subscribed.isEmpty()) {
                    return;
                }
                long latest = store.latestOffset(conversation);
                Catchup catchup = catchUp(conversation, request, latest);
                reply(connection, new ServerEvent.Joined(request.ref(), conversation, member.role(), latest,
                        catchup.recovery()));
                catchup.missed().forEach(connection::deliver);
                Optional<Run.Snapshot> run = runs.snapshot(conversation);
                run.ifPresent(snapshot -> showRun(connection, snapshot));
                subscribed.get().goLive(catchup.knownUpTo(), run.map(Run.Snapshot::runId).orElse(null),
                        run.map(Run.Snapshot::seq).orElse(0L));
                LOG.log(Level.DEBUG, () -> LogLine.event("join").with("connection", id)
                        .with("user", connection.user()).with("conversation", conversation)
                        .with("role", member.role().wireName()).with("created", member.created())
                        .with("offset", latest).with("recovery", catchup.recovery()).toString());
            } catch (StoreUnavailableException e) {
                subscribed.ifPresent(s -> registry.unsubscribe(connection, conversation));
                throw e;
            }
        });
    }

    @Override
    public void leave(ConnectionId id, ClientRequest.Leave request) {
        registry.find(id).ifPresent(connection -> {
            if (registry.unsubscribe(connection, request.conversation())) {
                reply(connection, new ServerEvent.Left(request.ref(), request.conversation()));
            } else {
                reply(connection, Replies.notJoined(request.conversation(), request.ref()));
            }
        });
    }

    @Override
    public void send(ConnectionId id, ClientRequest.Send request) {
        registry.find(id).ifPresent(connection -> {
            Optional<Subscription> subscription = connection.subscription(request.conversation());
            if (subscription.isEmpty()) {
                reply(connection, Replies.notJoined(request.conversation(), request.ref()));
                return;
            }
            if (!subscription.get().role().maySend()) {
                reply(connection, ServerEvent.ErrorReply.of(ErrorCode.FORBIDDEN,
                        "a " + subscription.get().role().wireName() + " may not send", request.ref()));
                return;
            }
            if (!limits.content().admits(request.content())) {
                reply(connection, ServerEvent.ErrorReply.of(ErrorCode.TOO_LARGE, limits.content().refusal(),
                        request.ref()));
                return;
            }
            MessageId messageId = request.id() != null ? request.id() : ids.newMessageId();
            NewMessage message = new NewMessage(request.conversation(), messageId, MessageRole.USER,
                    connection.user(), request.content(), Posting.now(clock), null);
            switch (posting.post(message, stored -> reply(connection, ack(request, stored)))) {
                case Appended.Stored stored -> {
                    if (request.reply()) {
                        runs.requestReply(request.conversation(), Optional.empty(), Optional.empty());
                    }
                }
                case Appended.AlreadyStored earlier -> reply(connection,
                        Posting.sameMessage(earlier.message(), message)
                        ? ack(request, earlier.message())
                        : ServerEvent.ErrorReply.of(ErrorCode.CONFLICT,
                                "message id " + messageId + " was already used for another message",
                                request.ref()));
                case Appended.NoSuchConversation gone -> reply(connection, ServerEvent.ErrorReply.of(
                        ErrorCode.NOT_FOUND, "conversation " + request.conversation() + " no longer exists",
                        request.ref()));
            }
        });
    }

    @Override
    public void cancel(ConnectionId id, ClientRequest.Cancel request) {
        registry.find(id).ifPresent(connection -> {
            boolean joined = runs.conversationOf(request.run())
                    .flatMap(connection::subscription).isPresent();
            if (joined) {
                // the ack goes first: a cancelled run ends at once, and its RUN_ERROR must come after
                reply(connection, new ServerEvent.CancelAccepted(request.ref(), request.run()));
                runs.cancel(request.run());
            } else {
                reply(connection, ServerEvent.ErrorReply.of(ErrorCode.NOT_FOUND,
                        "no run " + request.run() + " in progress in a conversation you joined", request.ref()));
            }
        });
    }

    /** Shows a joining connection the run in flight: its start, and its text so far in one piece. */
    private void showRun(LiveConnection connection, Run.Snapshot run) {
        ConversationId conversation = run.conversation();
        reply(connection, new ServerEvent.RunEvent(conversation, run.runId(), 1,
                new AgUiEvent.RunStarted(conversation.value(), run.runId())));
        run.activeSteps().forEach((step, seq) -> reply(connection,
                new ServerEvent.RunEvent(conversation, run.runId(), seq, new AgUiEvent.StepStarted(step))));
        run.messageStartSeq().ifPresent(start -> {
            reply(connection, new ServerEvent.RunEvent(conversation, run.runId(), start,
                    new AgUiEvent.TextMessageStart(run.messageId().value())));
            if (!run.text().isEmpty()) {
                reply(connection, new ServerEvent.RunEvent(conversation, run.runId(), run.seq(),
                        new AgUiEvent.TextMessageContent(run.messageId().value(), run.text())));
            }
        });
    }

    /**
     * The stored messages after {@code since}, contiguous from the first one still stored, cut by
     * {@link Protocol#MAX_RECOVERY} and by the page bytes; complete only when they start right after {@code since}
     * and reach the latest offset.
     */
    private Catchup catchUp(ConversationId conversation, ClientRequest.Join request, long latest) {
        if (request.since().isEmpty()) {
            return new Catchup(Recovery.NOT_REQUESTED, List.of(), latest);
        }
        long since = request.since().getAsLong();
        if (since >= latest) {
            return new Catchup(Recovery.COMPLETE, List.of(), latest);
        }
        List<OutboundFrame> missed = store.messages(conversation, MessageRange.after(since, Protocol.MAX_RECOVERY))
                .stream().map(m -> encoder.encode(new ServerEvent.MessagePosted(m))).toList();
        List<OutboundFrame> replay = new PageBound(Protocol.MAX_RECOVERY, limits.maxPageBytes())
                .cut(missed, frame -> frame.payload().length, MessageRange.End.OLDEST);
        if (replay.isEmpty()) {
            return new Catchup(Recovery.PARTIAL, List.of(), latest);
        }
        long first = offsetOf(replay.getFirst());
        long last = offsetOf(replay.getLast());
        boolean complete = first == since + 1 && last >= latest;
        return new Catchup(complete ? Recovery.COMPLETE : Recovery.PARTIAL, replay, Math.max(latest, last));
    }

    private static long offsetOf(OutboundFrame frame) {
        return ((ServerEvent.MessagePosted) frame.event()).message().offset();
    }

    private static ServerEvent ack(ClientRequest.Send request, Message stored) {
        return new ServerEvent.Ack(request.ref(), stored.conversation(), stored.offset(), stored.id());
    }

    private void reply(LiveConnection connection, ServerEvent event) {
        connection.deliver(encoder.encode(event));
    }

    /** What a join replays: how recovery went, the missed messages, and the offset the client knows up to. */
    private record Catchup(Recovery recovery, List<OutboundFrame> missed, long knownUpTo) {
    }
}
