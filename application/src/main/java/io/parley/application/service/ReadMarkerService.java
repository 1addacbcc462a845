package io.parley.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.Subscription;
import io.parley.application.port.in.MarkReadUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/**
 * Read markers (stored, never moving backwards, told to the members) and typing (told to the other members on every
 * node, never stored, at most one per user and conversation a second: this node drops the rest of its own
 * connections' within the second).
 */
public final class ReadMarkerService implements MarkReadUseCase {
    /** How often one user's typing in one conversation is passed on. */
    public static final Duration TYPING_EVERY = Duration.ofSeconds(1);

    private final ConnectionRegistry registry;
    private final ServicePorts ports;
    private final Map<Key, Instant> lastTyping = new ConcurrentHashMap<>();

    public ReadMarkerService(ConnectionRegistry registry, ServicePorts ports) {
        this.registry = registry;
        this.ports = ports;
    }

    @Override
    public Outcome<Reply> read(ConnectionId connection, ClientRequest.Read request) {
        Optional<Subscription> subscription = registry.find(connection)
                .flatMap(c -> c.subscription(request.conversation()));
        if (subscription.isEmpty()) {
            return Replies.notJoined(request.conversation());
        }
        UserId user = subscription.get().connection().user();
        return StoreCalls.guarded(() -> {
            Optional<Long> marker;
            try {
                marker = ports.store().markRead(request.conversation(), user, request.offset());
            } catch (UnsupportedOperationException e) {
                return Outcome.refused(ErrorCode.UNAVAILABLE, "this gateway's store keeps no read markers");
            }
            if (marker.isEmpty()) {
                return Outcome.refused(ErrorCode.FORBIDDEN, "only members have read markers in conversation "
                        + request.conversation());
            }
            ports.fanout().publish(request.conversation(), new ServerEvent.ReadMarker(request.conversation(), user,
                    marker.get()));
            return Outcome.done(new Reply(List.of()));
        });
    }

    @Override
    public Outcome<Reply> typing(ConnectionId connection, ClientRequest.Typing request) {
        switch (Replies.poster(registry, connection, request.conversation(), "type")) {
            case Outcome.Refused<Subscription> refused -> {
                return Outcome.refused(refused.refusal());
            }
            case Outcome.Done<Subscription> done -> {
                UserId user = done.value().connection().user();
                Instant now = ports.clock().instant();
                Instant last = lastTyping.get(new Key(request.conversation(), user));
                if (last == null || !now.isBefore(last.plus(TYPING_EVERY))) {
                    lastTyping.put(new Key(request.conversation(), user), now);
                    ports.fanout().publish(request.conversation(), new ServerEvent.Typing(request.conversation(),
                            user));
                }
                return Outcome.done(new Reply(List.of()));
            }
        }
    }

    /** Forgets whose typing is older than a second; the maintenance tick calls it. */
    public void forgetTyping() {
        Instant before = ports.clock().instant().minus(TYPING_EVERY);
        lastTyping.values().removeIf(at -> at.isBefore(before));
    }

    private record Key(ConversationId conversation, UserId user) {
    }
}
