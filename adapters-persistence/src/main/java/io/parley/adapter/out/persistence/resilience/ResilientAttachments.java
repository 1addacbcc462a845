package io.parley.adapter.out.persistence.resilience;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import io.parley.application.port.out.AttachmentStorePort;
import io.parley.domain.attachment.Attachment;
import io.parley.domain.attachment.NewUpload;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;

/**
 * Attachments behind the retries and the circuit breaker of the database they are kept in. Retried, being
 * idempotent: {@code begin} (it finds the upload it began), reads of what is stored, expiry and deletion. Tried
 * once: {@code append} (repeated after a commit whose answer was lost, it would find the bytes held and refuse),
 * {@code complete}, and reading the bytes (pieces handed over cannot be taken back).
 */
public final class ResilientAttachments implements AttachmentStorePort {
    private final AttachmentStorePort attachments;
    private final StoreGuard guard;

    ResilientAttachments(AttachmentStorePort attachments, StoreGuard guard) {
        this.attachments = attachments;
        this.guard = guard;
    }

    @Override
    public Upload begin(NewUpload upload) {
        return guard.call("begin upload", () -> attachments.begin(upload));
    }

    @Override
    public Optional<Upload> upload(AttachmentId id) {
        return guard.call("read upload", () -> attachments.upload(id));
    }

    @Override
    public long append(AttachmentId id, long at, byte[] bytes) {
        return guard.once("append upload", () -> attachments.append(id, at, bytes));
    }

    @Override
    public Completion complete(AttachmentId id) {
        return guard.once("complete upload", () -> attachments.complete(id));
    }

    @Override
    public Optional<Attachment> attachment(AttachmentId id) {
        return guard.call("read attachment", () -> attachments.attachment(id));
    }

    @Override
    public long read(AttachmentId id, long from, long length, Consumer<byte[]> pieces) {
        return guard.once("read attachment bytes", () -> attachments.read(id, from, length, pieces));
    }

    @Override
    public int expireUploads(Instant before) {
        return guard.call("expire uploads", () -> attachments.expireUploads(before));
    }

    @Override
    public boolean delete(AttachmentId id) {
        return guard.call("delete attachment", () -> attachments.delete(id));
    }

    @Override
    public int deleteConversation(ConversationId conversation) {
        return guard.call("delete attachments", () -> attachments.deleteConversation(conversation));
    }
}
