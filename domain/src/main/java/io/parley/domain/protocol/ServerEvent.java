package io.parley.domain.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.Role;
import io.parley.domain.run.RunId;

/** Everything the server sends to a client. Fields named {@code ref} are {@code null} when there is none. */
public sealed interface ServerEvent {

    /** Sent right after a connection opens. */
    record Welcome(ConnectionId connection, UserId user, String node, Duration heartbeatInterval,
                   Duration heartbeatTimeout, Limits limits) implements ServerEvent {
    }

    /** The limits a client should know about, announced in {@code welcome}. */
    record Limits(long maxMessageBytes, int messagesPerSecond, long maxUploadBytes) {
    }

    /** A join succeeded; {@code offset} is the conversation's latest offset when it was joined. */
    record Joined(String ref, ConversationId conversation, Role role, long offset, Recovery recovery)
            implements ServerEvent {
    }

    /**
     * The connection is out of a conversation: it left ({@code reason} null), or its membership ended
     * ({@code reason} {@code removed}).
     */
    record Left(String ref, ConversationId conversation, String reason) implements ServerEvent {
        /** The answer to a {@code leave}. */
        public Left(String ref, ConversationId conversation) {
            this(ref, conversation, null);
        }

        /** The membership ended: the connection is unsubscribed. */
        public static Left removed(ConversationId conversation) {
            return new Left(null, conversation, "removed");
        }
    }

    /** The connection's role in a conversation changed; it stays joined with the new one. */
    record RoleChanged(ConversationId conversation, Role role) implements ServerEvent {
    }

    /** Who is in a conversation now, on every node: users with their connection counts. */
    record Presence(String ref, ConversationId conversation, List<Present> members) implements ServerEvent {
        public Presence {
            members = List.copyOf(members);
        }
    }

    /** A user in a conversation and how many connections they have there. */
    record Present(UserId user, int connections) {
    }

    /**
     * A user's first connection joined a conversation ({@code joined}: {@code presence_join}), or their last one
     * left it ({@code presence_leave}), on any node.
     */
    record PresenceChanged(ConversationId conversation, UserId user, boolean joined) implements ServerEvent {
    }

    /** A {@code refresh} was taken: the connection now lasts until {@code expiresAt}. */
    record Refreshed(String ref, Instant expiresAt) implements ServerEvent {
    }

    /**
     * An event a backend pushed to every connection of {@code user} ({@code POST /api/users/{user}/events}):
     * {@code json} is one JSON object with a string {@code type}, sent with {@code user} added.
     */
    record UserPushed(UserId user, String json) implements ServerEvent {
    }

    /** An announcement to every connection ({@code POST /api/broadcast}): one JSON object, sent as it is. */
    record Broadcast(String json) implements ServerEvent {
    }

    /** A message was stored at {@code offset}. */
    record Ack(String ref, ConversationId conversation, long offset, MessageId id) implements ServerEvent {
    }

    /** An upload may go on: its bytes from {@code received} on are awaited in binary frames. */
    record UploadReady(String ref, ConversationId conversation, AttachmentId upload, long received)
            implements ServerEvent {
    }

    /** A member's read marker moved: they have read up to {@code offset}. */
    record ReadMarker(ConversationId conversation, UserId user, long offset) implements ServerEvent {
    }

    /** A member is typing (not stored; a client forgets it after a few seconds). */
    record Typing(ConversationId conversation, UserId user) implements ServerEvent {
    }

    /** A user was erased: their connections close. Crosses nodes; never sent to a client as such. */
    record UserErased(UserId user) implements ServerEvent {
    }

    /**
     * A stored entry, pushed to every member: a message, or the edit or delete of one ({@code message_edited},
     * {@code message_deleted}, by the entry's {@link Message#revision()}).
     */
    record MessagePosted(Message message) implements ServerEvent {
    }

    /** A page of history, oldest first; {@code hasMore} when the range holds more than the page. */
    record History(String ref, ConversationId conversation, List<Message> messages, boolean hasMore)
            implements ServerEvent {
        public History {
            messages = List.copyOf(messages);
        }
    }

    /** The answer to a client ping. */
    record Pong(String ref) implements ServerEvent {
    }

    /** The server's heartbeat; clients answer with {@code pong}. */
    record Ping() implements ServerEvent {
    }

    /**
     * A request could not be carried out.
     *
     * @param retryAfterMs when to try again, or {@code null}
     */
    record ErrorReply(ErrorCode code, String message, String ref, Long retryAfterMs) implements ServerEvent {
        public ErrorReply {
            if (code == null || message == null) {
                throw new IllegalArgumentException("an error needs a code and a message");
            }
        }

        public static ErrorReply of(ErrorCode code, String message, String ref) {
            return new ErrorReply(code, message, ref, null);
        }
    }

    /** A conversation was deleted. */
    record Deleted(ConversationId conversation) implements ServerEvent {
    }

    /** One event of an assistant run in {@code conversation}; {@code seq} counts the run's events from 1. */
    record RunEvent(ConversationId conversation, RunId runId, long seq, AgUiEvent event) implements ServerEvent {
        public RunEvent {
            if (conversation == null || runId == null || event == null || seq < 1) {
                throw new IllegalArgumentException("a run event needs a conversation, a run, a seq and an event");
            }
        }
    }

    /**
     * An AG-UI event a backend service published to a conversation's members (pipeline status and the like),
     * relayed as it came: {@code json} is one JSON object with a string {@code type}.
     */
    record Relayed(ConversationId conversation, String json) implements ServerEvent {
    }

    /**
     * The shared state of {@code conversation} outside a run: a {@code STATE_DELTA} to every member when it changed,
     * a {@code STATE_SNAPSHOT} to one connection (after {@code joined}, or with a {@code conflict}).
     */
    record StateEvent(ConversationId conversation, AgUiEvent event) implements ServerEvent {
        public StateEvent {
            if (conversation == null
                    || !(event instanceof AgUiEvent.StateSnapshot || event instanceof AgUiEvent.StateDelta)) {
                throw new IllegalArgumentException("a state event needs a conversation and a snapshot or a delta");
            }
        }
    }

    /** A {@code state} change was stored: the conversation's state is at {@code version} now. */
    record StateAccepted(String ref, ConversationId conversation, long version) implements ServerEvent {
    }

    /** A {@code cancel} was accepted: the run will end with {@code RUN_ERROR} code {@code cancelled}. */
    record CancelAccepted(String ref, RunId run) implements ServerEvent {
    }
}
