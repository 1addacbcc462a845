package io.parley.domain.conversation;

/**
 * What a message says about the attachment it carries: enough for a client to show it and fetch it (the link to
 * its bytes is made when the message is sent out, not stored).
 */
public record AttachmentRef(AttachmentId id, String name, String mime, long size, String sha256) {
    public AttachmentRef {
        if (id == null || name == null || mime == null || sha256 == null || size < 1) {
            throw new IllegalArgumentException("an attachment reference needs its id, name, mime, size and hash");
        }
    }
}
