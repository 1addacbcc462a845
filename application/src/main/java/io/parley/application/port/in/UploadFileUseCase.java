package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.protocol.ClientRequest;

/**
 * A file sent over a connection (PROTOCOL {@code upload}): announced (or resumed), then its bytes in the order
 * they come, one upload at a time per connection; once all of them arrived and hash to what was announced, it is
 * stored as an attachment and posted as a message to every member. The connection's adapter keeps the
 * {@link Transfer} under way and hands it back with each piece.
 */
public interface UploadFileUseCase {

    /**
     * Begins the upload, or finds the one {@code request.resume()} names (same conversation, uploader and size).
     * Done: the transfer and its reply ({@code upload_ready}, and when the upload was complete already its
     * {@code ack}). Refused: {@code not_joined}, {@code forbidden}, {@code too_large} (over the upload bound),
     * {@code not_found} (nothing to resume), {@code unavailable}.
     */
    Outcome<Announced> announce(ConnectionId connection, ClientRequest.Upload request);

    /**
     * Appends {@code bytes} to the transfer. Done: {@link Step.More} while bytes are due, {@link Step.Completed}
     * (its {@code ack}; the message went to every member) with the last. Refused: {@code bad_request} (more bytes
     * than announced, or a hash that does not match: the upload is removed), {@code conflict} (another connection
     * appended meanwhile), {@code not_found} (it expired), {@code unavailable} (it stays, to be resumed). A
     * refusal ends the transfer on this connection.
     */
    Outcome<Step> append(ConnectionId connection, Transfer transfer, byte[] bytes);

    /** An upload under way on a connection: the request's {@code ref}, where it goes, and how far it got. */
    record Transfer(String ref, ConversationId conversation, AttachmentId upload, long size, long received) {
        /** The same transfer, {@code more} bytes further. */
        public Transfer advanced(long more) {
            return new Transfer(ref, conversation, upload, size, received + more);
        }
    }

    /** An upload announced: the transfer to feed, and what the client is told. */
    record Announced(Transfer transfer, Reply reply) {
    }

    /** Where an upload is after a piece. */
    sealed interface Step {
        /** More bytes are due. */
        record More(Transfer transfer) implements Step {
        }

        /** Stored and posted: the uploader's answer. */
        record Completed(Reply reply) implements Step {
        }
    }
}
