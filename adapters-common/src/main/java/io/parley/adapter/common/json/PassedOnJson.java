package io.parley.adapter.common.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Events a backend hands Parley as JSON objects and Parley passes on as they came (relayed to a conversation,
 * pushed to a user, broadcast): their fields copied into the frame, with Parley's own field (the conversation,
 * the user) put in front and any field of that name the backend sent left out.
 */
final class PassedOnJson {
    private PassedOnJson() {
    }

    /** Copies the fields of {@code object} into the open object of {@code json}, without {@code own}. */
    static void copyFields(JsonFactory factory, JsonGenerator json, String object, String own) throws IOException {
        try (JsonParser source = factory.createParser(object)) {
            if (source.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an event passed on must be a JSON object");
            }
            while (source.nextToken() == JsonToken.FIELD_NAME) {
                String name = source.currentName();
                source.nextToken();
                if (name.equals(own)) {
                    source.skipChildren();
                    continue;
                }
                json.writeFieldName(name);
                json.copyCurrentStructure(source);
            }
        }
    }
}
