package io.parley.adapter.in.http;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.parley.application.port.in.GetStatsUseCase;
import io.parley.application.port.in.NodeStats;

/** {@code GET /api/stats}: this node's connections and traffic as JSON. */
final class StatsResource {
    private final GetStatsUseCase stats;
    private final JsonFactory json;

    StatsResource(GetStatsUseCase stats, JsonFactory json) {
        this.stats = stats;
        this.json = json;
    }

    void get(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(toJson(stats.stats()));
    }

    private String toJson(NodeStats s) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("node", s.node());
            g.writeNumberField("connections", s.connections());
            g.writeNumberField("conversations", s.conversations());
            g.writeNumberField("users", s.users());
            g.writeObjectFieldStart("messages");
            g.writeNumberField("in", s.messagesIn());
            g.writeNumberField("out", s.messagesOut());
            g.writeEndObject();
            g.writeObjectFieldStart("frames");
            g.writeNumberField("in", s.framesIn());
            g.writeNumberField("out", s.framesOut());
            g.writeEndObject();
            counters(g, "rejections", s.rejections());
            counters(g, "closes", s.closes());
            counters(g, "limit_hits", s.limitHits());
            g.writeObjectFieldStart("queues");
            g.writeNumberField("bytes", s.queuedBytes());
            g.writeNumberField("max_bytes", s.maxQueuedBytes());
            g.writeEndObject();
            g.writeObjectFieldStart("runs");
            g.writeNumberField("started", s.runsStarted());
            g.writeNumberField("in_flight", s.runsInFlight());
            counters(g, "ended", s.runsEnded());
            g.writeEndObject();
            if (s.webhooks().isPresent()) {
                g.writeObjectFieldStart("webhooks");
                g.writeNumberField("delivered", s.webhooks().get().delivered());
                g.writeNumberField("failed", s.webhooks().get().failed());
                g.writeNumberField("parked", s.webhooks().get().parked());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void counters(JsonGenerator g, String name, Map<String, Long> values) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : values.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
