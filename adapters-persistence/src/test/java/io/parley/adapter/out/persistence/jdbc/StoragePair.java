package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;

/** Two stores opened on one database, as two nodes would open it; closed together. */
record StoragePair(JdbcStorage first, JdbcStorage second) implements AutoCloseable {

    /** Two stores on the H2 file database in {@code directory}. */
    static StoragePair h2(Path directory) {
        return new StoragePair(JdbcStores.open(TestDatabases.h2File(directory)),
                JdbcStores.open(TestDatabases.h2File(directory)));
    }

    /** Two stores on the test PostgreSQL ({@code PARLEY_TEST_PG_URL}), with pools of their own. */
    static StoragePair postgres() {
        JdbcStorage first = JdbcStores.open(TestDatabases.postgres());
        return new StoragePair(first, JdbcStores.open(TestDatabases.postgres()));
    }

    @Override
    public void close() {
        second.close();
        first.close();
    }
}
