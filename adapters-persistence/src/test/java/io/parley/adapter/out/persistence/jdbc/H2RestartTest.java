package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.Role;

import static io.parley.adapter.out.persistence.jdbc.Drafts.ALICE;
import static io.parley.adapter.out.persistence.jdbc.Drafts.BOB;
import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static io.parley.adapter.out.persistence.jdbc.Drafts.draft;
import static io.parley.adapter.out.persistence.jdbc.Drafts.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded default survives a restart: the H2 file keeps conversations, members and messages, and a deleted
 * conversation's last offset.
 */
class H2RestartTest {
    @TempDir
    Path directory;

    @Test
    void reopeningTheFileKeepsEverythingAndOffsetsContinue() {
        JdbcStoreSettings settings = TestDatabases.h2File(directory);
        ConversationId conversation;
        Conversation before;
        List<Message> messagesBefore;
        try (JdbcStorage first = JdbcStores.open(settings)) {
            ConversationStorePort store = first.conversations();
            conversation = Drafts.created(store, "restart");
            store.enroll(conversation, BOB, Optional.of(Role.VIEWER), T0);
            for (int i = 1; i <= 3; i++) {
                store.append(draft(conversation, "before-" + i, T0));
            }
            before = store.find(conversation).orElseThrow();
            messagesBefore = store.messages(conversation, MessageRange.after(0, 10));
        }
        try (JdbcStorage second = JdbcStores.open(settings)) {
            ConversationStorePort store = second.conversations();
            assertEquals(before, store.find(conversation).orElseThrow());
            assertEquals(List.of(new Member(ALICE, Role.OWNER), new Member(BOB, Role.VIEWER)),
                    store.find(conversation).orElseThrow().members());
            assertEquals(messagesBefore, store.messages(conversation, MessageRange.after(0, 10)));
            assertEquals(3, store.latestOffset(conversation));
            assertEquals(4, stored(store.append(draft(conversation, "after-restart", T0))).offset());
            assertEquals(new ConversationStorePort.Appended.AlreadyStored(messagesBefore.getFirst()),
                    store.append(draft(conversation, "before-1", T0)), "ids stay known across a restart");
        }
    }

    @Test
    void aDeletedConversationStaysDeletedAndItsOffsetsGoOnAfterARestart() {
        JdbcStoreSettings settings = TestDatabases.h2File(directory);
        ConversationId conversation;
        try (JdbcStorage first = JdbcStores.open(settings)) {
            ConversationStorePort store = first.conversations();
            conversation = Drafts.created(store, "deleted");
            store.append(draft(conversation, "m1", T0));
            store.append(draft(conversation, "m2", T0));
            assertTrue(store.delete(conversation));
        }
        try (JdbcStorage second = JdbcStores.open(settings)) {
            ConversationStorePort store = second.conversations();
            assertTrue(store.find(conversation).isEmpty());
            assertEquals(new Enrollment.Enrolled(Role.OWNER, true), store.enroll(conversation, BOB, Optional.empty(),
                    T0));
            assertEquals(2, store.latestOffset(conversation));
            assertEquals(3, stored(store.append(draft(conversation, "m1", T0))).offset());
        }
    }
}
