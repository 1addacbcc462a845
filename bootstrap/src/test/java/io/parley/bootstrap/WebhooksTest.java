package io.parley.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks from a real server on the default database store to a receiver in the test: every stored event
 * (messages, an edit, a delete, membership changes) arrives signed, once, in offset order per conversation, while
 * the receiver answers 500 for a while and then 200; an event that keeps failing is parked after the bound, shown
 * in the stats, and the conversation's later events go on.
 */
class WebhooksTest {
    private static final String SECRET = "webhook-secret-for-tests";

    @Test
    void aReceiverThatFailsForAWhileGetsEveryEventOnceInOrder() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(SECRET);
             TestParley parley = TestParley.start(hooks(receiver, "50"));
             WsTestClient ann = parley.connect("ann-w");
             WsTestClient bob = parley.connect("bob-w")) {
            AtomicInteger failures = new AtomicInteger(6);
            receiver.refuse(event -> failures.getAndDecrement() > 0);
            ann.expect("welcome");
            bob.expect("welcome");
            ann.join("hooked");
            bob.join("hooked");
            String first = send(ann, "hooked", "one");
            send(bob, "hooked", "two");
            send(ann, "hooked", "three");
            ann.send("{\"type\":\"edit\",\"conversation\":\"hooked\",\"id\":\"" + first
                    + "\",\"content\":\"one!\"}");
            ann.until("message_edited");
            ann.send("{\"type\":\"delete\",\"conversation\":\"hooked\",\"id\":\"" + first + "\"}");
            ann.until("message_deleted");
            assertEquals(204, parley.asServer("DELETE", "/api/conversations/hooked/members/bob-w", null)
                    .statusCode());

            Eventually.until("every event arrived", () -> receiver.taken().size() >= 8);
            List<JsonNode> log = receiver.taken().stream().filter(e -> e.has("offset")).toList();
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), log.stream().map(e -> e.get("offset").asLong()).toList(),
                    "each entry once, in offset order");
            assertEquals(List.of("message", "message", "message", "message_edited", "message_deleted"),
                    log.stream().map(e -> e.get("type").asText()).toList());
            assertEquals("two", log.get(1).at("/message/content").asText());
            assertEquals("one!", log.get(3).get("content").asText());
            assertEquals(first, log.get(4).get("message_id").asText());
            List<String> members = receiver.taken().stream().filter(e -> !e.has("offset"))
                    .map(e -> e.get("type").asText() + ":" + e.get("user").asText()).toList();
            assertEquals(List.of("member_joined:ann-w", "member_joined:bob-w", "member_removed:bob-w"), members);
            assertEquals(receiver.taken().size(), receiver.taken().stream().map(e -> e.get("id").asText())
                    .distinct().count(), "no event twice");
            assertTrue(receiver.refused().size() >= 6, "the receiver failed " + receiver.refused().size() + " times");
            assertFalse(receiver.badSignatureSeen());
            JsonNode stats = parley.stats().get("webhooks");
            assertEquals(0, stats.get("parked").asLong());
            assertTrue(stats.get("failed").asLong() >= 6);
        }
    }

    @Test
    void anEventThatKeepsFailingIsParkedAndTheOthersGoOn() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(SECRET);
             TestParley parley = TestParley.start(hooks(receiver, "3"));
             WsTestClient cy = parley.connect("cy-w")) {
            receiver.refuse(event -> event.at("/message/content").asText().equals("poison"));
            cy.expect("welcome");
            cy.join("pills");
            cy.join("others");
            send(cy, "pills", "poison");
            send(cy, "others", "fine");
            send(cy, "pills", "after");
            Eventually.until("the events after the parked one arrived", () -> receiver.taken().stream()
                    .anyMatch(e -> e.at("/message/content").asText().equals("after")));
            assertEquals(3, receiver.refused().stream().filter(id -> id.equals("pills/1")).count(),
                    "tried max-attempts times, then parked");
            assertTrue(receiver.taken().stream().anyMatch(e -> e.at("/message/content").asText().equals("fine")));
            assertEquals(1, parley.stats().at("/webhooks/parked").asLong());
            var metrics = parley.get("/observe/metrics");
            assertTrue(metrics.body().contains("parley_webhooks_parked{scope=\"application\",} 1.0"),
                    metrics.statusCode() + " " + metrics.body());
        }
    }

    static Map<String, String> hooks(WebhookReceiver receiver, String maxAttempts) {
        return Map.of("PARLEY_WEBHOOK_URL", receiver.url(), "PARLEY_WEBHOOK_SECRET", SECRET,
                "PARLEY_WEBHOOK_RETRY_MIN", "20ms", "PARLEY_WEBHOOK_RETRY_MAX", "100ms",
                "PARLEY_WEBHOOK_POLL", "20ms", "PARLEY_WEBHOOK_MAX_ATTEMPTS", maxAttempts,
                "PARLEY_MESSAGES_PER_SECOND", "1000");
    }

    private static String send(WsTestClient client, String conversation, String content) {
        client.send("{\"type\":\"send\",\"conversation\":\"" + conversation + "\",\"content\":\"" + content
                + "\",\"reply\":false}");
        String id = client.until("ack").getLast().get("id").asText();
        client.until("message");
        return id;
    }
}
