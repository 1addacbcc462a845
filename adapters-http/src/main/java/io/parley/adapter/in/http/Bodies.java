package io.parley.adapter.in.http;

import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.webserver.http.ServerRequest;

/** Reads JSON request bodies and their fields, failing with a message a client can act on. */
final class Bodies {
    private final ObjectMapper mapper;

    Bodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The body as JSON. */
    JsonNode json(ServerRequest request) {
        String body = request.content().as(String.class);
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null) {
                throw new BadRequest("the body is empty; send JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** An optional string field; present but not a string is an error. */
    static Optional<String> text(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new BadRequest(field + " must be a string");
        }
        return Optional.of(node.textValue());
    }

    /** An optional non-negative integer query parameter. */
    static OptionalLong offset(ServerRequest request, String name) {
        Optional<String> value = request.query().first(name).asOptional();
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(parsed);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a non-negative integer");
        }
    }

    /** The request cannot be understood; answered with 400. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
