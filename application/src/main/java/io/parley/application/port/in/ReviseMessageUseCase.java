package io.parley.application.port.in;

import java.util.Optional;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.protocol.ClientRequest;

/**
 * Editing and deleting a stored message: its author, an owner of the conversation, or (over HTTP) the server key.
 * Each change is an entry of the conversation's log at an offset of its own ({@code message_edited},
 * {@code message_deleted}), pushed to every member; a deleted message's content, and its attachment, leave the
 * store.
 */
public interface ReviseMessageUseCase {

    /**
     * From a connection. Done: the {@code ack} {offset of the change, id of the message}. Refused: {@code
     * not_joined}, {@code forbidden} (a viewer, or another's message and not an owner), {@code not_found},
     * {@code too_large}, {@code unavailable}.
     */
    Outcome<Reply> edit(ConnectionId connection, ClientRequest.Edit request);

    /** As {@link #edit}, deleting. */
    Outcome<Reply> delete(ConnectionId connection, ClientRequest.Delete request);

    /**
     * Over HTTP: {@code content} present edits, empty deletes. Refused: {@code unauthorized}, {@code forbidden},
     * {@code not_found}, {@code too_large}, {@code unavailable}.
     */
    Outcome<Revised> revise(Caller caller, ConversationId conversation, MessageId message, Optional<String> content);

    /** The change was stored at {@code offset}. */
    record Revised(ConversationId conversation, MessageId message, long offset) {
    }
}
