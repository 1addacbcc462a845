package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.WebhookOutboxPort;
import io.parley.application.port.out.WebhookOutboxPort.Cursor;
import io.parley.application.port.out.WebhookOutboxPort.MembershipEvent;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhooks' outbox on an H2 file database: what was stored before webhooks were on is not due; entries after
 * a cursor come in offset order; a failure waits for its time; a parked entry moves the cursor on; membership
 * changes are recorded only while webhooks are on; one node leads at a time.
 */
class JdbcWebhookOutboxTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final UserId ANN = new UserId("ann");

    @TempDir
    Path directory;
    private JdbcStorage storage;
    private ConversationStorePort store;
    private WebhookOutboxPort outbox;

    @BeforeEach
    void open() {
        storage = JdbcStores.open(TestDatabases.h2File(directory));
        store = storage.conversations();
        outbox = storage.webhooks();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void entriesAfterTheCursorComeInOrderAndWhatCameBeforeWebhooksIsNotDue() {
        ConversationId old = new ConversationId("old");
        store.enroll(old, ANN, Optional.empty(), T0);
        append(old, "o1");
        outbox.enable(true, T0);
        assertEquals(List.of(), outbox.due(T0, 10), "stored before webhooks were on");
        assertTrue(outbox.nextMembershipEvent(T0).isEmpty());

        append(old, "o2");
        ConversationId fresh = new ConversationId("fresh");
        store.enroll(fresh, ANN, Optional.empty(), T0);
        append(fresh, "f1");
        append(fresh, "f2");
        List<Cursor> due = outbox.due(T0, 10);
        assertEquals(List.of(new Cursor(fresh, 0, 2, 0), new Cursor(old, 1, 2, 0)), due);
        assertEquals(1, outbox.next(fresh, 0).orElseThrow().offset());
        outbox.delivered(fresh, 1);
        assertEquals(2, outbox.next(fresh, 1).orElseThrow().offset());

        outbox.failed(fresh, 1, T0.plusSeconds(5), "the receiver answered 500");
        assertEquals(List.of(old), outbox.due(T0, 10).stream().map(Cursor::conversation).toList(), "waiting");
        assertEquals(new Cursor(fresh, 1, 2, 1), outbox.due(T0.plusSeconds(5), 10).getFirst());
        outbox.park(fresh, 2, "fresh/2", "message", 3, "gave up", T0);
        assertEquals(1, outbox.parked());
        assertEquals(List.of(old), outbox.due(T0.plusSeconds(5), 10).stream().map(Cursor::conversation).toList());

        MembershipEvent joined = outbox.nextMembershipEvent(T0.plusSeconds(60)).orElseThrow();
        assertEquals("joined", joined.kind());
        assertEquals(fresh, joined.conversation());
        assertEquals(Optional.of(Role.OWNER), joined.role());
        outbox.membershipDelivered(joined.id());
        assertTrue(outbox.nextMembershipEvent(T0.plusSeconds(60)).isEmpty());
    }

    @Test
    void oneNodeLeadsAtATimeAndTurningWebhooksOffRecordsNothingMore() {
        outbox.enable(true, T0);
        outbox.enable(true, T0.plusSeconds(1));
        assertTrue(outbox.lead("a", T0, Duration.ofSeconds(10)));
        assertFalse(outbox.lead("b", T0.plusSeconds(5), Duration.ofSeconds(10)), "a's lease holds");
        assertTrue(outbox.lead("a", T0.plusSeconds(5), Duration.ofSeconds(10)), "a renews");
        assertTrue(outbox.lead("b", T0.plusSeconds(16), Duration.ofSeconds(10)), "a's lease ran out");

        outbox.enable(false, T0);
        store.enroll(new ConversationId("quiet"), ANN, Optional.empty(), T0);
        outbox.enable(true, T0);
        assertTrue(outbox.nextMembershipEvent(T0.plusSeconds(60)).isEmpty(), "off: nothing recorded");
    }

    private void append(ConversationId conversation, String id) {
        store.append(new NewMessage(conversation, new MessageId(id), MessageRole.USER, ANN, "text " + id, T0, null));
    }
}
