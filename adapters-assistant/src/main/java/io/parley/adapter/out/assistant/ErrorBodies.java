package io.parley.adapter.out.assistant;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Finds the provider's own words in an error: {@code {"error":{"message":…}}} (OpenAI, llama.cpp, Ollama),
 * {@code {"error":"…"}}, {@code {"object":"error","message":…}} (vLLM), {@code {"detail":…}} (FastAPI servers),
 * else the body's text, shortened.
 */
final class ErrorBodies {
    private static final int MAX_LENGTH = 300;

    private ErrorBodies() {
    }

    /** The message in an error body, which may be JSON or plain text; empty if the body says nothing. */
    static Optional<String> message(String body, ObjectMapper json) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            Optional<String> found = message(json.readTree(body));
            if (found.isPresent()) {
                return found;
            }
        } catch (JsonProcessingException e) {
            // not JSON: the text itself is the message
        }
        return Optional.of(clipped(body));
    }

    /** The message in a JSON error object, if it has one in a known place. */
    static Optional<String> message(JsonNode node) {
        JsonNode error = node.path("error");
        String text = error.isTextual() ? error.asText()
                : first(error.path("message"), node.path("message"), node.path("detail"),
                node.path("detail").path(0).path("msg"));
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(clipped(text));
    }

    private static String first(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate.isTextual()) {
                return candidate.asText();
            }
        }
        return null;
    }

    private static String clipped(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= MAX_LENGTH ? flat : flat.substring(0, MAX_LENGTH) + "…";
    }
}
