package io.parley.application.port.out;

import java.time.Instant;
import java.util.UUID;

import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * What the parts of {@link ConversationStoreContract} work on: the store under test, a conversation id of the test's
 * own, and ids made up from it. A store may be shared by all tests of a run, and a database by earlier runs: a test
 * only looks at conversations and users it made up.
 */
public interface StoreUnderTest {
    /** Later than {@link ConversationStoreContract#T0}: when a conversation is created again. */
    Instant T1 = Instant.parse("2026-03-02T11:30:00.456Z");

    /** The store under test. */
    ConversationStorePort store();

    /** A conversation id no other test uses; it does not exist when the test starts. */
    ConversationId conversation();

    /** Another conversation of this test's own: the test's id followed by {@code suffix}. */
    default ConversationId conversation(String suffix) {
        return new ConversationId(conversation().value() + "-" + suffix);
    }

    /** A user id no other test, and no earlier run on the same database, has used. */
    default UserId freshUser(String name) {
        return new UserId(name + "-" + UUID.randomUUID());
    }

    /** A user's message with id {@code id} for {@code conversation}, sent at {@link ConversationStoreContract#T0}. */
    default NewMessage message(ConversationId conversation, String id) {
        return new NewMessage(conversation, new MessageId(id), MessageRole.USER, new UserId("alice"), "text of " + id,
                ConversationStoreContract.T0, null);
    }

    /** Appends {@code message}, which must be stored at a new offset: the stored message. */
    default Message storedNow(NewMessage message) {
        return assertInstanceOf(Appended.Stored.class, store().append(message)).message();
    }
}
