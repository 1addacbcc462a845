package io.parley.adapter.out.persistence.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.adapter.out.persistence.resilience.StoreStatus;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.PurgeMessagesPort;
import io.parley.application.testing.AtOnce;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.RetentionPolicy;
import io.parley.domain.conversation.ToolCall;

import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static io.parley.adapter.out.persistence.jdbc.Drafts.draft;
import static io.parley.adapter.out.persistence.jdbc.Drafts.offsetsIn;
import static io.parley.adapter.out.persistence.jdbc.Drafts.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JDBC store promises beyond the port contract: retention deletes by age and by count and never makes
 * offsets restart; a message the database cannot hold is refused on its own; tool call arguments and reasoning as
 * long as the longest content fit. The database may hold other
 * conversations (PostgreSQL keeps earlier runs), so purge counts are checked as "at least".
 */
abstract class JdbcStoreContract {
    protected JdbcStorage storage;
    private ConversationStorePort store;
    private PurgeMessagesPort purge;

    /** The database under test. */
    protected abstract JdbcStoreSettings database();

    private JdbcStorage open() {
        return JdbcStores.open(database());
    }

    @BeforeEach
    void openStore() {
        storage = open();
        store = storage.conversations();
        purge = storage.purge();
    }

    @AfterEach
    void closeStore() {
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void purgingByAgeDeletesOlderMessagesAndOffsetsContinue() {
        ConversationId conversation = Drafts.created(store, "age");
        for (int i = 1; i <= 3; i++) {
            store.append(draft(conversation, "old-" + i, T0.minus(Duration.ofDays(10))));
        }
        store.append(draft(conversation, "recent-1", T0.minus(Duration.ofHours(1))));
        store.append(draft(conversation, "recent-2", T0));

        long deleted = purge.purge(new RetentionPolicy(Optional.of(Duration.ofDays(1)), OptionalInt.empty()), T0)
                .messages();

        assertTrue(deleted >= 3, "deleted " + deleted);
        assertEquals(List.of(4L, 5L), offsetsIn(store, conversation));
        assertEquals(5, store.latestOffset(conversation));
        assertEquals(6, stored(store.append(draft(conversation, "after-purge", T0))).offset());
    }

    @Test
    void purgingByCountKeepsTheNewestOfEachConversation() {
        ConversationId busy = Drafts.created(store, "busy");
        ConversationId quiet = Drafts.created(store, "quiet");
        for (int i = 1; i <= 10; i++) {
            store.append(draft(busy, "b" + i, T0));
        }
        store.append(draft(quiet, "q1", T0));
        store.append(draft(quiet, "q2", T0));

        long deleted = purge.purge(new RetentionPolicy(Optional.empty(), OptionalInt.of(3)), T0).messages();

        assertTrue(deleted >= 7, "deleted " + deleted);
        assertEquals(List.of(8L, 9L, 10L), offsetsIn(store, busy));
        assertEquals(List.of(1L, 2L), offsetsIn(store, quiet));
        assertEquals(List.of(8L, 9L, 10L), offsetsOf(store.messages(busy, MessageRange.before(Long.MAX_VALUE, 5))));
        assertEquals(List.of(8L), offsetsOf(store.messages(busy, MessageRange.before(9, 5))));
        assertEquals(List.of(), store.messages(busy, MessageRange.before(8, 5)));
        assertEquals(11, stored(store.append(draft(busy, "b11", T0))).offset());
        assertEquals(List.of(8L, 9L, 10L, 11L), offsetsIn(store, busy));
    }

    private static List<Long> offsetsOf(List<Message> messages) {
        return messages.stream().map(Message::offset).toList();
    }

    @Test
    void aConversationPurgedEmptyKeepsItsLatestOffset() {
        ConversationId conversation = Drafts.created(store, "emptied");
        store.append(draft(conversation, "m1", T0.minus(Duration.ofDays(30))));
        store.append(draft(conversation, "m2", T0.minus(Duration.ofDays(30))));

        purge.purge(new RetentionPolicy(Optional.of(Duration.ofDays(7)), OptionalInt.of(100)), T0);

        assertEquals(List.of(), offsetsIn(store, conversation));
        assertEquals(2, store.latestOffset(conversation));
        assertEquals(2, store.find(conversation).orElseThrow().latestOffset());
        assertEquals(3, stored(store.append(draft(conversation, "m3", T0))).offset());
    }

    @Test
    void aMessageTheDatabaseCannotHoldIsRefusedAloneWhileTheRestOfItsBatchIsStored() throws Exception {
        ConversationId conversation = Drafts.created(store, "unstorable");
        // the domain refuses what it knows no database can hold (NUL, over-long ids and text); a constraint only
        // this database has is what is left to show the store refusing one message of a batch on its own
        String poison = "refused by this database alone";
        sql("ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_test_refusal");
        sql("ALTER TABLE messages ADD CONSTRAINT messages_test_refusal CHECK (content <> '" + poison + "')");
        try {
            NewMessage refused = new NewMessage(conversation, new MessageId("refused"), MessageRole.ASSISTANT,
                    Drafts.ALICE, poison, T0, null);

            List<Object> outcomes = AtOnce.run(21, i -> {
                try {
                    return i == 0 ? store.append(refused) : store.append(draft(conversation, "m" + i, T0));
                } catch (IllegalArgumentException e) {
                    return e;
                }
            });

            assertInstanceOf(IllegalArgumentException.class, outcomes.getFirst());
            assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), offsetsIn(store, conversation));
            assertEquals(new StoreStatus(StoreStatus.Health.UP, CircuitState.CLOSED), storage.status(),
                    "a refused message is no store failure");
        } finally {
            sql("ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_test_refusal");
        }
    }

    private void sql(String statement) throws SQLException {
        JdbcStoreSettings settings = database();
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement executed = connection.createStatement()) {
            executed.execute(statement);
        }
    }

    @Test
    void toolCallArgumentsAndReasoningAsLongAsTheLongestContentFit() {
        ConversationId conversation = Drafts.created(store, "longest");
        int longest = NewMessage.MAX_CONTENT_LENGTH;
        // JSON escapes all of these but the é, the NUL (which PostgreSQL cannot hold as text) as six characters
        String arguments = "\"\\\n\u0000\u00e9".repeat(longest / 5);
        NewMessage draft = new NewMessage(conversation, new MessageId("longest"), MessageRole.ASSISTANT, Drafts.ALICE,
                "c".repeat(longest), T0, null, AgentParts.assistant(List.of(new ToolCall("call-1", "one", arguments),
                new ToolCall("call-2", "two", arguments)), "r".repeat(longest)));

        Message stored = stored(store.append(draft));

        assertEquals(draft.at(1), stored);
        assertEquals(List.of(stored), store.messages(conversation, MessageRange.after(0, 1)));
    }

    @Test
    void keepingEverythingDeletesNothing() {
        ConversationId conversation = Drafts.created(store, "kept");
        store.append(draft(conversation, "ancient", T0.minus(Duration.ofDays(3650))));

        assertEquals(0, purge.purge(RetentionPolicy.keepEverything(), T0).messages());
        assertEquals(List.of(1L), offsetsIn(store, conversation));
    }
}
