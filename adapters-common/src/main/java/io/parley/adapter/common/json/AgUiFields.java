package io.parley.adapter.common.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import io.parley.domain.protocol.AgUiEvent;

/** Writes an AG-UI event's fields as {@code @ag-ui/core} 1.0.0 names them; {@link AgUiReader} reads them back. */
final class AgUiFields {
    private AgUiFields() {
    }

    static void write(JsonGenerator json, AgUiEvent event) throws IOException {
        json.writeStringField("type", event.type());
        switch (event) {
            case AgUiEvent.RunStarted e -> {
                json.writeStringField("threadId", e.threadId());
                json.writeStringField("runId", e.runId());
                json.writeStringField("protocolVersion", AgUiEvent.PROTOCOL_VERSION);
            }
            case AgUiEvent.RunFinished e -> runFinished(json, e);
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
            case AgUiEvent.ToolCallStart e -> {
                json.writeStringField("toolCallId", e.toolCallId());
                json.writeStringField("toolCallName", e.toolCallName());
                if (e.parentMessageId() != null) {
                    json.writeStringField("parentMessageId", e.parentMessageId());
                }
            }
            case AgUiEvent.ToolCallArgs e -> {
                json.writeStringField("toolCallId", e.toolCallId());
                json.writeStringField("delta", e.delta());
            }
            case AgUiEvent.ToolCallEnd e -> json.writeStringField("toolCallId", e.toolCallId());
            case AgUiEvent.ReasoningStart e -> json.writeStringField("messageId", e.messageId());
            case AgUiEvent.ReasoningMessageStart e -> {
                json.writeStringField("messageId", e.messageId());
                json.writeStringField("role", "reasoning");
            }
            case AgUiEvent.ReasoningMessageContent e -> {
                json.writeStringField("messageId", e.messageId());
                json.writeStringField("delta", e.delta());
            }
            case AgUiEvent.ReasoningMessageEnd e -> json.writeStringField("messageId", e.messageId());
            case AgUiEvent.ReasoningEnd e -> json.writeStringField("messageId", e.messageId());
            case AgUiEvent.StateSnapshot e -> {
                json.writeFieldName("snapshot");
                json.writeRawValue(e.snapshot());
                json.writeNumberField("version", e.version());
            }
            case AgUiEvent.StateDelta e -> {
                json.writeFieldName("delta");
                json.writeRawValue(e.delta());
                json.writeNumberField("version", e.version());
            }
        }
    }

    /** {@code outcome} is an object ({@code success}, with the tool calls left to the front end), then usage. */
    private static void runFinished(JsonGenerator json, AgUiEvent.RunFinished e) throws IOException {
        json.writeStringField("threadId", e.threadId());
        json.writeStringField("runId", e.runId());
        json.writeObjectFieldStart("result");
        json.writeStringField("provider", e.provider());
        json.writeStringField("model", e.model());
        json.writeEndObject();
        json.writeObjectFieldStart("outcome");
        json.writeStringField("type", e.interrupted() ? "interrupt" : "success");
        if (e.interrupted()) {
            json.writeArrayFieldStart("interrupts");
            for (AgUiEvent.Interrupt interrupt : e.interrupts()) {
                json.writeStartObject();
                json.writeStringField("id", interrupt.id());
                json.writeStringField("reason", interrupt.reason());
                writeIfKnown(json, "message", interrupt.message());
                writeIfKnown(json, "toolCallId", interrupt.toolCallId());
                writeIfKnown(json, "expiresAt", interrupt.expiresAt());
                json.writeEndObject();
            }
            json.writeEndArray();
        } else if (!e.pendingToolCallIds().isEmpty()) {
            json.writeArrayFieldStart("pendingToolCallIds");
            for (String id : e.pendingToolCallIds()) {
                json.writeString(id);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        if (!e.usage().isEmpty()) {
            json.writeArrayFieldStart("usage");
            for (AgUiEvent.TokenUsage usage : e.usage()) {
                json.writeStartObject();
                writeIfKnown(json, "provider", usage.provider());
                writeIfKnown(json, "model", usage.model());
                writeIfKnown(json, "inputTokens", usage.inputTokens());
                writeIfKnown(json, "outputTokens", usage.outputTokens());
                writeIfKnown(json, "totalTokens", usage.totalTokens());
                writeIfKnown(json, "reasoningTokens", usage.reasoningTokens());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    private static void writeIfKnown(JsonGenerator json, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            json.writeStringField(name, value);
        }
    }

    private static void writeIfKnown(JsonGenerator json, String name, long value) throws IOException {
        if (value >= 0) {
            json.writeNumberField(name, value);
        }
    }
}
