package io.parley.domain.protocol;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.parley.domain.attachment.NewUpload;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Tool;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.run.ResumeEntry;
import io.parley.domain.run.RunId;

/** A well-formed request from a client. Every request may carry a {@code ref} ({@code null} when absent). */
public sealed interface ClientRequest {

    /** The client's correlation string, echoed in the reply, or {@code null}. */
    String ref();

    /**
     * Joins a conversation, optionally recovering what was missed after {@code since}.
     *
     * @param tools the front-end tools the assistant may call in the runs this connection starts there
     */
    record Join(String ref, ConversationId conversation, OptionalLong since, List<Tool> tools)
            implements ClientRequest {
        public Join {
            requireConversation(conversation);
            if (since.isPresent() && since.getAsLong() < 0) {
                throw new IllegalArgumentException("since must not be negative");
            }
            tools = List.copyOf(tools);
        }

        /** A join that offers no tools. */
        public Join(String ref, ConversationId conversation, OptionalLong since) {
            this(ref, conversation, since, List.of());
        }
    }

    /** Leaves a conversation on this connection. */
    record Leave(String ref, ConversationId conversation) implements ClientRequest {
        public Leave {
            requireConversation(conversation);
        }
    }

    /**
     * Posts a message.
     *
     * @param id    the client's message id for idempotent resends, or {@code null}
     * @param reply whether the assistant should answer
     * @param tools  the front-end tools the assistant may call in the run this send starts (besides the join's)
     * @param resume the answers to the interrupts the last run ended with
     */
    record Send(String ref, ConversationId conversation, String content, MessageId id, boolean reply,
                List<Tool> tools, List<ResumeEntry> resume) implements ClientRequest {
        public Send {
            requireConversation(conversation);
            if (!NewMessage.isValidContent(content)) {
                throw new IllegalArgumentException("content must be a non-empty string without NUL characters");
            }
            tools = List.copyOf(tools);
            resume = List.copyOf(resume);
        }

        /** A send that offers no tools and answers no interrupt. */
        public Send(String ref, ConversationId conversation, String content, MessageId id, boolean reply) {
            this(ref, conversation, content, id, reply, List.of(), List.of());
        }
    }

    /**
     * Answers a front-end tool call the assistant made: stored as a {@code tool} message.
     *
     * @param id    the client's message id for idempotent resends, or {@code null}
     * @param reply whether the assistant goes on once every call of its reply is answered
     */
    record ToolResult(String ref, ConversationId conversation, String toolCallId, String content, MessageId id,
                      boolean reply) implements ClientRequest {
        public ToolResult {
            requireConversation(conversation);
            if (!ToolCall.isValidName(toolCallId)) {
                throw new IllegalArgumentException("toolCallId must be 1-" + ToolCall.MAX_NAME_LENGTH
                        + " characters without control characters");
            }
            if (content == null || !content.isEmpty() && !NewMessage.isValidContent(content)) {
                throw new IllegalArgumentException("content must be a string without NUL characters");
            }
        }
    }

    /**
     * Changes a conversation's shared state with an RFC 6902 JSON Patch ({@code patch}, JSON text), which must
     * apply to {@code version}, the state the client saw.
     */
    record ChangeState(String ref, ConversationId conversation, long version, String patch) implements ClientRequest {
        public ChangeState {
            requireConversation(conversation);
            if (version < 0) {
                throw new IllegalArgumentException("version must not be negative");
            }
            if (patch == null || patch.isEmpty()) {
                throw new IllegalArgumentException("patch must be a JSON Patch array");
            }
        }
    }

    /** Asks for a page of a conversation's messages: {@code after: 0} is the start, no cursor the newest page. */
    record History(String ref, ConversationId conversation, OptionalLong before, OptionalLong after, int limit)
            implements ClientRequest {
        public History {
            requireConversation(conversation);
            if (limit < 1 || limit > Protocol.HISTORY_MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be 1.." + Protocol.HISTORY_MAX_LIMIT);
            }
            MessageRange.requested(after, before, limit);
        }

        /** The messages asked for. */
        public MessageRange range() {
            return MessageRange.requested(after, before, limit);
        }
    }

    /**
     * Announces a file whose bytes follow in binary frames, or resumes the upload {@code resume} from what the
     * server holds.
     *
     * @param sha256 the bytes' SHA-256 in lower-case hex, when the client gives it
     * @param resume the id of the upload to go on with, or {@code null} for a new one
     */
    record Upload(String ref, ConversationId conversation, String name, String mime, long size,
                  Optional<String> sha256, AttachmentId resume) implements ClientRequest {
        public Upload {
            requireConversation(conversation);
            NewUpload.describe(name, mime, sha256);
            if (size < 1) {
                throw new IllegalArgumentException("size must be the file's length in bytes, at least 1");
            }
        }
    }

    /** Edits a stored message: its author or an owner may. */
    record Edit(String ref, ConversationId conversation, MessageId id, String content) implements ClientRequest {
        public Edit {
            requireConversation(conversation);
            if (id == null) {
                throw new IllegalArgumentException("id must name the message to edit");
            }
            if (!NewMessage.isValidContent(content)) {
                throw new IllegalArgumentException("content must be a non-empty string without NUL characters");
            }
        }
    }

    /** Deletes a stored message, its content with it: its author or an owner may. */
    record Delete(String ref, ConversationId conversation, MessageId id) implements ClientRequest {
        public Delete {
            requireConversation(conversation);
            if (id == null) {
                throw new IllegalArgumentException("id must name the message to delete");
            }
        }
    }

    /** Moves the member's read marker up to {@code offset} (never backwards). */
    record Read(String ref, ConversationId conversation, long offset) implements ClientRequest {
        public Read {
            requireConversation(conversation);
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative");
            }
        }
    }

    /** The member is typing: told to the others, not stored. */
    record Typing(String ref, ConversationId conversation) implements ClientRequest {
        public Typing {
            requireConversation(conversation);
        }
    }

    /** Cancels an assistant run in progress. */
    record Cancel(String ref, RunId run) implements ClientRequest {
        public Cancel {
            if (run == null) {
                throw new IllegalArgumentException("run must be a run id");
            }
        }
    }

    /** An application-level ping; answered with {@code pong}. */
    record Ping(String ref) implements ClientRequest {
    }

    /** The answer to a server {@code ping}. */
    record Pong(String ref) implements ClientRequest {
    }

    /** Asks who is in a conversation the connection joined. */
    record Presence(String ref, ConversationId conversation) implements ClientRequest {
        public Presence {
            requireConversation(conversation);
        }
    }

    /** The token of a connection that opened without one: its first frame. Never logged. */
    record Auth(String ref, String token) implements ClientRequest {
        public Auth {
            requireToken(token);
        }

        @Override
        public String toString() {
            return "Auth[ref=" + ref + ", token=***]";
        }
    }

    /** A newer token for the same user, before the connection's expires. Never logged. */
    record Refresh(String ref, String token) implements ClientRequest {
        public Refresh {
            requireToken(token);
        }

        @Override
        public String toString() {
            return "Refresh[ref=" + ref + ", token=***]";
        }
    }

    private static void requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must be a non-empty string");
        }
    }

    private static void requireConversation(ConversationId conversation) {
        if (conversation == null) {
            throw new IllegalArgumentException("conversation is missing");
        }
    }
}
