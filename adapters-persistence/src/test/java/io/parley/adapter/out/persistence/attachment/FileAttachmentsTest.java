package io.parley.adapter.out.persistence.attachment;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import io.parley.application.port.out.AttachmentStoreContract;
import io.parley.application.port.out.AttachmentStorePort;

/** The attachment store contract, the bytes as files in a directory. */
class FileAttachmentsTest extends AttachmentStoreContract {
    @TempDir
    Path directory;

    @Override
    protected AttachmentStorePort store() {
        return new FileAttachments(directory);
    }
}
