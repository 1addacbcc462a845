package io.parley.adapter.out.assistant;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads Chat Completions chunks: the text of {@code choices[0].delta.content} (null or absent is no text),
 * {@code finish_reason}, {@code model}, a {@code usage} chunk with empty {@code choices}, and in-stream errors.
 */
final class Chunks {
    private final ObjectMapper json;

    Chunks(ObjectMapper json) {
        this.json = json;
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * The events in one SSE event's data. Data that is not one JSON object but several lines of JSON (a server
     * that left out the blank lines between events) is read line by line.
     */
    List<StreamEvent> read(String data, long atNanos) {
        try {
            return List.of(event(json.readTree(data), atNanos));
        } catch (JsonProcessingException e) {
            if (data.indexOf('\n') < 0) {
                return List.of(unreadable(data));
            }
            List<StreamEvent> events = new ArrayList<>();
            for (String line : data.split("\n")) {
                if (!line.isBlank()) {
                    events.addAll(read(line, atNanos));
                }
            }
            return events;
        }
    }

    /** The event in one JSON object: a chunk, a whole (non-streamed) completion, or an error. */
    StreamEvent event(JsonNode node, long atNanos) {
        if (node == null || !node.isObject()) {
            return unreadable(String.valueOf(node));
        }
        if (node.hasNonNull("error") || "error".equals(node.path("object").asText())) {
            return new StreamEvent.ProviderError(ErrorBodies.message(node).orElse("unspecified error"));
        }
        JsonNode choice = firstChoice(node.path("choices"));
        JsonNode delta = choice.has("delta") ? choice.path("delta") : choice.path("message");
        boolean thinking = hasText(delta.get("reasoning_content")) || hasText(delta.get("reasoning"));
        return new StreamEvent.Chunk(text(delta.get("content")), thinking, textOrNull(choice.get("finish_reason")),
                textOrNull(node.get("model")), usage(node.get("usage")), atNanos);
    }

    /** The choice with index 0 (we ask for one choice) or without an index; a missing node if there is none. */
    private static JsonNode firstChoice(JsonNode choices) {
        for (JsonNode choice : choices) {
            if (choice.path("index").asInt(0) == 0) {
                return choice;
            }
        }
        return choices.path(choices.size());
    }

    private static StreamEvent.Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new StreamEvent.Usage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong());
    }

    private static String text(JsonNode content) {
        return content != null && content.isTextual() ? content.asText() : "";
    }

    private static boolean hasText(JsonNode node) {
        return !text(node).isEmpty();
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static StreamEvent unreadable(String data) {
        String shown = data.length() > 80 ? data.substring(0, 80) + "…" : data;
        return new StreamEvent.Unreadable("the provider sent data that is not a JSON chunk: " + shown);
    }
}
