package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.util.Optional;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.port.in.EraseUserUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.out.ConversationStorePort.Erasure;
import io.parley.application.port.out.ConversationStorePort.Promotion;
import io.parley.domain.LogLine;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/**
 * Erases a user: the store deletes their messages (each a {@code message_deleted} entry, pushed to the members),
 * their memberships and markers, and hands on the conversations they owned; then their attachments go, the members
 * hear of the memberships that ended or changed, and their connections close on every node.
 */
public final class EraseUserService implements EraseUserUseCase {
    private static final System.Logger LOG = System.getLogger(EraseUserService.class.getName());

    private final ServicePorts ports;
    private final ConnectionRegistry registry;

    public EraseUserService(ServicePorts ports, ConnectionRegistry registry) {
        this.ports = ports;
        this.registry = registry;
    }

    @Override
    public Outcome<Erased> erase(UserId user) {
        return StoreCalls.guarded(() -> {
            Erasure erasure;
            try {
                erasure = ports.store().erase(user, NewMessage.timestamp(ports.clock()));
            } catch (UnsupportedOperationException e) {
                return Outcome.refused(ErrorCode.UNAVAILABLE, "this gateway's store cannot erase users");
            }
            for (Message deletion : erasure.deletions()) {
                ports.fanout().publish(deletion.conversation(), new ServerEvent.MessagePosted(deletion));
            }
            erasure.attachments().forEach(ports.attachments()::delete);
            for (ConversationId gone : erasure.deleted()) {
                ports.attachments().deleteConversation(gone);
                ports.states().forget(gone);
                ports.tools().forget(gone);
                ports.fanout().conversationDeleted(gone);
            }
            for (ConversationId left : erasure.left()) {
                if (!erasure.deleted().contains(left)) {
                    ports.fanout().membershipChanged(left, user, Optional.empty());
                }
            }
            for (Promotion promotion : erasure.promoted()) {
                ports.fanout().membershipChanged(promotion.conversation(), promotion.owner(), Optional.of(Role.OWNER));
            }
            int connections = registry.connectionsOf(user).size();
            ports.fanout().publishToUser(user, new ServerEvent.UserErased(user));
            Erased erased = new Erased(user, erasure.messages(), erasure.attachments().size(),
                    erasure.left(), erasure.deleted(), erasure.promoted(), connections);
            LOG.log(Level.INFO, () -> LogLine.event("user_erased").with("user", user)
                    .with("messages", erased.messages()).with("attachments", erased.attachments())
                    .with("left", erased.left().size()).with("deleted", erased.deleted().size())
                    .with("promoted", erased.promoted().size()).toString());
            return Outcome.done(erased);
        });
    }
}
