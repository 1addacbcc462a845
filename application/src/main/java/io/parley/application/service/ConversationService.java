package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import io.parley.domain.LogLine;
import io.parley.application.port.in.JoinConversationUseCase;
import io.parley.application.port.in.LeaveConversationUseCase;
import io.parley.application.port.in.LoadHistoryUseCase;
import io.parley.application.port.in.SendMessageUseCase;
import io.parley.application.port.out.ConversationFanoutPort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Protocol;
import io.parley.domain.protocol.Recovery;
import io.parley.domain.protocol.ServerEvent;

/**
 * What a connection does in conversations: join (with recovery), leave, send, read history. Every answer goes
 * to the requesting connection through its outbound queue, in order with the live events it receives.
 */
public final class ConversationService
        implements JoinConversationUseCase, LeaveConversationUseCase, SendMessageUseCase, LoadHistoryUseCase {
    private static final System.Logger LOG = System.getLogger(ConversationService.class.getName());

    private final ConnectionRegistry registry;
    private final ConversationStorePort store;
    private final ConversationFanoutPort fanout;
    private final EventEncoderPort encoder;
    private final IdGeneratorPort ids;
    private final Clock clock;
    private final JoinPolicy joinPolicy;
    private final Traffic traffic;

    public ConversationService(ConnectionRegistry registry, ConversationStorePort store, ConversationFanoutPort fanout,
                               EventEncoderPort encoder, IdGeneratorPort ids, Clock clock, JoinPolicy joinPolicy,
                               Traffic traffic) {
        this.registry = registry;
        this.store = store;
        this.fanout = fanout;
        this.encoder = encoder;
        this.ids = ids;
        this.clock = clock;
        this.joinPolicy = joinPolicy;
        this.traffic = traffic;
    }

    @Override
    public void join(ConnectionId id, ClientRequest.Join request) {
        registry.find(id).ifPresent(connection -> {
            ConversationId conversation = request.conversation();
            registry.unsubscribe(connection, conversation);
            Optional<Subscription> subscribed = Optional.empty();
            try {
                Enrollment enrollment = store.enroll(conversation, connection.user(), joinPolicy.admitNonMembersAs(),
                        now());
                if (!(enrollment instanceof Enrollment.Enrolled enrolled)) {
                    reply(connection, ServerEvent.ErrorReply.of(ErrorCode.FORBIDDEN,
                            "not a member of conversation " + conversation, request.ref()));
                    return;
                }
                subscribed = registry.subscribe(connection, conversation, enrolled.role(),
                        () -> store.latestOffset(conversation));
                if (subscribed.isEmpty()) {
                    return;
                }
                long latest = store.latestOffset(conversation);
                Catchup catchup = catchUp(conversation, request, latest);
                reply(connection, new ServerEvent.Joined(request.ref(), conversation, enrolled.role(), latest,
                        catchup.recovery()));
                catchup.missed().forEach(m -> reply(connection, new ServerEvent.MessagePosted(m)));
                subscribed.get().goLive(catchup.knownUpTo());
                LOG.log(Level.DEBUG, () -> LogLine.event("join").with("connection", id)
                        .with("user", connection.user()).with("conversation", conversation)
                        .with("role", enrolled.role().wireName()).with("created", enrolled.created())
                        .with("offset", latest).with("recovery", catchup.recovery()).toString());
            } catch (StoreUnavailableException e) {
                subscribed.ifPresent(s -> registry.unsubscribe(connection, conversation));
                reply(connection, unavailable(e, request.ref()));
            }
        });
    }

    @Override
    public void leave(ConnectionId id, ClientRequest.Leave request) {
        registry.find(id).ifPresent(connection -> {
            if (registry.unsubscribe(connection, request.conversation())) {
                reply(connection, new ServerEvent.Left(request.ref(), request.conversation()));
            } else {
                reply(connection, notJoined(request.conversation(), request.ref()));
            }
        });
    }

    @Override
    public void send(ConnectionId id, ClientRequest.Send request) {
        registry.find(id).ifPresent(connection -> {
            Optional<Subscription> subscription = connection.subscription(request.conversation());
            if (subscription.isEmpty()) {
                reply(connection, notJoined(request.conversation(), request.ref()));
                return;
            }
            if (!subscription.get().role().maySend()) {
                reply(connection, ServerEvent.ErrorReply.of(ErrorCode.FORBIDDEN,
                        "a " + subscription.get().role().wireName() + " may not send", request.ref()));
                return;
            }
            MessageId messageId = request.id() != null ? request.id() : ids.newMessageId();
            NewMessage message = new NewMessage(request.conversation(), messageId, MessageRole.USER,
                    connection.user(), request.content(), now(), null);
            try {
                switch (store.append(message)) {
                    case Appended.Stored stored -> {
                        traffic.messageIn();
                        reply(connection, ack(request, stored.message()));
                        fanout.publish(request.conversation(), new ServerEvent.MessagePosted(stored.message()));
                    }
                    case Appended.AlreadyStored earlier -> reply(connection, sameMessage(earlier.message(), message)
                            ? ack(request, earlier.message())
                            : ServerEvent.ErrorReply.of(ErrorCode.CONFLICT,
                                    "message id " + messageId + " was already used for another message",
                                    request.ref()));
                    case Appended.NoSuchConversation gone -> reply(connection, ServerEvent.ErrorReply.of(
                            ErrorCode.NOT_FOUND, "conversation " + request.conversation() + " no longer exists",
                            request.ref()));
                }
            } catch (StoreUnavailableException e) {
                reply(connection, unavailable(e, request.ref()));
            }
        });
    }

    @Override
    public void history(ConnectionId id, ClientRequest.History request) {
        registry.find(id).ifPresent(connection -> {
            if (connection.subscription(request.conversation()).isEmpty()) {
                reply(connection, notJoined(request.conversation(), request.ref()));
                return;
            }
            MessageRange range;
            try {
                range = new MessageRange(request.after().orElse(0), request.before().orElse(
                        request.after().isPresent() ? 0 : Long.MAX_VALUE), request.limit());
            } catch (IllegalArgumentException e) {
                reply(connection, ServerEvent.ErrorReply.of(ErrorCode.BAD_REQUEST, e.getMessage(), request.ref()));
                return;
            }
            try {
                List<Message> page = store.messages(request.conversation(), range);
                reply(connection, new ServerEvent.History(request.ref(), request.conversation(), page));
            } catch (StoreUnavailableException e) {
                reply(connection, unavailable(e, request.ref()));
            }
        });
    }

    private Catchup catchUp(ConversationId conversation, ClientRequest.Join request, long latest) {
        if (request.since().isEmpty()) {
            return new Catchup(Recovery.NOT_REQUESTED, List.of(), latest);
        }
        long since = request.since().getAsLong();
        if (since >= latest) {
            return new Catchup(Recovery.COMPLETE, List.of(), latest);
        }
        List<Message> missed = store.messages(conversation, MessageRange.after(since, Protocol.MAX_RECOVERY + 1));
        if (missed.size() > Protocol.MAX_RECOVERY) {
            return new Catchup(Recovery.TOO_MANY, List.of(), latest);
        }
        long last = missed.isEmpty() ? latest : Math.max(latest, missed.getLast().offset());
        return new Catchup(Recovery.COMPLETE, missed, last);
    }

    private static boolean sameMessage(Message stored, NewMessage resent) {
        return stored.sender().equals(resent.sender()) && stored.content().equals(resent.content());
    }

    private static ServerEvent ack(ClientRequest.Send request, Message stored) {
        return new ServerEvent.Ack(request.ref(), stored.conversation(), stored.offset(), stored.id());
    }

    private static ServerEvent notJoined(ConversationId conversation, String ref) {
        return ServerEvent.ErrorReply.of(ErrorCode.NOT_JOINED, "join conversation " + conversation + " first", ref);
    }

    private static ServerEvent unavailable(StoreUnavailableException e, String ref) {
        return new ServerEvent.ErrorReply(ErrorCode.UNAVAILABLE, "the conversation store is unavailable, try again",
                ref, Math.max(1, e.retryAfter().toMillis()));
    }

    /** The current time at the precision stores keep (milliseconds), so a message reads back as it was sent. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void reply(LiveConnection connection, ServerEvent event) {
        connection.deliver(encoder.encode(event));
    }

    /** What a join replays: how recovery went, the missed messages, and the offset the client knows up to. */
    private record Catchup(Recovery recovery, List<Message> missed, long knownUpTo) {
    }
}
