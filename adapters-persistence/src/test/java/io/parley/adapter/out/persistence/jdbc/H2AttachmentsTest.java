package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.port.out.AttachmentStoreContract;
import io.parley.application.port.out.AttachmentStorePort;

/** The attachment store contract, the bytes in an H2 file database. */
class H2AttachmentsTest extends AttachmentStoreContract {
    @TempDir
    static Path directory;
    private static JdbcStorage storage;

    @BeforeAll
    static void open() {
        storage = JdbcStores.open(TestDatabases.h2File(directory));
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    @Override
    protected AttachmentStorePort store() {
        return storage.attachments();
    }
}
