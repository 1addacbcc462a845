package io.parley.application.port.out;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.parley.application.port.out.AttachmentStorePort.Completion;
import io.parley.domain.attachment.Attachment;
import io.parley.domain.attachment.NewUpload;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link AttachmentStorePort} does: bytes appended in order in frame-sized pieces read back exactly, in
 * ranges too; an upload resumes from what it holds; an append out of place or past the size changes nothing; a
 * short upload stays, a wrong hash removes it; uploads never completed expire; a conversation's go with it. Each
 * test makes up its own ids, so a shared database may hold others.
 */
public abstract class AttachmentStoreContract {
    private static final int FRAME = 64 * 1024;
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    /** The store under test. */
    protected abstract AttachmentStorePort store();

    private final ConversationId room = new ConversationId("files-" + UUID.randomUUID());
    private final UserId ann = new UserId("ann");

    @Test
    void framesAppendedInOrderReadBackExactlyAndHashRight() {
        byte[] bytes = bytes(3 * FRAME + 123);
        NewUpload upload = upload(bytes.length, Optional.of(sha256(bytes)));
        assertEquals(0, store().begin(upload).received());
        appendAll(upload.id(), bytes, 0);

        Attachment attachment = assertInstanceOf(Completion.Completed.class, store().complete(upload.id()))
                .attachment();
        assertEquals(upload.completed(sha256(bytes)), attachment);
        assertEquals(Optional.of(attachment), store().attachment(upload.id()));
        assertEquals(Optional.empty(), store().upload(upload.id()), "no longer in progress");
        assertArrayEquals(bytes, read(upload.id(), 0, Long.MAX_VALUE));
        assertArrayEquals(Arrays.copyOfRange(bytes, FRAME - 10, FRAME + 10), read(upload.id(), FRAME - 10, 20),
                "a range");
        assertEquals(5, read(upload.id(), bytes.length - 5, 100).length, "a range cut at the end");
        assertThrows(IllegalStateException.class, () -> store().begin(upload), "complete already");
    }

    @Test
    void anUploadResumesFromWhatItHoldsAndAnAppendOutOfPlaceChangesNothing() {
        byte[] bytes = bytes(2 * FRAME);
        NewUpload upload = upload(bytes.length, Optional.empty());
        store().begin(upload);
        assertEquals(FRAME, store().append(upload.id(), 0, Arrays.copyOf(bytes, FRAME)));
        assertThrows(IllegalStateException.class, () -> store().append(upload.id(), 0, new byte[10]), "already held");
        assertThrows(IllegalStateException.class, () -> store().append(upload.id(), FRAME, new byte[FRAME + 1]),
                "past the size");
        assertEquals(new Completion.Incomplete(FRAME), store().complete(upload.id()), "short: it stays");

        assertEquals(FRAME, store().begin(upload).received(), "announced again: resumed");
        assertEquals(FRAME, store().upload(upload.id()).orElseThrow().received());
        store().append(upload.id(), FRAME, Arrays.copyOfRange(bytes, FRAME, 2 * FRAME));
        assertEquals(sha256(bytes), assertInstanceOf(Completion.Completed.class, store().complete(upload.id()))
                .attachment().sha256(), "the hash is the store's own when none was announced");
    }

    @Test
    void bytesThatHashWronglyAreRemovedAndAnUnknownUploadIsNotFound() {
        byte[] bytes = bytes(1000);
        NewUpload upload = upload(bytes.length, Optional.of("0".repeat(64)));
        store().begin(upload);
        store().append(upload.id(), 0, bytes);
        assertEquals(new Completion.WrongHash(sha256(bytes)), store().complete(upload.id()));
        assertEquals(Optional.empty(), store().upload(upload.id()));
        assertEquals(Optional.empty(), store().attachment(upload.id()));
        assertEquals(new Completion.NotFound(), store().complete(new AttachmentId("nothing-" + UUID.randomUUID())));
        assertThrows(IllegalStateException.class, () -> store().append(upload.id(), 0, bytes));
    }

    @Test
    void uploadsNeverCompletedExpireAndAConversationsGoWithIt() {
        NewUpload stale = upload(10, Optional.empty());
        store().begin(stale);
        byte[] bytes = bytes(10);
        NewUpload kept = upload(10, Optional.empty());
        store().begin(kept);
        store().append(kept.id(), 0, bytes);
        store().complete(kept.id());

        assertTrue(store().expireUploads(AT.plus(Duration.ofHours(1))) >= 1);
        assertEquals(Optional.empty(), store().upload(stale.id()));
        assertTrue(store().attachment(kept.id()).isPresent(), "a complete attachment does not expire");
        assertEquals(1, store().deleteConversation(room));
        assertEquals(Optional.empty(), store().attachment(kept.id()));
    }

    @Test
    void anUploadOrAnAttachmentIsDeletedByItsIdAndOnlyIt() {
        byte[] bytes = bytes(300);
        NewUpload partial = upload(bytes.length, Optional.empty());
        NewUpload complete = upload(bytes.length, Optional.empty());
        NewUpload other = upload(bytes.length, Optional.empty());
        store().begin(partial);
        store().append(partial.id(), 0, Arrays.copyOf(bytes, 100));
        for (NewUpload upload : List.of(complete, other)) {
            store().begin(upload);
            store().append(upload.id(), 0, bytes);
            store().complete(upload.id());
        }

        assertTrue(store().delete(partial.id()));
        assertTrue(store().delete(complete.id()));
        assertEquals(Optional.empty(), store().upload(partial.id()));
        assertEquals(Optional.empty(), store().attachment(complete.id()));
        assertFalse(store().delete(complete.id()), "deleting it again finds nothing");
        assertArrayEquals(bytes, read(other.id(), 0, bytes.length), "the others stay");
    }

    /** What the store hands over, checking that no piece is larger than 64 KiB. */
    private byte[] read(AttachmentId id, long from, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long handed = store().read(id, from, length, piece -> {
            assertTrue(piece.length > 0 && piece.length <= FRAME, "a piece of " + piece.length + " bytes");
            out.writeBytes(piece);
        });
        assertEquals(out.size(), handed);
        return out.toByteArray();
    }

    private void appendAll(AttachmentId id, byte[] bytes, int from) {
        for (int at = from; at < bytes.length; at += FRAME) {
            assertEquals(Math.min(bytes.length, at + FRAME),
                    store().append(id, at, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + FRAME))));
        }
    }

    private NewUpload upload(long size, Optional<String> sha256) {
        return new NewUpload(new AttachmentId("up-" + UUID.randomUUID()), room, ann, "photo 1.png", "image/png",
                size, sha256, AT.truncatedTo(ChronoUnit.MILLIS));
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
