package io.parley.adapter.common.json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.AttachmentRef;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.Revision;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.run.RunId;

/**
 * Reads a stored message back from the JSON {@link EventWriter#writeMessage} wrote: a message, or the entry of an
 * edit or a delete (which carries the id of the message it changed, not its own).
 */
public final class MessageReader {
    private MessageReader() {
    }

    /** The message in {@code in}; throws {@link IllegalArgumentException} when it is not one. */
    public static Message read(JsonNode in) {
        String type = in.path("type").asText("message");
        if (type.equals("message_edited") || type.equals("message_deleted")) {
            MessageId target = new MessageId(in.path("id").asText());
            return new Message(new ConversationId(in.path("conversation").asText()), in.path("offset").asLong(),
                    target, MessageRole.USER, new UserId(in.path("by").asText()), in.path("content").asText(""),
                    Instant.parse(in.path("at").asText()), null, AgentParts.NONE, null, Revision.of(
                    type.equals("message_edited") ? Revision.ChangeKind.EDITED : Revision.ChangeKind.DELETED,
                    target));
        }
        MessageRole role = MessageRole.fromWireName(in.path("role").asText())
                .orElseThrow(() -> new IllegalArgumentException("unknown message role " + in.path("role")));
        return new Message(new ConversationId(in.path("conversation").asText()), in.path("offset").asLong(),
                new MessageId(in.path("id").asText()), role, new UserId(in.path("sender").asText()),
                in.path("content").asText(), Instant.parse(in.path("at").asText()),
                in.path("run").isTextual() ? new RunId(in.get("run").asText()) : null, agent(in), attachment(in),
                in.path("edited_at").isTextual() ? new Revision(Instant.parse(in.get("edited_at").asText()), null,
                        null) : Revision.NONE);
    }

    private static AttachmentRef attachment(JsonNode in) {
        JsonNode attachment = in.path("attachment");
        return attachment.isObject() ? new AttachmentRef(new AttachmentId(attachment.path("id").asText()),
                attachment.path("name").asText(), attachment.path("mime").asText(), attachment.path("size").asLong(),
                attachment.path("sha256").asText()) : null;
    }

    /** The tool calls as the wire writes them: {@code [{id, type: function, function: {name, arguments}}]}. */
    public static List<ToolCall> toolCalls(JsonNode calls) {
        List<ToolCall> out = new ArrayList<>();
        for (JsonNode call : calls) {
            out.add(new ToolCall(call.path("id").asText(), call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText("")));
        }
        return out;
    }

    private static AgentParts agent(JsonNode in) {
        return new AgentParts(toolCalls(in.path("toolCalls")),
                in.path("toolCallId").isTextual() ? in.get("toolCallId").asText() : null,
                in.path("reasoning").asText(""));
    }
}
