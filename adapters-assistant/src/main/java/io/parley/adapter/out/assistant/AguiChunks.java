package io.parley.adapter.out.assistant;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Expands AG-UI's chunk events into the start, content and end events they stand for, as {@code @ag-ui/client}'s
 * {@code transformChunks} does before it verifies a stream. A {@code TEXT_MESSAGE_CHUNK}, {@code TOOL_CALL_CHUNK}
 * or {@code REASONING_MESSAGE_CHUNK} continues the stream that chunks opened while it names no other id; else it
 * closes that one and opens its own, for which it must name the id (and a tool call's name). Any other event
 * closes a stream that chunks opened, but for those that do not touch it ({@code RAW}, {@code ACTIVITY_*},
 * {@code REASONING_ENCRYPTED_VALUE}, {@code SUBAGENT_STARTED}), and then follows as it is. Subagents' lanes are not
 * told apart.
 */
final class AguiChunks {
    private static final Set<String> LEAVE_OPEN = Set.of("RAW", "ACTIVITY_SNAPSHOT", "ACTIVITY_DELTA",
            "REASONING_ENCRYPTED_VALUE", "SUBAGENT_STARTED");

    private final ObjectMapper json;
    private Kind open;
    private String openId;

    /** What a chunk stands for: the events it expands to and the field that names what it belongs to. */
    private enum Kind {
        TEXT("TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "messageId"),
        TOOL("TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "toolCallId"),
        REASONING("REASONING_MESSAGE_START", "REASONING_MESSAGE_CONTENT", "REASONING_MESSAGE_END", "messageId");

        private final String start;
        private final String content;
        private final String end;
        private final String idField;

        Kind(String start, String content, String end, String idField) {
            this.start = start;
            this.content = content;
            this.end = end;
            this.idField = idField;
        }

        static Kind of(String chunkType) {
            return switch (chunkType) {
                case "TEXT_MESSAGE_CHUNK" -> TEXT;
                case "TOOL_CALL_CHUNK" -> TOOL;
                case "REASONING_MESSAGE_CHUNK" -> REASONING;
                default -> null;
            };
        }
    }

    AguiChunks(ObjectMapper json) {
        this.json = json;
    }

    /** The events {@code event} stands for, in order. */
    List<JsonNode> expand(JsonNode event) {
        String type = event.path("type").asText();
        Kind kind = Kind.of(type);
        List<JsonNode> events = new ArrayList<>(3);
        if (kind == null) {
            if (!LEAVE_OPEN.contains(type)) {
                close(events);
            }
            events.add(event);
            return events;
        }
        String id = optionalText(event, kind.idField, type);
        if (open != kind || id != null && !id.equals(openId)) {
            close(events);
            if (id == null) {
                throw new AguiViolation("the first " + type + " of a stream needs a " + kind.idField);
            }
            ObjectNode start = event(kind.start, kind.idField, id);
            switch (kind) {
                case TEXT -> start.put("role", "assistant");
                case REASONING -> start.put("role", "reasoning");
                case TOOL -> start.put("toolCallName", required(event, "toolCallName", type));
            }
            events.add(start);
            open = kind;
            openId = id;
        }
        String delta = optionalText(event, "delta", type);
        if (delta != null) {
            events.add(event(kind.content, kind.idField, openId).put("delta", delta));
        }
        return events;
    }

    private void close(List<JsonNode> events) {
        if (open != null) {
            events.add(event(open.end, open.idField, openId));
            open = null;
            openId = null;
        }
    }

    private ObjectNode event(String type, String idField, String id) {
        return json.createObjectNode().put("type", type).put(idField, id);
    }

    private static String required(JsonNode event, String field, String type) {
        String value = optionalText(event, field, type);
        if (value == null) {
            throw new AguiViolation("the first " + type + " of a tool call needs a " + field);
        }
        return value;
    }

    /** The text of {@code field}; null when it is absent; a violation when it is there but no string. */
    private static String optionalText(JsonNode event, String field, String type) {
        JsonNode value = event.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new AguiViolation(type + " has a " + field + " that is not a string");
        }
        return value.asText();
    }
}
