package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webclient.api.HttpClientResponse;

/**
 * Reads an agent's AG-UI answer: a {@code text/event-stream} whose every event's data is one JSON object, an
 * AG-UI event ({@link StreamEvent.Agui}, checked later on the run's thread). Data that is not one JSON object, or
 * an answer that is no event stream, is {@link StreamEvent.Unreadable}; the end of the body is
 * {@link StreamEvent.Ended}.
 */
final class AguiBody implements StreamBody {
    private final ObjectMapper json;

    AguiBody(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void read(HttpClientResponse answer, Consumer<StreamEvent> events) throws IOException {
        String type = answer.headers().contentType().map(media -> media.mediaType().text()).orElse("none");
        if (!type.equalsIgnoreCase("text/event-stream")) {
            events.accept(new StreamEvent.Unreadable("the agent answered " + type + ", not an event stream"));
            return;
        }
        SseReader sse = new SseReader(answer.inputStream());
        for (String data = sse.next(); data != null; data = sse.next()) {
            events.accept(event(data, System.nanoTime()));
        }
        events.accept(new StreamEvent.Ended());
    }

    private StreamEvent event(String data, long atNanos) {
        try {
            JsonNode event = json.readTree(data);
            if (event != null && event.isObject()) {
                return new StreamEvent.Agui(event, atNanos);
            }
        } catch (JsonProcessingException e) {
            // reported below, like JSON that is not an object
        }
        String shown = data.length() > 80 ? data.substring(0, 80) + "…" : data;
        return new StreamEvent.Unreadable("the agent sent data that is not one JSON object: " + shown);
    }
}
