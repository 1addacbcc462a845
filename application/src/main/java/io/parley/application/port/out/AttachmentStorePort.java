package io.parley.application.port.out;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import io.parley.domain.attachment.Attachment;
import io.parley.domain.attachment.NewUpload;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;

/**
 * Where uploads' bytes go and attachments are read from, streamed: no implementation holds a whole file in
 * memory. An upload is begun, gets its bytes appended in order (a resumed upload goes on from what was received),
 * and is completed once, when its size is reached and its SHA-256 (computed by the store over what it holds)
 * matches. {@code AttachmentStoreContract} (the application's test jar) checks an implementation. Throws
 * {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface AttachmentStorePort {

    /** Begins {@code upload}, or finds it to resume it (same id): how many of its bytes are held. */
    Upload begin(NewUpload upload);

    /** The upload {@code id} while it is not complete. */
    Optional<Upload> upload(AttachmentId id);

    /**
     * Appends {@code bytes} to the upload, which must hold exactly {@code at} bytes now and not outgrow its size;
     * returns how many it holds after. Refused ({@link IllegalStateException}) otherwise: nothing is appended.
     */
    long append(AttachmentId id, long at, byte[] bytes);

    /**
     * Completes the upload when it holds its size and hashes to what was announced (when something was): then it
     * is an attachment. Short of its size it stays, to be resumed; with a wrong hash it is removed.
     */
    Completion complete(AttachmentId id);

    /** The attachment {@code id}, once complete. */
    Optional<Attachment> attachment(AttachmentId id);

    /**
     * Hands the attachment's bytes from {@code from} on, {@code length} of them at most, to {@code pieces} in
     * order, a piece (at most 64 KiB) at a time, on the calling thread; returns how many bytes it handed over.
     */
    long read(AttachmentId id, long from, long length, Consumer<byte[]> pieces);

    /** Removes the upload or attachment {@code id}, whichever it is; false when there was none. */
    boolean delete(AttachmentId id);

    /** Removes the uploads begun before {@code before} and never completed; returns how many. */
    int expireUploads(Instant before);

    /** Removes everything of {@code conversation}, complete or not; returns how many attachments and uploads. */
    int deleteConversation(ConversationId conversation);

    /** An upload in progress and how many of its bytes are held. */
    record Upload(NewUpload upload, long received) {
    }

    /** How completing an upload ended. */
    sealed interface Completion {
        /** Stored: the attachment. */
        record Completed(Attachment attachment) implements Completion {
        }

        /** Fewer bytes than announced are held: the upload stays, to be resumed. */
        record Incomplete(long received) implements Completion {
        }

        /** The bytes hash to {@code actual}, not to what was announced: the upload is removed. */
        record WrongHash(String actual) implements Completion {
        }

        /** No such upload in progress. */
        record NotFound() implements Completion {
        }
    }
}
