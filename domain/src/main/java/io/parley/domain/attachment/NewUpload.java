package io.parley.domain.attachment;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;

/**
 * An upload announced: where it goes, who sends it, what it is, how many bytes it will have and, when the sender
 * gave it, the SHA-256 they must hash to (lower-case hex).
 */
public record NewUpload(AttachmentId id, ConversationId conversation, UserId uploader, String name, String mime,
                        long size, Optional<String> sha256, Instant at) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MIME = Pattern.compile("[A-Za-z0-9!#$&^_.+-]{1,64}/[A-Za-z0-9!#$&^_.+-]{1,64}");
    /** The longest file name kept, in characters. */
    public static final int MAX_NAME_LENGTH = 255;

    public NewUpload {
        if (id == null || conversation == null || uploader == null || at == null || sha256 == null) {
            throw new IllegalArgumentException("an upload needs an id, a conversation, an uploader and a time");
        }
        describe(name, mime, sha256);
        if (size < 1) {
            throw new IllegalArgumentException("an upload has at least one byte");
        }
    }

    /**
     * Checks what a client says about a file: a name of 1-{@value #MAX_NAME_LENGTH} characters without control
     * characters or slashes, a mime type {@code type/subtype}, and a hash (when given) of 64 lower-case hex digits.
     */
    public static void describe(String name, String mime, Optional<String> sha256) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH
                || name.chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
            throw new IllegalArgumentException("a file name has 1-" + MAX_NAME_LENGTH
                    + " characters, no control characters and no slashes");
        }
        if (mime == null || !MIME.matcher(mime).matches()) {
            throw new IllegalArgumentException("a mime type is type/subtype, such as image/png");
        }
        if (sha256 == null || sha256.isPresent() && !HEX.matcher(sha256.get()).matches()) {
            throw new IllegalArgumentException("sha256 is 64 lower-case hex digits");
        }
    }

    /** The upload once its bytes are all there, hashing to {@code digest}. */
    public Attachment completed(String digest) {
        return new Attachment(id, conversation, uploader, name, mime, size, digest, at);
    }
}
