package io.parley.adapter.out.assistant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.application.port.out.AssistantPrompt;
import io.parley.domain.conversation.Message;

/**
 * The Chat Completions request for a prompt: the system prompt first, then the conversation's messages oldest
 * first with their roles ({@code user}, {@code assistant}, {@code system}), {@code stream: true}.
 */
final class ChatRequest {

    private ChatRequest() {
    }

    static byte[] body(OpenAiSettings settings, AssistantPrompt prompt, ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        body.put("model", settings.model());
        body.put("stream", true);
        ArrayNode messages = body.putArray("messages");
        if (!settings.systemPrompt().isBlank()) {
            messages.addObject().put("role", "system").put("content", settings.systemPrompt());
        }
        for (Message message : prompt.context()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
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
}
