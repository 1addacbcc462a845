package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webclient.api.HttpClientResponse;

import io.parley.domain.conversation.ToolCall;

/**
 * Reads Chat Completions chunks: the text of {@code choices[0].delta.content} (null or absent is no text), the
 * reasoning of {@code reasoning_content} (DeepSeek, vLLM) or {@code reasoning} (Ollama, vLLM), the fragments of
 * {@code tool_calls}, {@code finish_reason}, {@code model}, a {@code usage} chunk with empty {@code choices}, and
 * in-stream errors. A whole completion's {@code message} is read like a delta. A body is an event stream that ends
 * with {@code [DONE]}, or one whole completion ({@code application/json}, from a server that ignored {@code stream}).
 */
final class Chunks implements StreamBody {
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final ObjectMapper json;

    Chunks(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void read(HttpClientResponse answer, Consumer<StreamEvent> events) throws IOException {
        if (answer.headers().contentType().map(type -> type.mediaType().subtype().endsWith("json")).orElse(false)) {
            String whole = new String(answer.inputStream().readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
            read(whole, System.nanoTime()).forEach(events);
            events.accept(new StreamEvent.Done());
            return;
        }
        SseReader sse = new SseReader(answer.inputStream());
        boolean done = false;
        for (String data = sse.next(); data != null; data = sse.next()) {
            if (done) {
                continue;
            }
            if (data.strip().equals("[DONE]")) {
                done = true;
                events.accept(new StreamEvent.Done());
            } else {
                read(data, System.nanoTime()).forEach(events);
            }
        }
        if (!done) {
            events.accept(new StreamEvent.Ended());
        }
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
        String reasoning = text(delta.get("reasoning_content"));
        List<StreamEvent.ToolCallDelta> calls = toolCalls(delta.path("tool_calls"));
        if (calls.stream().anyMatch(call -> call.name() != null && !ToolCall.isValidName(call.name()))) {
            return new StreamEvent.Unreadable("the provider named a tool call with an invalid name");
        }
        return new StreamEvent.Chunk(text(delta.get("content")),
                reasoning.isEmpty() ? text(delta.get("reasoning")) : reasoning, calls,
                textOrNull(choice.get("finish_reason")), textOrNull(node.get("model")), usage(node.get("usage")),
                atNanos);
    }

    /** The items of {@code tool_calls}; an item without an index takes its position in the list. */
    private static List<StreamEvent.ToolCallDelta> toolCalls(JsonNode items) {
        if (!items.isArray() || items.isEmpty()) {
            return List.of();
        }
        List<StreamEvent.ToolCallDelta> calls = new ArrayList<>(items.size());
        for (int position = 0; position < items.size(); position++) {
            JsonNode item = items.get(position);
            JsonNode function = item.path("function");
            String id = nonEmptyOrNull(item.get("id"));
            calls.add(new StreamEvent.ToolCallDelta(item.path("index").asInt(position),
                    ToolCall.isValidName(id) ? id : null, nonEmptyOrNull(function.get("name")),
                    arguments(function.get("arguments"))));
        }
        return calls;
    }

    /** A fragment of arguments as sent; a server that sends them as a JSON value gets that value's text. */
    private static String arguments(JsonNode arguments) {
        return arguments != null && arguments.isContainerNode() ? arguments.toString() : text(arguments);
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
        return new StreamEvent.Usage(count(usage.path("prompt_tokens")), count(usage.path("completion_tokens")),
                count(usage.path("completion_tokens_details").path("reasoning_tokens")));
    }

    private static long count(JsonNode tokens) {
        return tokens.isIntegralNumber() && tokens.asLong() >= 0 ? tokens.asLong() : -1;
    }

    private static String text(JsonNode content) {
        return content != null && content.isTextual() ? content.asText() : "";
    }

    private static String nonEmptyOrNull(JsonNode node) {
        String text = text(node);
        return text.isEmpty() ? null : text;
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static StreamEvent unreadable(String data) {
        String shown = data.length() > 80 ? data.substring(0, 80) + "…" : data;
        return new StreamEvent.Unreadable("the provider sent data that is not a JSON chunk: " + shown);
    }
}
