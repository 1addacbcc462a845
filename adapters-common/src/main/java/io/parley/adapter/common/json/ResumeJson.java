package io.parley.adapter.common.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.domain.run.ResumeEntry;

/**
 * Reads AG-UI {@code resume[]}: {@code [{interruptId, status: "resolved"|"cancelled", payload?}]}, as
 * {@code RunAgentInput.resume} and a WebSocket {@code send} bring them. What is wrong is an
 * {@link IllegalArgumentException} that says what.
 */
public final class ResumeJson {
    /** The most entries one request may bring. */
    public static final int MAX_ENTRIES = 64;

    private ResumeJson() {
    }

    /** The entries of {@code array}; none when it is absent or null. */
    public static List<ResumeEntry> read(JsonNode array) {
        if (array == null || array.isNull() || array.isMissingNode()) {
            return List.of();
        }
        if (!array.isArray() || array.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("resume must be an array of at most " + MAX_ENTRIES
                    + " {interruptId, status, payload?}");
        }
        List<ResumeEntry> entries = new ArrayList<>();
        for (JsonNode entry : array) {
            JsonNode id = entry.get("interruptId");
            String status = entry.path("status").asText("");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || id.asText().length() > 300) {
                throw new IllegalArgumentException("every resume entry needs the interruptId it answers");
            }
            if (!status.equals("resolved") && !status.equals("cancelled")) {
                throw new IllegalArgumentException("a resume entry's status is resolved or cancelled");
            }
            JsonNode payload = entry.get("payload");
            entries.add(new ResumeEntry(id.asText(), status.equals("resolved"),
                    payload == null || payload.isNull() ? "" : payload.toString()));
        }
        return entries;
    }
}
