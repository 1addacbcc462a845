package io.parley.application.testing;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import io.parley.application.port.out.AttachmentStorePort;
import io.parley.domain.attachment.Attachment;
import io.parley.domain.attachment.NewUpload;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.ConversationId;

/** An attachment store that holds nothing, for services tested without uploads: it takes none. */
public final class NoAttachments implements AttachmentStorePort {

    @Override
    public Upload begin(NewUpload upload) {
        throw new UnsupportedOperationException("this test takes no uploads");
    }

    @Override
    public Optional<Upload> upload(AttachmentId id) {
        return Optional.empty();
    }

    @Override
    public long append(AttachmentId id, long at, byte[] bytes) {
        throw new IllegalStateException("no upload " + id);
    }

    @Override
    public Completion complete(AttachmentId id) {
        return new Completion.NotFound();
    }

    @Override
    public Optional<Attachment> attachment(AttachmentId id) {
        return Optional.empty();
    }

    @Override
    public long read(AttachmentId id, long from, long length, Consumer<byte[]> pieces) {
        throw new IllegalStateException("no attachment " + id);
    }

    @Override
    public boolean delete(AttachmentId id) {
        return false;
    }

    @Override
    public int expireUploads(Instant before) {
        return 0;
    }

    @Override
    public int deleteConversation(ConversationId conversation) {
        return 0;
    }
}
