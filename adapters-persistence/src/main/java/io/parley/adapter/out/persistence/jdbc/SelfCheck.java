package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.parley.adapter.out.persistence.jdbc.JdbcStoreSettings.Setting;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.run.RunId;

/**
 * Before the store opens, runs the statements it lives on (enrol, append, read back, trim) on a conversation of its
 * own, in one transaction that it rolls back: a database the store cannot use fails here, once, not on every call.
 */
final class SelfCheck {
    private SelfCheck() {
    }

    static void run(Database database, JdbcStoreSettings settings) {
        ConversationId conversation = new ConversationId("parley-self-check-" + UUID.randomUUID());
        UserId user = new UserId("parley-self-check");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        NewMessage probe = new NewMessage(conversation, new MessageId("self-check"), MessageRole.SYSTEM, user,
                "self-check \u00e9\u4e2d\ud83d\ude00", now, new RunId("self-check-run"));
        List<Object> outcome = database.rolledBack("self-check", tx -> {
            Enrollments.enroll(tx, conversation, user, Optional.empty(), true, now);
            List<Appended> appended = AppendTransaction.store(tx, List.of(probe));
            List<Message> read = JdbcConversationStore.page(tx, conversation, 0, Long.MAX_VALUE, 10);
            long trimmed = Retention.trim(tx, new Retention.Trim(conversation.value(), 1));
            return List.of(appended, read, trimmed);
        });
        Message expected = probe.at(1);
        if (!outcome.equals(List.of(List.of(new Appended.Stored(expected)), List.of(expected), 1L))) {
            throw new StoreUnusableException("the conversation store at " + settings.safeUrl() + " is unusable: a"
                    + " test message read back differently from how it was stored (" + outcome + ")",
                    List.of(Setting.URL), null);
        }
    }
}
