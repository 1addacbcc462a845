package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The JDBC store's own promises on an H2 file database. */
class H2JdbcStoreTest extends JdbcStoreContract {
    @TempDir
    Path directory;

    @Override
    protected JdbcStoreSettings database() {
        return TestDatabases.h2File(directory);
    }
}
