package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.util.List;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.Subscription;
import io.parley.application.delivery.SubscriptionListener;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.PresenceUseCase;
import io.parley.application.port.in.Reply;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.PresencePort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ServerEvent;

/**
 * Presence: every subscription that begins or ends here is told to the presence port, and when it was a user's
 * first connection in a conversation (or last), anywhere, the members hear {@code presence_join} (or
 * {@code presence_leave}) on every node. A {@code presence} request reads who is there now. The tick forgets
 * what dead nodes left, and their users leave.
 */
public final class PresenceService implements PresenceUseCase, SubscriptionListener {
    private static final System.Logger LOG = System.getLogger(PresenceService.class.getName());
    /** The most members one {@code presence} answer lists. */
    static final int MAX_LISTED = 1000;

    private final ConnectionRegistry registry;
    private final PresencePort presence;
    private final FanoutPort fanout;
    private final EventEncoderPort encoder;

    public PresenceService(ConnectionRegistry registry, PresencePort presence, FanoutPort fanout,
                           EventEncoderPort encoder) {
        this.registry = registry;
        this.presence = presence;
        this.fanout = fanout;
        this.encoder = encoder;
    }

    @Override
    public Outcome<Reply> presence(ConnectionId id, ClientRequest.Presence request) {
        if (registry.find(id).flatMap(c -> c.subscription(request.conversation())).isEmpty()) {
            return Replies.notJoined(request.conversation());
        }
        List<ServerEvent.Present> members = presence.present(request.conversation(), MAX_LISTED).stream()
                .map(p -> new ServerEvent.Present(p.user(), p.connections())).toList();
        return Replies.reply(encoder, new ServerEvent.Presence(request.ref(), request.conversation(), members));
    }

    @Override
    public void subscribed(Subscription subscription) {
        ConversationId conversation = subscription.conversation();
        if (presence.arrived(conversation, subscription.connection().user(), subscription.connection().id())) {
            fanout.publish(conversation, new ServerEvent.PresenceChanged(conversation,
                    subscription.connection().user(), true));
        }
    }

    @Override
    public void unsubscribed(Subscription subscription) {
        ConversationId conversation = subscription.conversation();
        if (presence.departed(conversation, subscription.connection().user(), subscription.connection().id())) {
            fanout.publish(conversation, new ServerEvent.PresenceChanged(conversation,
                    subscription.connection().user(), false));
        }
    }

    /** The tick: this node's entries kept fresh, a dead node's users leave. */
    public void refresh() {
        for (PresencePort.Departure gone : presence.refresh()) {
            LOG.log(Level.DEBUG, () -> LogLine.event("presence_expired").with("conversation", gone.conversation())
                    .with("user", gone.user()).toString());
            fanout.publish(gone.conversation(), new ServerEvent.PresenceChanged(gone.conversation(), gone.user(),
                    false));
        }
    }
}
