package io.parley.adapter.out.persistence.jdbc;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The run-lease contract on an in-memory H2 database, from two stores opened on it in this process. */
class H2InMemoryRunLeasesTest extends JdbcRunLeaseContract {
    private static JdbcStorage first;
    private static JdbcStorage second;

    @BeforeAll
    static void open() {
        JdbcStoreSettings settings = JdbcStoreSettings.of("jdbc:h2:mem:leases-" + UUID.randomUUID()
                + TestDatabases.H2_OPTIONS, "sa", "");
        first = JdbcStores.open(settings);
        second = JdbcStores.open(settings);
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
