package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The run-lease contract on an H2 file database, from two stores opened on it in this process. */
class H2RunLeasesTest extends JdbcRunLeaseContract {
    @TempDir
    static Path directory;
    private static JdbcStorage first;
    private static JdbcStorage second;

    @BeforeAll
    static void open() {
        first = JdbcStores.open(TestDatabases.h2File(directory));
        second = JdbcStores.open(TestDatabases.h2File(directory));
    }

    @AfterAll
    static void close() {
        second.close();
        first.close();
    }

    @Override
    protected JdbcStorage storage() {
        return first;
    }

    @Override
    protected JdbcStorage secondStorage() {
        return second;
    }
}
