package io.parley.adapter.common.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import io.parley.domain.conversation.Tool;
import io.parley.domain.conversation.ToolCall;

/**
 * AG-UI {@code Tool[]} as JSON: {@code [{name, description, parameters (JSON Schema), metadata?}]}, read as a
 * WebSocket {@code join} or {@code send}, a {@code RunAgentInput} and the server API bring them (what is wrong is an
 * {@link IllegalArgumentException} that says what), and written back as the server API answers them.
 */
public final class ToolsJson {
    /** The most tools one request may offer. */
    public static final int MAX_TOOLS = 128;

    private ToolsJson() {
    }

    /** The tools in {@code array}; none when it is absent or null. */
    public static List<Tool> read(JsonNode array) {
        if (array == null || array.isNull() || array.isMissingNode()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("tools must be an array of {name, description, parameters}");
        }
        if (array.size() > MAX_TOOLS) {
            throw new IllegalArgumentException("at most " + MAX_TOOLS + " tools may be offered at once");
        }
        List<Tool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode tool : array) {
            JsonNode name = tool.get("name");
            if (!tool.isObject() || name == null || !name.isTextual() || !ToolCall.isValidName(name.asText())) {
                throw new IllegalArgumentException("every tool needs a name of 1-" + ToolCall.MAX_NAME_LENGTH
                        + " characters");
            }
            if (!names.add(name.asText())) {
                throw new IllegalArgumentException("tool " + name.asText() + " is offered twice");
            }
            JsonNode description = tool.get("description");
            if (description != null && !description.isNull() && !description.isTextual()) {
                throw new IllegalArgumentException("tool " + name.asText() + ": description must be a string");
            }
            tools.add(new Tool(name.asText(), description == null ? "" : description.asText(""),
                    object(tool, "parameters"), object(tool, "metadata"),
                    tool.path("metadata").path("requiresApproval").asBoolean(false)));
        }
        return tools;
    }

    /** Writes {@code tools} as a JSON array, their schemas and metadata as the objects they are. */
    public static void write(JsonGenerator json, List<Tool> tools) throws IOException {
        json.writeStartArray();
        for (Tool tool : tools) {
            json.writeStartObject();
            json.writeStringField("name", tool.name());
            json.writeStringField("description", tool.description());
            if (!tool.parameters().isEmpty()) {
                json.writeFieldName("parameters");
                json.writeRawValue(tool.parameters());
            }
            if (!tool.metadata().isEmpty()) {
                json.writeFieldName("metadata");
                json.writeRawValue(tool.metadata());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** A JSON object field as JSON text, empty when absent. */
    private static String object(JsonNode tool, String field) {
        JsonNode value = tool.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("tool " + tool.get("name").asText() + ": " + field
                    + " must be a JSON object");
        }
        return value.toString();
    }
}
