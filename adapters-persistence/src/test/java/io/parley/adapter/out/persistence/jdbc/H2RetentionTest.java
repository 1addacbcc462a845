package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** Retention on an H2 file database. */
class H2RetentionTest extends RetentionContract {
    @TempDir
    Path directory;

    @Override
    protected JdbcStorage open() {
        return JdbcStores.open(TestDatabases.h2File(directory));
    }
}
