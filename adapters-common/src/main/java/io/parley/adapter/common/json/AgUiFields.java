package io.parley.adapter.common.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import io.parley.domain.protocol.AgUiEvent;

/** Writes an AG-UI event's fields as ag-ui-protocol's core package names them. */
final class AgUiFields {
    private AgUiFields() {
    }

    static void write(JsonGenerator json, AgUiEvent event) throws IOException {
        json.writeStringField("type", event.type());
        switch (event) {
            case AgUiEvent.RunStarted e -> {
                json.writeStringField("threadId", e.threadId());
                json.writeStringField("runId", e.runId());
            }
            case AgUiEvent.RunFinished e -> {
                json.writeStringField("threadId", e.threadId());
                json.writeStringField("runId", e.runId());
                json.writeObjectFieldStart("result");
                json.writeStringField("provider", e.provider());
                json.writeStringField("model", e.model());
                json.writeEndObject();
            }
            case AgUiEvent.RunError e -> {
                json.writeStringField("message", e.message());
                json.writeStringField("code", e.code());
            }
            case AgUiEvent.StepStarted e -> json.writeStringField("stepName", e.stepName());
            case AgUiEvent.StepFinished e -> json.writeStringField("stepName", e.stepName());
            case AgUiEvent.TextMessageStart e -> {
                json.writeStringField("messageId", e.messageId());
                json.writeStringField("role", "assistant");
            }
            case AgUiEvent.TextMessageContent e -> {
                json.writeStringField("messageId", e.messageId());
                json.writeStringField("delta", e.delta());
            }
            case AgUiEvent.TextMessageEnd e -> json.writeStringField("messageId", e.messageId());
        }
    }
}
