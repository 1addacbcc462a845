package io.parley.adapter.common.json;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.parley.adapter.common.attachment.AttachmentLinks;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.AttachmentRef;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.Revision;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.Recovery;
import io.parley.domain.protocol.ServerEvent;

/**
 * Writes server events as the JSON frames of PROTOCOL.md section 2, field names exactly as specified: the one
 * place the wire format is written (with {@link AgUiFields} for AG-UI events and {@link PassedOnJson} for what
 * backends hand over).
 */
public final class EventWriter {
    private final JsonFactory factory;
    private final AttachmentLinks links;

    /** A writer that gives attachments no {@code url} (the form nodes hand each other). */
    public EventWriter(JsonFactory factory) {
        this(factory, null);
    }

    /** A writer that gives attachments a signed {@code url} made by {@code links} ({@code null}: none). */
    public EventWriter(JsonFactory factory, AttachmentLinks links) {
        this.factory = factory;
        this.links = links;
    }

    /** The frame of {@code event} as UTF-8 bytes, written directly (no intermediate string). */
    public byte[] utf8(ServerEvent event) {
        return bytes(256, json -> write(json, event));
    }

    private void write(JsonGenerator json, ServerEvent event) throws IOException {
        json.writeStartObject();
        switch (event) {
            case ServerEvent.Welcome w -> {
                json.writeStringField("type", "welcome");
                json.writeNumberField("protocol", io.parley.domain.protocol.Protocol.VERSION);
                json.writeStringField("connection", w.connection().value());
                json.writeStringField("user", w.user().value());
                json.writeStringField("node", w.node());
                json.writeObjectFieldStart("heartbeat");
                json.writeNumberField("interval_ms", w.heartbeatInterval().toMillis());
                json.writeNumberField("timeout_ms", w.heartbeatTimeout().toMillis());
                json.writeEndObject();
                json.writeObjectFieldStart("limits");
                json.writeNumberField("max_message_bytes", w.limits().maxMessageBytes());
                json.writeNumberField("messages_per_second", w.limits().messagesPerSecond());
                json.writeNumberField("max_upload_bytes", w.limits().maxUploadBytes());
                json.writeEndObject();
            }
            case ServerEvent.Joined j -> {
                typeAndRef(json, "joined", j.ref());
                json.writeStringField("conversation", j.conversation().value());
                json.writeStringField("role", j.role().wireName());
                json.writeNumberField("offset", j.offset());
                if (j.recovery() != Recovery.NOT_REQUESTED) {
                    json.writeBooleanField("recovered", j.recovery() == Recovery.COMPLETE);
                }
            }
            case ServerEvent.Left l -> {
                typeAndRef(json, "left", l.ref());
                json.writeStringField("conversation", l.conversation().value());
                if (l.reason() != null) {
                    json.writeStringField("reason", l.reason());
                }
            }
            case ServerEvent.RoleChanged r -> {
                json.writeStringField("type", "role");
                json.writeStringField("conversation", r.conversation().value());
                json.writeStringField("role", r.role().wireName());
            }
            case ServerEvent.Presence p -> {
                typeAndRef(json, "presence", p.ref());
                json.writeStringField("conversation", p.conversation().value());
                json.writeArrayFieldStart("members");
                for (ServerEvent.Present present : p.members()) {
                    json.writeStartObject();
                    json.writeStringField("user", present.user().value());
                    json.writeNumberField("connections", present.connections());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            case ServerEvent.PresenceChanged p -> {
                json.writeStringField("type", p.joined() ? "presence_join" : "presence_leave");
                json.writeStringField("conversation", p.conversation().value());
                json.writeStringField("user", p.user().value());
            }
            case ServerEvent.Refreshed r -> {
                typeAndRef(json, "refreshed", r.ref());
                json.writeStringField("expires_at", r.expiresAt().toString());
            }
            case ServerEvent.Ack a -> {
                typeAndRef(json, "ack", a.ref());
                json.writeStringField("conversation", a.conversation().value());
                json.writeNumberField("offset", a.offset());
                json.writeStringField("id", a.id().value());
            }
            case ServerEvent.UploadReady u -> {
                typeAndRef(json, "upload_ready", u.ref());
                json.writeStringField("conversation", u.conversation().value());
                json.writeStringField("upload", u.upload().value());
                json.writeNumberField("received", u.received());
            }
            case ServerEvent.MessagePosted m -> {
                if (m.message().revision().change() == null) {
                    json.writeStringField("type", "message");
                }
                messageFields(json, m.message());
            }
            case ServerEvent.ReadMarker r -> {
                json.writeStringField("type", "read");
                json.writeStringField("conversation", r.conversation().value());
                json.writeStringField("user", r.user().value());
                json.writeNumberField("offset", r.offset());
            }
            case ServerEvent.Typing t -> {
                json.writeStringField("type", "typing");
                json.writeStringField("conversation", t.conversation().value());
                json.writeStringField("user", t.user().value());
            }
            case ServerEvent.UserErased e -> {
                json.writeStringField("type", "erased");
                json.writeStringField("user", e.user().value());
            }
            case ServerEvent.History h -> {
                typeAndRef(json, "history", h.ref());
                json.writeStringField("conversation", h.conversation().value());
                json.writeArrayFieldStart("messages");
                for (Message message : h.messages()) {
                    writeMessage(json, message);
                }
                json.writeEndArray();
                json.writeBooleanField("has_more", h.hasMore());
            }
            case ServerEvent.Pong p -> typeAndRef(json, "pong", p.ref());
            case ServerEvent.Ping p -> json.writeStringField("type", "ping");
            case ServerEvent.ErrorReply e -> {
                json.writeStringField("type", "error");
                json.writeStringField("code", e.code().wireName());
                json.writeStringField("message", e.message());
                if (e.ref() != null) {
                    json.writeStringField("ref", e.ref());
                }
                if (e.retryAfterMs() != null) {
                    json.writeNumberField("retry_after_ms", e.retryAfterMs());
                }
            }
            case ServerEvent.Deleted d -> {
                json.writeStringField("type", "deleted");
                json.writeStringField("conversation", d.conversation().value());
            }
            case ServerEvent.RunEvent r -> {
                AgUiFields.write(json, r.event());
                json.writeStringField("conversation", r.conversation().value());
                json.writeNumberField("seq", r.seq());
            }
            case ServerEvent.StateEvent e -> {
                AgUiFields.write(json, e.event());
                json.writeStringField("conversation", e.conversation().value());
            }
            case ServerEvent.Relayed r -> {
                json.writeStringField("conversation", r.conversation().value());
                PassedOnJson.copyFields(factory, json, r.json(), "conversation");
            }
            case ServerEvent.UserPushed u -> {
                json.writeStringField("user", u.user().value());
                PassedOnJson.copyFields(factory, json, u.json(), "user");
            }
            case ServerEvent.Broadcast b -> PassedOnJson.copyFields(factory, json, b.json(), "");
            case ServerEvent.StateAccepted a -> {
                typeAndRef(json, "ack", a.ref());
                json.writeStringField("conversation", a.conversation().value());
                json.writeNumberField("version", a.version());
            }
            case ServerEvent.CancelAccepted c -> {
                typeAndRef(json, "ack", c.ref());
                json.writeStringField("run", c.run().value());
            }
        }
        json.writeEndObject();
    }

    /** An AG-UI event on its own, as {@code text/event-stream} carries it to AG-UI clients. */
    public byte[] agUi(AgUiEvent event) {
        return bytes(128, json -> {
            json.writeStartObject();
            AgUiFields.write(json, event);
            json.writeEndObject();
        });
    }

    /** What {@code body} writes, as UTF-8 bytes. */
    private byte[] bytes(int expectedSize, Body body) {
        ByteArrayBuilder out = new ByteArrayBuilder(expectedSize);
        try (JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code message} as a JSON object on its own, as it appears in history pages. */
    public byte[] messageJson(Message message) {
        return bytes(256, json -> writeMessage(json, message));
    }

    /** Writes {@code message} as a JSON object, as it appears in history pages. */
    public void writeMessage(JsonGenerator json, Message message) throws IOException {
        json.writeStartObject();
        messageFields(json, message);
        json.writeEndObject();
    }

    private void messageFields(JsonGenerator json, Message message) throws IOException {
        Revision.Change change = message.revision().change();
        if (change != null) {
            json.writeStringField("type", change.kind().wireName());
            json.writeStringField("conversation", message.conversation().value());
            json.writeNumberField("offset", message.offset());
            json.writeStringField("id", change.target().value());
            if (change.kind() == Revision.ChangeKind.EDITED) {
                json.writeStringField("content", message.content());
            }
            json.writeStringField("by", message.sender().value());
            json.writeStringField("at", message.at().toString());
            return;
        }
        json.writeStringField("conversation", message.conversation().value());
        json.writeNumberField("offset", message.offset());
        json.writeStringField("id", message.id().value());
        json.writeStringField("role", message.role().wireName());
        json.writeStringField("sender", message.sender().value());
        json.writeStringField("content", message.content());
        json.writeStringField("at", message.at().toString());
        if (message.run() != null) {
            json.writeStringField("run", message.run().value());
        }
        AgentParts agent = message.agent();
        if (!agent.toolCalls().isEmpty()) {
            json.writeArrayFieldStart("toolCalls");
            for (ToolCall call : agent.toolCalls()) {
                json.writeStartObject();
                json.writeStringField("id", call.id());
                json.writeStringField("type", "function");
                json.writeObjectFieldStart("function");
                json.writeStringField("name", call.name());
                json.writeStringField("arguments", call.arguments());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (agent.toolCallId() != null) {
            json.writeStringField("toolCallId", agent.toolCallId());
        }
        if (!agent.reasoning().isEmpty()) {
            json.writeStringField("reasoning", agent.reasoning());
        }
        if (message.revision().editedAt() != null) {
            json.writeStringField("edited_at", message.revision().editedAt().toString());
        }
        if (message.attachment() != null) {
            AttachmentRef attachment = message.attachment();
            json.writeObjectFieldStart("attachment");
            json.writeStringField("id", attachment.id().value());
            json.writeStringField("name", attachment.name());
            json.writeStringField("mime", attachment.mime());
            json.writeNumberField("size", attachment.size());
            json.writeStringField("sha256", attachment.sha256());
            if (links != null) {
                json.writeStringField("url", links.url(attachment.id()));
            }
            json.writeEndObject();
        }
    }

    private static void typeAndRef(JsonGenerator json, String type, String ref) throws IOException {
        json.writeStringField("type", type);
        if (ref != null) {
            json.writeStringField("ref", ref);
        }
    }

    /** Writes one JSON value. */
    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }
}
