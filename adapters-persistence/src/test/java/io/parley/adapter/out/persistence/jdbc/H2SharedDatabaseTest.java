package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances (two pools) on one H2 file, as two stores in one JVM share it: appends lock with an update that
 * leaves the row as it is.
 */
class H2SharedDatabaseTest extends SharedDatabaseContract {
    @TempDir
    Path directory;

    @Override
    JdbcStoreSettings database() {
        return TestDatabases.h2File(directory);
    }
}
