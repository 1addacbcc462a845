package io.parley.application.testing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;

/** A store whose every method fails unless a test overrides it: each test scripts just what it needs. */
public class StoreStub implements ConversationStorePort {

    @Override
    public Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, boolean mayCreate,
                             Instant now) {
        throw new UnsupportedOperationException("enroll");
    }

    @Override
    public Appended append(NewMessage message) {
        throw new UnsupportedOperationException("append");
    }

    @Override
    public Optional<Conversation> find(ConversationId conversation) {
        throw new UnsupportedOperationException("find");
    }

    @Override
    public long latestOffset(ConversationId conversation) {
        throw new UnsupportedOperationException("latestOffset");
    }

    @Override
    public List<Message> messages(ConversationId conversation, MessageRange range) {
        throw new UnsupportedOperationException("messages");
    }

    @Override
    public Set<MessageId> storedIds(ConversationId conversation, Collection<MessageId> ids) {
        throw new UnsupportedOperationException("storedIds");
    }

    @Override
    public Optional<Role> roleOf(ConversationId conversation, UserId user) {
        throw new UnsupportedOperationException("roleOf");
    }

    @Override
    public RoleChange setRole(ConversationId conversation, UserId user, Role role, boolean createIfMissing,
                              Instant now) {
        throw new UnsupportedOperationException("setRole");
    }

    @Override
    public Optional<Role> removeMember(ConversationId conversation, UserId user) {
        throw new UnsupportedOperationException("removeMember");
    }

    @Override
    public List<Member> members(ConversationId conversation, Optional<UserId> after, int limit) {
        throw new UnsupportedOperationException("members");
    }

    @Override
    public List<Membership> memberships(UserId user, Optional<ConversationId> after, int limit) {
        throw new UnsupportedOperationException("memberships");
    }

    @Override
    public boolean delete(ConversationId conversation) {
        throw new UnsupportedOperationException("delete");
    }
}
