package io.parley.adapter.out.assistant;

import java.lang.System.Logger.Level;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.application.port.out.AssistantPrompt;
import io.parley.domain.LogLine;
import io.parley.domain.conversation.Tool;

/**
 * The Chat Completions request for a prompt: the system prompt first, the conversation's shared state (a system
 * message, when it has one), then the conversation's {@link ChatMessages messages} oldest first, {@code stream: true} with the usage asked for at the end, and the prompt's tools as
 * function definitions ({@code name}, {@code description}, {@code parameters}; a tool's metadata stays here).
 */
final class ChatRequest {
    private static final System.Logger LOG = System.getLogger(ChatRequest.class.getName());
    /** How the conversation's shared state is shown to the model, in a system message after the system prompt. */
    static final String STATE_PREFIX = "The shared state of this conversation, as JSON (the user sees it too): ";

    private ChatRequest() {
    }

    static byte[] body(OpenAiSettings settings, AssistantPrompt prompt, ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        body.put("model", settings.model());
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        ArrayNode messages = body.putArray("messages");
        if (!settings.systemPrompt().isBlank()) {
            messages.addObject().put("role", "system").put("content", settings.systemPrompt());
        }
        if (!prompt.state().isEmpty()) {
            messages.addObject().put("role", "system").put("content", STATE_PREFIX + prompt.state());
        }
        ChatMessages.append(messages, prompt.context());
        if (!prompt.tools().isEmpty()) {
            appendTools(body.putArray("tools"), prompt, json);
        }
        if (settings.maxTokens() > 0) {
            body.put("max_tokens", settings.maxTokens());
        }
        settings.temperature().ifPresent(temperature -> body.put("temperature", temperature));
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers always serialises", e);
        }
    }

    private static void appendTools(ArrayNode tools, AssistantPrompt prompt, ObjectMapper json) {
        for (Tool tool : prompt.tools()) {
            ObjectNode function = tools.addObject().put("type", "function").putObject("function")
                    .put("name", tool.name());
            if (!tool.description().isEmpty()) {
                function.put("description", tool.description());
            }
            JsonNode parameters = parameters(tool, prompt, json);
            if (parameters != null) {
                function.set("parameters", parameters);
            }
        }
    }

    /** The tool's JSON Schema; null when it has none, or none that is a JSON object (then a warning says so). */
    static JsonNode parameters(Tool tool, AssistantPrompt prompt, ObjectMapper json) {
        if (tool.parameters().isBlank()) {
            return null;
        }
        try {
            JsonNode schema = json.readTree(tool.parameters());
            if (schema != null && schema.isObject()) {
                return schema;
            }
        } catch (JsonProcessingException unreadable) {
            // reported below, like a schema that is not an object
        }
        LOG.log(Level.WARNING, LogLine.event("assistant_tool_parameters_unreadable")
                .with("run", prompt.runId())
                .with("tool", tool.name()).toString());
        return null;
    }
}
