package io.parley.bootstrap;

import java.util.Optional;

import io.parley.application.delivery.LocalDelivery;
import io.parley.application.port.in.DeliverLocallyUseCase;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * The way in for other nodes' events, handed to the fan-out before the core it leads to is built (the fan-out is
 * what the core publishes through): until {@link #becomes} names the node's inbound use case, what arrives goes
 * to the local delivery alone.
 */
final class LateInbound implements DeliverLocallyUseCase {
    private final LocalDelivery local;
    private volatile DeliverLocallyUseCase inbound;

    LateInbound(LocalDelivery local) {
        this.local = local;
    }

    void becomes(DeliverLocallyUseCase built) {
        this.inbound = built;
    }

    @Override
    public int deliverLocally(ConversationId conversation, ServerEvent event) {
        DeliverLocallyUseCase to = inbound;
        return to == null ? local.deliverLocally(conversation, event) : to.deliverLocally(conversation, event);
    }

    @Override
    public int deliverToUserLocally(UserId user, ServerEvent event) {
        return local.deliverToUserLocally(user, event);
    }

    @Override
    public int deliverToEveryoneLocally(ServerEvent event, Exclusions exclusions) {
        return local.deliverToEveryoneLocally(event, exclusions);
    }

    @Override
    public void membershipChangedLocally(ConversationId conversation, UserId user, Optional<Role> role) {
        local.membershipChangedLocally(conversation, user, role);
    }

    @Override
    public void conversationDeletedLocally(ConversationId conversation) {
        local.conversationDeletedLocally(conversation);
    }

    @Override
    public void cancelRunLocally(RunId run) {
        DeliverLocallyUseCase to = inbound;
        if (to != null) {
            to.cancelRunLocally(run);
        }
    }

    @Override
    public void catchUpFromStore() {
        local.catchUpFromStore();
    }
}
