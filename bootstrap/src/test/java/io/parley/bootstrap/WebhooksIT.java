package io.parley.bootstrap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar, SIGKILLed with a webhook backlog (the receiver refusing most of it), started again on the same
 * database: the backlog is delivered whole, in offset order, and what was delivered before the kill is not lost.
 */
class WebhooksIT {

    @Test
    void aNodeKilledWithAWebhookBacklogDeliversAllOfItAfterItsRestart(@TempDir Path workDir) throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start("it-secret")) {
            Map<String, String> env = Map.of("PARLEY_WEBHOOK_URL", receiver.url(),
                    "PARLEY_WEBHOOK_SECRET", "it-secret", "PARLEY_WEBHOOK_RETRY_MIN", "50ms",
                    "PARLEY_WEBHOOK_RETRY_MAX", "200ms", "PARLEY_WEBHOOK_POLL", "50ms",
                    "PARLEY_MESSAGES_PER_SECOND", "1000", "PARLEY_LLM_PROVIDER", "echo");
            receiver.refuse(event -> event.path("offset").asLong() > 3);
            int total = 30;
            try (JarProcess doomed = JarProcess.start(workDir, env);
                 WsTestClient sender = WsTestClient.connect(doomed.port(), "user=sender-k")) {
                sender.expect("welcome");
                sender.join("backlog");
                for (int i = 1; i <= total; i++) {
                    sender.send("{\"type\":\"send\",\"conversation\":\"backlog\",\"content\":\"m" + i
                            + "\",\"reply\":false}");
                }
                assertEquals(total, sender.untilCount("ack", total).stream()
                        .filter(f -> f.path("type").asText().equals("ack")).count());
                Eventually.until("the receiver refused the backlog's head",
                        () -> receiver.refused().contains("backlog/4"));
                doomed.kill();
            }
            assertEquals(3, offsets(receiver).size(), "delivered before the kill: 1-3");

            receiver.refuse(event -> false);
            try (JarProcess again = JarProcess.start(workDir, env)) {
                Eventually.until("the backlog is delivered", () -> offsets(receiver).size() >= total);
                assertTrue(again.port() > 0);
            }
            List<Long> firsts = new ArrayList<>(offsets(receiver));
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), firsts,
                    "every event, in offset order");
        }
    }

    /** The offsets of the message events taken, in the order they first arrived. */
    private static Set<Long> offsets(WebhookReceiver receiver) {
        Set<Long> offsets = new LinkedHashSet<>();
        for (JsonNode event : receiver.taken()) {
            if (event.path("type").asText().equals("message")) {
                offsets.add(event.get("offset").asLong());
            }
        }
        return offsets;
    }
}
