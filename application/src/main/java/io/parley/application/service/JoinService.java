package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.LiveConnection;
import io.parley.application.delivery.Subscription;
import io.parley.application.port.in.JoinConversationUseCase;
import io.parley.application.port.in.LeaveConversationUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.application.port.out.RateLimitPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.application.run.AssistantRuns;
import io.parley.application.run.RunSnapshot;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.ConversationState;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.PageBound;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Protocol;
import io.parley.domain.protocol.Recovery;
import io.parley.domain.protocol.ServerEvent;

/**
 * Joining and leaving conversations. A join enrolls the user (creating the conversation within their creation
 * rate), subscribes the connection with its live events held back, replays what was missed (bounded), shows a
 * run in flight, and lets the live events go: the reply and the live events meet without gap or duplicate.
 */
public final class JoinService implements JoinConversationUseCase, LeaveConversationUseCase {
    private static final System.Logger LOG = System.getLogger(JoinService.class.getName());

    private final ConnectionRegistry registry;
    private final ConversationStorePort store;
    private final ConversationStatePort states;
    private final EventEncoderPort encoder;
    private final AssistantRuns runs;
    private final ConversationLimits limits;
    private final Enrolling enrolling;

    public JoinService(ConnectionRegistry registry, ServicePorts ports, AssistantRuns runs,
                       ConversationLimits limits, RateLimitPort rateLimits, JoinPolicy joinPolicy) {
        this.registry = registry;
        this.store = ports.store();
        this.states = ports.states();
        this.encoder = ports.encoder();
        this.runs = runs;
        this.limits = limits;
        this.enrolling = new Enrolling(store, rateLimits, limits, joinPolicy, ports.clock());
    }

    @Override
    public Outcome<Reply> join(ConnectionId id, ClientRequest.Join request) {
        Optional<LiveConnection> found = registry.find(id);
        if (found.isEmpty()) {
            return Outcome.refused(ErrorCode.UNAVAILABLE, "the connection is closing");
        }
        LiveConnection connection = found.get();
        ConversationId conversation = request.conversation();
        boolean rejoin = registry.unsubscribe(connection, conversation);
        if (!rejoin && connection.joinedCount() >= limits.maxJoins()) {
            connection.limitHit("joins_per_connection");
            return Outcome.refused(ErrorCode.LIMIT_EXCEEDED, "a connection may join at most " + limits.maxJoins()
                    + " conversations at once; leave one first");
        }
        return StoreCalls.guarded(() -> switch (enrolling.enroll(conversation, connection.user(),
                connection.principal().grants())) {
            case Enrolling.Admittance.Member member -> subscribe(connection, request, member);
            case Enrolling.Admittance.NotAdmitted refused ->
                    Outcome.refused(ErrorCode.FORBIDDEN, "not a member of conversation " + conversation);
            case Enrolling.Admittance.NotFound missing -> Outcome.refused(ErrorCode.NOT_FOUND,
                    "no conversation " + conversation + ", and you may not create one");
            case Enrolling.Admittance.CreationLimited limited -> {
                connection.limitHit("new_conversations");
                yield Outcome.refusedFor(ErrorCode.LIMIT_EXCEEDED, "at most " + limited.perMinute()
                        + " new conversations per minute", limited.retryAfter());
            }
        });
    }

    @Override
    public Outcome<Reply> leave(ConnectionId id, ClientRequest.Leave request) {
        Optional<LiveConnection> connection = registry.find(id);
        if (connection.isEmpty() || !registry.unsubscribe(connection.get(), request.conversation())) {
            return Replies.notJoined(request.conversation());
        }
        return Replies.reply(encoder, new ServerEvent.Left(request.ref(), request.conversation()));
    }

    private Outcome<Reply> subscribe(LiveConnection connection, ClientRequest.Join request,
                                     Enrolling.Admittance.Member member) {
        ConversationId conversation = request.conversation();
        Optional<Subscription> subscribed = registry.subscribe(connection, conversation, member.role(),
                () -> store.latestOffset(conversation));
        if (subscribed.isEmpty()) {
            return Outcome.refused(ErrorCode.UNAVAILABLE, "the connection is closing");
        }
        subscribed.get().offerTools(request.tools());
        try {
            long latest = store.latestOffset(conversation);
            Catchup catchup = catchUp(conversation, request, latest);
            List<OutboundFrame> reply = new ArrayList<>();
            reply.add(encoder.encode(new ServerEvent.Joined(request.ref(), conversation, member.role(), latest,
                    catchup.recovery())));
            ConversationState state = states.state(conversation);
            if (state.exists()) {
                reply.add(encoder.encode(StateService.snapshotOf(state)));
            }
            reply.addAll(catchup.missed());
            Optional<RunSnapshot> run = runs.snapshot(conversation);
            run.ifPresent(snapshot -> snapshot.opening().forEach(event -> reply.add(encoder.encode(event))));
            subscribed.get().goLive(catchup.knownUpTo(), run.map(RunSnapshot::runId).orElse(null),
                    run.map(RunSnapshot::seq).orElse(0L));
            LOG.log(Level.DEBUG, () -> LogLine.event("join").with("connection", connection.id())
                    .with("user", connection.user()).with("conversation", conversation)
                    .with("role", member.role().wireName()).with("created", member.created())
                    .with("offset", latest).with("recovery", catchup.recovery()).toString());
            return Outcome.done(new Reply(reply));
        } catch (StoreUnavailableException e) {
            registry.unsubscribe(connection, conversation);
            throw e;
        }
    }

    /**
     * The stored messages after {@code since}, contiguous from the first one still stored, cut by
     * {@link Protocol#MAX_RECOVERY} and by the page bytes; complete only when they start right after {@code since}
     * and reach the latest offset. A deleted message is not sent (its delete follows at its own offset).
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
        List<OutboundFrame> shown = replay.stream()
                .filter(frame -> !((ServerEvent.MessagePosted) frame.event()).message().isDeleted()).toList();
        return new Catchup(complete ? Recovery.COMPLETE : Recovery.PARTIAL, shown, Math.max(latest, last));
    }

    private static long offsetOf(OutboundFrame frame) {
        return ((ServerEvent.MessagePosted) frame.event()).message().offset();
    }

    /** What a join replays: how recovery went, the missed messages, and the offset the client knows up to. */
    private record Catchup(Recovery recovery, List<OutboundFrame> missed, long knownUpTo) {
    }
}
