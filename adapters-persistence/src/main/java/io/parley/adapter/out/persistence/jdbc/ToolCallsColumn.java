package io.parley.adapter.out.persistence.jdbc;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.domain.conversation.Tool;
import io.parley.domain.conversation.ToolCall;

/**
 * The stored form of a message's tool calls, and of a conversation's tools ({@link #writeTools}), the one place
 * the store reads or writes JSON: for tool calls, a JSON array in the
 * {@code tool_calls} column, {@code [{"id": ..., "name": ..., "arguments": ...}]} in the order the model made the
 * calls, each call's arguments a JSON string holding the model's text verbatim (never parsed: it need not even be
 * valid JSON); {@code null} for a message without tool calls.
 */
final class ToolCallsColumn {
    /**
     * Whatever length the store wrote it reads back (Jackson's default caps one string at 20 million characters).
     * No thread-local buffers: the writers are virtual threads that come and go.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .disable(JsonFactory.Feature.USE_THREAD_LOCAL_FOR_BUFFER_RECYCLING)
            .build());

    private ToolCallsColumn() {
    }

    /** The column's value for {@code calls}: {@code null} when there are none. */
    static String write(List<ToolCall> calls) {
        if (calls.isEmpty()) {
            return null;
        }
        ArrayNode array = JSON.createArrayNode();
        for (ToolCall call : calls) {
            ObjectNode stored = array.addObject().put("id", call.id()).put("name", call.name())
                    .put("arguments", call.arguments());
            if (call.awaitsApproval()) {
                stored.put("awaitsApproval", true);
            }
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write tool calls as JSON", e);
        }
    }

    /** The tool calls the column holds: none when it is {@code null}. */
    static List<ToolCall> read(String stored) {
        if (stored == null) {
            return List.of();
        }
        try {
            JsonNode array = JSON.readTree(stored);
            if (!array.isArray()) {
                throw new IllegalArgumentException("not a JSON array");
            }
            List<ToolCall> calls = new ArrayList<>(array.size());
            for (JsonNode call : array) {
                calls.add(new ToolCall(text(call, "id"), text(call, "name"), text(call, "arguments"),
                        call.path("awaitsApproval").asBoolean(false)));
            }
            return calls;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("unreadable tool calls in the store: " + e.getMessage(), e);
        }
    }

    /**
     * The stored form of a conversation's tools: {@code [{"name", "description", "parameters", "metadata"}]}, the
     * last two JSON text as given (empty when absent).
     */
    static String writeTools(List<Tool> tools) {
        ArrayNode array = JSON.createArrayNode();
        for (Tool tool : tools) {
            array.addObject().put("name", tool.name()).put("description", tool.description())
                    .put("parameters", tool.parameters()).put("metadata", tool.metadata())
                    .put("requiresApproval", tool.requiresApproval());
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write tools as JSON", e);
        }
    }

    /** The tools {@link #writeTools} wrote. */
    static List<Tool> readTools(String stored) {
        try {
            JsonNode array = JSON.readTree(stored);
            if (!array.isArray()) {
                throw new IllegalArgumentException("not a JSON array");
            }
            List<Tool> tools = new ArrayList<>(array.size());
            for (JsonNode tool : array) {
                tools.add(new Tool(text(tool, "name"), text(tool, "description"), text(tool, "parameters"),
                        text(tool, "metadata"), tool.path("requiresApproval").asBoolean(false)));
            }
            return tools;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("unreadable tools in the store: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode call, String field) {
        JsonNode value = call.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("a tool call without the text field " + field);
        }
        return value.textValue();
    }
}
