package com.example.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.RetentionPolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The application's store purges as the retention policy says, and offsets go on after the highest ever given. */
class SortedMapConversationStorePurgeTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final UserId ALICE = new UserId("alice");
    private static final ConversationId CHAT = new ConversationId("chat");

    private final SortedMapConversationStore store = new SortedMapConversationStore();

    @Test
    void onlyTheNewestMessagesAreKeptAndOffsetsAreNotReused() {
        store.enroll(CHAT, ALICE, Optional.empty(), T0);
        for (int i = 1; i <= 5; i++) {
            store.append(draft("m" + i, T0.plusSeconds(i)));
        }

        assertEquals(3, store.purge(new RetentionPolicy(Optional.empty(), OptionalInt.of(2)), T0).messages());

        assertEquals(List.of(4L, 5L), offsets(store.messages(CHAT, MessageRange.after(0, 10))));
        assertEquals(6, assertInstanceOf(Appended.Stored.class, store.append(draft("m6", T0))).message().offset());
        assertEquals(6, store.latestOffset(CHAT));
    }

    @Test
    void messagesOlderThanTheAgeLimitGoAndTheirIdsAreForgotten() {
        store.enroll(CHAT, ALICE, Optional.empty(), T0);
        store.append(draft("old", T0));
        store.append(draft("new", T0.plus(Duration.ofHours(2))));

        assertEquals(1, store.purge(new RetentionPolicy(Optional.of(Duration.ofHours(1)), OptionalInt.empty()),
                T0.plus(Duration.ofHours(2))).messages());

        assertEquals(List.of(2L), offsets(store.messages(CHAT, MessageRange.newest(10))));
        assertEquals(List.of(), List.copyOf(store.storedIds(CHAT, List.of(new MessageId("old")))));
        assertEquals(0, store.purge(RetentionPolicy.keepEverything(), T0.plus(Duration.ofDays(365))).messages());
    }

    private static NewMessage draft(String id, Instant at) {
        return new NewMessage(CHAT, new MessageId(id), MessageRole.USER, ALICE, "text of " + id, at, null);
    }

    private static List<Long> offsets(List<Message> messages) {
        return messages.stream().map(Message::offset).toList();
    }
}
