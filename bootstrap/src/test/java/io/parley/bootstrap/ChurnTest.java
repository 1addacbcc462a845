package io.parley.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.parley.application.testing.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Many connections come and go, every way there is, and the node's counts come back to zero. */
class ChurnTest {

    @Test
    void tenThousandOpenCloseCyclesLeaveTheCountsAtZero() throws Exception {
        try (TestParley parley = TestParley.start(Map.of("PARLEY_MAX_CONNECTIONS", "100000",
                "PARLEY_CONNECTS_PER_MINUTE", "1000000", "PARLEY_MESSAGES_PER_SECOND", "1000"))) {
            try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    runs.add(clients.submit(() -> {
                        for (int i = 0; i < 1250; i++) {
                            cycle(parley.port(), thread, i);
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
            }
            Eventually.until("every connection is forgotten", () -> parley.stats().get("connections").asInt() == 0);
            JsonNode stats = parley.stats();
            assertEquals(0, stats.get("conversations").asInt());
            assertEquals(0, stats.get("users").asInt());
            assertEquals(10_000, stats.at("/closes/normal").asInt() + stats.at("/closes/abnormal").asInt());
            for (int i = 0; i < 5; i++) {
                parley.connect("u3-7").expect("welcome"); // u3-7 came and went 25 times; every place was given back
            }
        }
    }

    /** One connection's life: half close cleanly, half vanish; one in ten joins a conversation first. */
    private static void cycle(int port, int thread, int n) throws Exception {
        RawWebSocket ws = RawWebSocket.open(port, "user=u" + thread + "-" + (n % 50));
        if (n % 10 == 0) {
            ws.sendText("{\"type\":\"join\",\"conversation\":\"churn-" + (n % 7) + "\"}");
        }
        if (n % 2 == 0) {
            ws.closeCleanly();
        } else {
            ws.dropAbruptly();
        }
    }
}
