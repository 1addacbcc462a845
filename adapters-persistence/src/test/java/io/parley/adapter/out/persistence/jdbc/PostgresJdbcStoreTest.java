package io.parley.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.Test;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;

import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The JDBC store's own promises on PostgreSQL ({@code PARLEY_TEST_PG_URL}). */
class PostgresJdbcStoreTest extends JdbcStoreContract {

    @Override
    protected JdbcStoreSettings database() {
        return TestDatabases.postgres();
    }

    @Test
    void textWithANulCharacterNeverReachesPostgresWhichCannotHoldIt() {
        ConversationId conversation = Drafts.created(storage.conversations(), "nul");
        assertThrows(IllegalArgumentException.class, () -> new NewMessage(conversation, new MessageId("nul"),
                MessageRole.USER, Drafts.ALICE, "before\u0000after", T0, null), "the domain refuses it first");
        assertEquals(0, storage.conversations().latestOffset(conversation));
    }
}
