package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.adapter.out.persistence.resilience.ResilientConversationStore;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;

import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static io.parley.adapter.out.persistence.jdbc.Drafts.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Retrying an append is safe: when the first attempt committed but its answer was lost (the connection broke
 * after the commit), the retry finds the message by id and reports it stored by this call, once.
 */
class RetriedAppendTest {
    @TempDir
    Path directory;
    private JdbcConversationStore jdbc;
    private ConversationStorePort store;

    @BeforeEach
    void open() {
        JdbcStoreSettings settings = TestDatabases.h2File(directory);
        Database database = Database.open(settings);
        SchemaMigration.migrate(database, settings);
        jdbc = new JdbcConversationStore(database, settings);
        store = new ResilientConversationStore(new LosesTheFirstAnswer(jdbc), jdbc, jdbc::ping, TestDatabases.FAST);
    }

    @AfterEach
    void close() {
        jdbc.close();
    }

    @Test
    void aRetryAfterACommitWhoseAnswerWasLostReturnsTheStoredMessage() {
        ConversationId conversation = Drafts.created(store, "lost-answer");
        NewMessage draft = draft(conversation, "m1", T0);

        ConversationStorePort.Appended outcome = store.append(draft);

        assertEquals(new ConversationStorePort.Appended.Stored(draft.at(1)), outcome);
        assertEquals(List.of(draft.at(1)), store.messages(conversation, MessageRange.after(0, 10)));
        assertEquals(1, store.latestOffset(conversation));
    }

    @Test
    void aLaterResendOfTheSameIdIsStillAlreadyStored() {
        ConversationId conversation = Drafts.created(store, "resend");
        Message first = assertInstanceOf(ConversationStorePort.Appended.Stored.class,
                store.append(draft(conversation, "m1", T0))).message();
        NewMessage resent = draft(conversation, "m1", T0.plus(Duration.ofSeconds(5)));

        assertEquals(new ConversationStorePort.Appended.AlreadyStored(first), jdbc.append(resent));
        assertEquals(new ConversationStorePort.Appended.AlreadyStored(first), store.append(resent));
    }

    /** Passes every call through, but throws after the first append has committed, as a dropped link would. */
    private record LosesTheFirstAnswer(ConversationStorePort store, AtomicBoolean lost)
            implements ConversationStorePort {
        LosesTheFirstAnswer(ConversationStorePort store) {
            this(store, new AtomicBoolean());
        }

        @Override
        public Appended append(NewMessage message) {
            Appended appended = store.append(message);
            if (lost.compareAndSet(false, true)) {
                throw new StoreUnavailableException("connection lost after commit", Duration.ofSeconds(1), null);
            }
            return appended;
        }

        @Override
        public Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs,
                                 boolean mayCreate, Instant now) {
            return store.enroll(conversation, user, admitAs, mayCreate, now);
        }

        @Override
        public Optional<Conversation> find(ConversationId conversation) {
            return store.find(conversation);
        }

        @Override
        public long latestOffset(ConversationId conversation) {
            return store.latestOffset(conversation);
        }

        @Override
        public List<Message> messages(ConversationId conversation, MessageRange range) {
            return store.messages(conversation, range);
        }

        @Override
        public Set<MessageId> storedIds(ConversationId conversation, Collection<MessageId> ids) {
            return store.storedIds(conversation, ids);
        }

        @Override
        public Optional<Role> roleOf(ConversationId conversation, UserId user) {
            return store.roleOf(conversation, user);
        }

        @Override
        public RoleChange setRole(ConversationId conversation, UserId user, Role role, boolean createIfMissing,
                                  Instant now) {
            return store.setRole(conversation, user, role, createIfMissing, now);
        }

        @Override
        public Optional<Role> removeMember(ConversationId conversation, UserId user) {
            return store.removeMember(conversation, user);
        }

        @Override
        public List<Member> members(ConversationId conversation, Optional<UserId> after, int limit) {
            return store.members(conversation, after, limit);
        }

        @Override
        public List<Membership> memberships(UserId user, Optional<ConversationId> after, int limit) {
            return store.memberships(user, after, limit);
        }

        @Override
        public boolean delete(ConversationId conversation) {
            return store.delete(conversation);
        }
    }
}
