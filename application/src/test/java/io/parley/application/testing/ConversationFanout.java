package io.parley.application.testing;

import java.util.Optional;

import io.parley.application.port.out.FanoutPort;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/** A fan-out a test scripts with a lambda for conversations alone; anything else it is asked fails the test. */
@FunctionalInterface
public interface ConversationFanout extends FanoutPort {

    @Override
    default void publishToUser(UserId user, ServerEvent event) {
        throw new UnsupportedOperationException("publishToUser");
    }

    @Override
    default void broadcast(ServerEvent event, Exclusions exclusions) {
        throw new UnsupportedOperationException("broadcast");
    }

    @Override
    default void membershipChanged(ConversationId conversation, UserId user, Optional<Role> role) {
        throw new UnsupportedOperationException("membershipChanged");
    }

    @Override
    default void conversationDeleted(ConversationId conversation) {
        throw new UnsupportedOperationException("conversationDeleted");
    }

    @Override
    default void cancelRun(RunId run) {
        throw new UnsupportedOperationException("cancelRun");
    }
}
