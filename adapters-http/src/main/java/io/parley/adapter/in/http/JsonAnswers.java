package io.parley.adapter.in.http;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Answers with a JSON object, its fields written straight to the text. */
final class JsonAnswers {
    private final JsonFactory json;

    JsonAnswers(JsonFactory json) {
        this.json = json;
    }

    /** Answers with {@code status} and the object {@code fields} writes. */
    void send(ServerResponse response, Status status, Fields fields) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(object(fields));
    }

    /** Answers with {@code status} and no body. */
    static void empty(ServerResponse response, Status status) {
        response.status(status);
        response.send();
    }

    /** The JSON object {@code fields} writes. */
    String object(Fields fields) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes a cursor field: the string, or {@code null} when there is no next page. */
    static void next(JsonGenerator g, String next) throws IOException {
        if (next == null) {
            g.writeNullField("next");
        } else {
            g.writeStringField("next", next);
        }
    }

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator generator) throws IOException;
    }
}
