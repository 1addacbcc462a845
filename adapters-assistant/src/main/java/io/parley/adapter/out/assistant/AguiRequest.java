package io.parley.adapter.out.assistant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.application.port.out.AssistantPrompt;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.Tool;

/**
 * The AG-UI {@code RunAgentInput} for a prompt: the conversation as {@code threadId}, the run's id, the context's
 * messages oldest first ({@code {id, role, content}}; an assistant's tool calls as {@code toolCalls}, a tool
 * result with the {@code toolCallId} it answers; calls and results {@link ToolCallPairing paired}; reasoning never
 * sent back), the prompt's tools (parameters and metadata as JSON), the shared state ({@code {}} when there is
 * none), and empty {@code context} and {@code forwardedProps}.
 */
final class AguiRequest {

    private AguiRequest() {
    }

    static byte[] body(AssistantPrompt prompt, ObjectMapper json) {
        ObjectNode input = json.createObjectNode()
                .put("threadId", prompt.conversation().value())
                .put("runId", prompt.runId().value());
        input.set("state", state(prompt.state(), json));
        ArrayNode messages = input.putArray("messages");
        for (Message message : ToolCallPairing.paired(prompt.context())) {
            appendMessage(messages, message);
        }
        ArrayNode tools = input.putArray("tools");
        for (Tool tool : prompt.tools()) {
            ObjectNode wire = tools.addObject().put("name", tool.name()).put("description", tool.description());
            JsonNode parameters = ChatRequest.parameters(tool, prompt, json);
            if (parameters != null) {
                wire.set("parameters", parameters);
            }
            JsonNode metadata = object(tool.metadata(), json);
            if (metadata != null) {
                wire.set("metadata", metadata);
            }
        }
        input.putArray("context");
        input.putObject("forwardedProps");
        try {
            return json.writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static void appendMessage(ArrayNode messages, Message message) {
        ObjectNode wire = messages.addObject().put("id", message.id().value()).put("role", message.role().wireName());
        if (message.role() == MessageRole.TOOL) {
            wire.put("content", message.content()).put("toolCallId", message.agent().toolCallId());
            return;
        }
        if (!message.content().isEmpty() || message.agent().toolCalls().isEmpty()) {
            wire.put("content", message.content());
        }
        if (!message.agent().toolCalls().isEmpty()) {
            ArrayNode calls = wire.putArray("toolCalls");
            message.agent().toolCalls().forEach(call -> ChatMessages.appendCall(calls, call));
        }
    }

    /** The shared state as JSON; {@code {}} when there is none. */
    private static JsonNode state(String state, ObjectMapper json) {
        if (!state.isEmpty()) {
            try {
                JsonNode parsed = json.readTree(state);
                if (parsed != null && !parsed.isNull()) {
                    return parsed;
                }
            } catch (JsonProcessingException stored) {
                // the stored state is always JSON; an empty object stands in should it not be
            }
        }
        return json.createObjectNode();
    }

    /** The JSON object {@code text} holds; null when it is empty or not one. */
    private static JsonNode object(String text, ObjectMapper json) {
        if (text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
