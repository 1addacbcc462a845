package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Fixtures for the JDBC tests: fresh conversation ids, drafts, and reading a whole conversation back. */
final class Drafts {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");
    static final UserId ALICE = new UserId("alice");
    static final UserId BOB = new UserId("bob");
    private static final int PAGE = 1000;

    private Drafts() {
    }

    static ConversationId freshConversation(String prefix) {
        return new ConversationId(prefix + "-" + UUID.randomUUID());
    }

    static NewMessage draft(ConversationId conversation, String id, Instant at) {
        return new NewMessage(conversation, new MessageId(id), MessageRole.USER, ALICE, "text of " + id, at, null);
    }

    static ConversationId created(ConversationStorePort store, String prefix) {
        ConversationId conversation = freshConversation(prefix);
        store.enroll(conversation, ALICE, Optional.empty(), T0);
        return conversation;
    }

    static Message stored(Appended appended) {
        return assertInstanceOf(Appended.Stored.class, appended).message();
    }

    /** Every offset the conversation holds, read page by page (a page holds at most {@code MAX_LIMIT}). */
    static List<Long> offsetsIn(ConversationStorePort store, ConversationId conversation) {
        List<Long> offsets = new ArrayList<>();
        List<Message> page = store.messages(conversation, MessageRange.after(0, PAGE));
        while (!page.isEmpty()) {
            page.forEach(m -> offsets.add(m.offset()));
            page = store.messages(conversation, MessageRange.after(offsets.getLast(), PAGE));
        }
        return offsets;
    }
}
