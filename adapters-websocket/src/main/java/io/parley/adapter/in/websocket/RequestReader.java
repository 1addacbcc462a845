package io.parley.adapter.in.websocket;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.adapter.common.json.ResumeJson;
import io.parley.adapter.common.json.ToolsJson;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Tool;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Protocol;
import io.parley.domain.run.RunId;

/**
 * Reads a client's text frame into a request, or says precisely what is wrong with it: not JSON, not an object,
 * no or unknown {@code type}, a missing or wrongly typed field, a bad id. Unknown fields are ignored.
 */
final class RequestReader {
    private final ObjectMapper mapper;

    RequestReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Decodes one frame's text. */
    Decoded read(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return bad("frame is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            return bad("frame could not be read: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            return bad("a frame must be one JSON object", null);
        }
        JsonNode refNode = root.get("ref");
        String ref = null;
        if (refNode != null && !refNode.isNull()) {
            if (!refNode.isTextual() || refNode.textValue().length() > Protocol.MAX_REF_LENGTH) {
                return bad("ref must be a string of at most " + Protocol.MAX_REF_LENGTH + " characters", null);
            }
            ref = refNode.textValue();
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            return bad("a frame needs a string field 'type'", ref);
        }
        try {
            return new Decoded.Request(request(type.textValue(), new Fields(root), ref));
        } catch (UnknownType e) {
            return new Decoded.Malformed(ErrorCode.UNKNOWN_TYPE, e.getMessage(), ref);
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage(), ref);
        }
    }

    private static ClientRequest request(String type, Fields f, String ref) {
        return switch (type) {
            case "join" -> new ClientRequest.Join(ref, f.conversation(), f.offset("since"), f.tools());
            case "leave" -> new ClientRequest.Leave(ref, f.conversation());
            case "send" -> new ClientRequest.Send(ref, f.conversation(), f.content(), f.messageId(),
                    f.bool("reply", true), f.tools(), ResumeJson.read(f.present("resume")));
            case "state" -> new ClientRequest.ChangeState(ref, f.conversation(), f.version(), f.patch());
            case "tool_result" -> new ClientRequest.ToolResult(ref, f.conversation(), f.toolCallId(),
                    f.toolResult(), f.messageId(), f.bool("reply", true));
            case "history" -> {
                OptionalLong before = f.offset("before");
                if (before.isPresent() && before.getAsLong() < 1) {
                    throw new IllegalArgumentException("before must be an offset of at least 1");
                }
                yield new ClientRequest.History(ref, f.conversation(), before, f.offset("after"),
                        f.limit(Protocol.HISTORY_DEFAULT_LIMIT, Protocol.HISTORY_MAX_LIMIT));
            }
            case "edit" -> new ClientRequest.Edit(ref, f.conversation(), f.targetId(), f.content());
            case "delete" -> new ClientRequest.Delete(ref, f.conversation(), f.targetId());
            case "read" -> new ClientRequest.Read(ref, f.conversation(), f.offset("offset")
                    .orElseThrow(() -> new IllegalArgumentException("missing field 'offset'")));
            case "typing" -> new ClientRequest.Typing(ref, f.conversation());
            case "ping" -> new ClientRequest.Ping(ref);
            case "pong" -> new ClientRequest.Pong(ref);
            case "cancel" -> new ClientRequest.Cancel(ref, f.run());
            case "auth" -> new ClientRequest.Auth(ref, f.token());
            case "refresh" -> new ClientRequest.Refresh(ref, f.token());
            case "presence" -> new ClientRequest.Presence(ref, f.conversation());
            case "upload" -> new ClientRequest.Upload(ref, f.conversation(), f.text("name"), f.text("mime"),
                    f.size(), Optional.ofNullable(f.id("sha256", false, s -> true, s -> s, "hex")),
                    f.id("upload", false, AttachmentId::isValid, AttachmentId::new,
                            "the id upload_ready gave: 1-64 characters of [A-Za-z0-9._:-]"));
            default -> throw new UnknownType("unknown type '" + abbreviate(type) + "'");
        };
    }

    private static Decoded bad(String message, String ref) {
        return new Decoded.Malformed(ErrorCode.BAD_REQUEST, message, ref);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }

    /** The fields of one request object, each checked for presence and type. */
    private record Fields(JsonNode root) {

        ConversationId conversation() {
            return id("conversation", true, ConversationId::isValid, ConversationId::new,
                    "1-128 characters of [A-Za-z0-9._:-]");
        }

        String content() {
            return id("content", true, NewMessage::isValidContent, text -> text,
                    "non-empty text without NUL characters");
        }

        String toolCallId() {
            return id("toolCallId", true, ToolCall::isValidName, text -> text,
                    "the id of a tool call: 1-" + ToolCall.MAX_NAME_LENGTH + " characters");
        }

        String toolResult() {
            return id("content", true, text -> text.isEmpty() || NewMessage.isValidContent(text), text -> text,
                    "text without NUL characters");
        }

        long version() {
            JsonNode node = present("version");
            if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
                throw new IllegalArgumentException("version must be the state's version the patch applies to "
                        + "(0 when the conversation has no state yet)");
            }
            return node.longValue();
        }

        /** The RFC 6902 patch, as JSON text. */
        String patch() {
            JsonNode node = present("patch");
            if (node == null || !node.isArray()) {
                throw new IllegalArgumentException("patch must be an RFC 6902 JSON Patch: an array of operations");
            }
            return node.toString();
        }

        List<Tool> tools() {
            return ToolsJson.read(present("tools"));
        }

        MessageId messageId() {
            return id("id", false, MessageId::isValid, MessageId::new,
                    "1-64 characters of [A-Za-z0-9._:-], such as a UUID");
        }

        String text(String name) {
            return string(name, true);
        }

        long size() {
            JsonNode node = present("size");
            if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
                throw new IllegalArgumentException("size must be the file's length in bytes, at least 1");
            }
            return node.longValue();
        }

        MessageId targetId() {
            return id("id", true, MessageId::isValid, MessageId::new, "the id of a stored message");
        }

        String token() {
            return id("token", true, text -> !text.isBlank(), text -> text, "a non-empty string");
        }

        RunId run() {
            return id("run", true, RunId::isValid, RunId::new, "a run id: 1-64 characters of [A-Za-z0-9._:-]");
        }

        /** The string field {@code name} made a value when {@code valid}; null when optional and absent. */
        private <T> T id(String name, boolean required, Predicate<String> valid, Function<String, T> make,
                         String form) {
            String value = string(name, required);
            if (value == null) {
                return null;
            }
            if (!valid.test(value)) {
                throw new IllegalArgumentException(name + " must be " + form);
            }
            return make.apply(value);
        }

        OptionalLong offset(String name) {
            JsonNode node = present(name);
            if (node == null) {
                return OptionalLong.empty();
            }
            if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
                throw new IllegalArgumentException(name + " must be a non-negative integer offset");
            }
            return OptionalLong.of(node.longValue());
        }

        int limit(int fallback, int max) {
            JsonNode node = present("limit");
            if (node == null) {
                return fallback;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1
                    || node.intValue() > max) {
                throw new IllegalArgumentException("limit must be an integer from 1 to " + max);
            }
            return node.intValue();
        }

        boolean bool(String name, boolean fallback) {
            JsonNode node = present(name);
            if (node == null) {
                return fallback;
            }
            if (!node.isBoolean()) {
                throw new IllegalArgumentException(name + " must be true or false");
            }
            return node.booleanValue();
        }

        private String string(String name, boolean required) {
            JsonNode node = present(name);
            if (node == null) {
                if (required) {
                    throw new IllegalArgumentException("missing field '" + name + "'");
                }
                return null;
            }
            if (!node.isTextual()) {
                throw new IllegalArgumentException(name + " must be a string");
            }
            return node.textValue();
        }

        private JsonNode present(String name) {
            JsonNode node = root.get(name);
            return node == null || node.isNull() ? null : node;
        }
    }

    /** A {@code type} this server does not handle. */
    private static final class UnknownType extends RuntimeException {
        UnknownType(String message) {
            super(message, null, false, false);
        }
    }
}
