package io.parley.adapter.common.json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), with a machine-readable {@code code}.
 *
 * @param extensions further members, written as strings or numbers
 */
public record Problem(int status, String title, String detail, String code, Map<String, Object> extensions) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        extensions = Map.copyOf(extensions);
    }

    public static Problem of(int status, String title, String detail, String code) {
        return new Problem(status, title, detail, code, Map.of());
    }

    /** This problem with one more member. */
    public Problem with(String name, Object value) {
        Map<String, Object> more = new java.util.LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(status, title, detail, code, more);
    }

    /** The JSON document. */
    public String toJson(JsonFactory factory) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", "about:blank");
            json.writeStringField("title", title);
            json.writeNumberField("status", status);
            json.writeStringField("detail", detail);
            json.writeStringField("code", code);
            for (Map.Entry<String, Object> e : new java.util.TreeMap<>(extensions).entrySet()) {
                json.writeFieldName(e.getKey());
                if (e.getValue() instanceof Number n) {
                    json.writeNumber(n.longValue());
                } else {
                    json.writeString(String.valueOf(e.getValue()));
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
