package io.parley.adapter.out.persistence.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of a test's own on the PostgreSQL test server: the store sees only it (the URL's {@code currentSchema}),
 * so that neither the schema versions nor the rows other branches and earlier runs left in the shared database
 * matter, and what a test breaks there disturbs nobody.
 *
 * @param server the test server, in its default schema
 * @param name   the schema's name
 */
record PostgresSchema(JdbcStoreSettings server, String name) {

    /** Creates a schema named {@code prefix} and a random suffix. */
    static PostgresSchema create(JdbcStoreSettings server, String prefix) throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "");
        PostgresSchema schema = new PostgresSchema(server, prefix + "_" + suffix);
        schema.execute("CREATE SCHEMA " + schema.name());
        return schema;
    }

    /** The store's settings on this schema, with the server's user and password. */
    JdbcStoreSettings settings() {
        return JdbcStoreSettings.of(TestDatabases.withParameter(server.url(), "currentSchema=" + name),
                server.user(), server.password());
    }

    /** Drops the schema and everything in it; waits at most 10 s for locks, so that a leftover pool cannot hang it. */
    void drop() throws SQLException {
        execute("SET lock_timeout = '10s'; DROP SCHEMA " + name + " CASCADE");
    }

    /** Runs {@code sql} on this schema as the server's user. */
    void execute(String sql) throws SQLException {
        try (Connection admin = DriverManager.getConnection(settings().url(), server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
