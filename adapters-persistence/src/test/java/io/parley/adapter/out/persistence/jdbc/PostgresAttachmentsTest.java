package io.parley.adapter.out.persistence.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;


import io.parley.application.port.out.AttachmentStoreContract;
import io.parley.application.port.out.AttachmentStorePort;

/** The attachment store contract, the bytes in PostgreSQL ({@code PARLEY_TEST_PG_URL}). */
class PostgresAttachmentsTest extends AttachmentStoreContract {
    private static JdbcStorage storage;

    @BeforeAll
    static void open() {
        storage = JdbcStores.open(TestDatabases.postgres());
    }

    @AfterAll
    static void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @Override
    protected AttachmentStorePort store() {
        return storage.attachments();
    }
}
