package io.parley.application.port.in;

import java.util.function.Consumer;

import io.parley.domain.attachment.Attachment;
import io.parley.domain.conversation.AttachmentId;

/**
 * Reading an attachment ({@code GET /api/attachments/{id}}): for a member of its conversation (or the server key),
 * or for whoever holds a link the gateway signed (the adapter checks the signature).
 */
public interface ReadAttachmentUseCase {

    /** The attachment, for {@code caller}. Refused: {@code unauthorized}, {@code forbidden}, {@code not_found}. */
    Outcome<Attachment> attachment(Caller caller, AttachmentId id);

    /** The attachment a signed link points to. Refused: {@code not_found}, {@code unavailable}. */
    Outcome<Attachment> linked(AttachmentId id);

    /**
     * Hands the bytes from {@code from} on, {@code length} at most, to {@code pieces} in order on the calling thread;
     * returns how many. The store may fail part way ({@code StoreUnavailableException}).
     */
    long read(Attachment attachment, long from, long length, Consumer<byte[]> pieces);
}
