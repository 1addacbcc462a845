package io.parley.adapter.in.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.webserver.http.ServerRequest;

import io.parley.domain.conversation.ConversationId;

/** Reads JSON request bodies and their fields, failing with a message a client can act on. */
final class Bodies {
    /** The AG-UI event types a backend may relay (ag-ui-protocol core). */
    static final Set<String> AG_UI_TYPES = Set.of("TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END",
            "TEXT_MESSAGE_CHUNK", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "TOOL_CALL_CHUNK",
            "TOOL_CALL_RESULT", "STATE_SNAPSHOT", "STATE_DELTA", "MESSAGES_SNAPSHOT", "ACTIVITY_SNAPSHOT",
            "ACTIVITY_DELTA", "RAW", "CUSTOM", "RUN_STARTED", "RUN_FINISHED", "RUN_ERROR", "STEP_STARTED",
            "STEP_FINISHED", "REASONING_START", "REASONING_MESSAGE_START", "REASONING_MESSAGE_CONTENT",
            "REASONING_MESSAGE_END", "REASONING_MESSAGE_CHUNK", "REASONING_END", "REASONING_ENCRYPTED_VALUE");


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

    /**
     * The AG-UI events of a relay or push body: one event object or an array of them, each with a string
     * {@code type} that ag-ui-protocol defines ({@code CUSTOM} for anything else); as JSON text, in order.
     */
    static List<String> agUiEvents(JsonNode body) {
        List<String> events = new ArrayList<>();
        for (JsonNode event : body.isArray() ? body : List.of(body)) {
            if (!event.isObject() || !event.path("type").isTextual()) {
                throw new BadRequest("each event must be a JSON object with a string type");
            }
            if (!AG_UI_TYPES.contains(event.get("type").textValue())) {
                throw new BadRequest("unknown AG-UI event type '" + event.get("type").textValue() + "'");
            }
            events.add(event.toString());
        }
        if (events.isEmpty()) {
            throw new BadRequest("no events given");
        }
        return events;
    }

    /** The {@code limit} query parameter: 1..{@code max}, {@code fallback} when absent. */
    static int limit(ServerRequest request, int fallback, int max) {
        long limit = offset(request, "limit").orElse(fallback);
        if (limit < 1 || limit > max) {
            throw new BadRequest("limit must be 1.." + max);
        }
        return (int) limit;
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

    /** The conversation the path's {@code id} names; 400 when it is no conversation id. */
    static ConversationId conversation(ServerRequest request) {
        String id = request.path().pathParameters().get("id");
        if (!ConversationId.isValid(id)) {
            throw new BadRequest("conversation ids are 1-128 characters of [A-Za-z0-9._:-]");
        }
        return new ConversationId(id);
    }
}
