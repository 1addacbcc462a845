package io.parley.domain.attachment;

import java.time.Instant;
import java.util.Locale;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.AttachmentRef;
import io.parley.domain.conversation.ConversationId;

/** A stored attachment: an upload whose bytes all arrived and hash to {@code sha256} (lower-case hex). */
public record Attachment(AttachmentId id, ConversationId conversation, UserId uploader, String name, String mime,
                         long size, String sha256, Instant at) {
    public Attachment {
        if (id == null || conversation == null || uploader == null || name == null || mime == null || sha256 == null
                || at == null || size < 1) {
            throw new IllegalArgumentException("an attachment needs its id, conversation, uploader, name, mime, "
                    + "size, hash and time");
        }
    }

    /** What a message carrying this attachment says about it. */
    public AttachmentRef ref() {
        return new AttachmentRef(id, name, mime, size, sha256);
    }

    /** Whether a browser may show it in a page of the gateway's origin: png, jpeg, gif and webp images only. */
    public static boolean isInlineImage(String mime) {
        return switch (mime.toLowerCase(Locale.ROOT)) {
            case "image/png", "image/jpeg", "image/gif", "image/webp" -> true;
            default -> false;
        };
    }
}
