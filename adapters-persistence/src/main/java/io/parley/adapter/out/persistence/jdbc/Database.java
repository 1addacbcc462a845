package io.parley.adapter.out.persistence.jdbc;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcParametersConfig;

import io.parley.domain.LogLine;

/**
 * The pooled Helidon {@link DbClient} the JDBC store works through: runs work in a transaction or on its own, and
 * translates every database failure ({@link Failures}), so nothing from JDBC or Helidon leaves as such.
 */
final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private final HikariConfig config;
    private final HikariDataSource source;
    private final DbClient client;

    private Database(HikariConfig config, HikariDataSource source, DbClient client) {
        this.config = config;
        this.source = source;
        this.client = client;
    }

    /** A Hikari pool for {@code settings}, handed to Helidon's JDBC client; nothing is connected through it yet. */
    static Database open(JdbcStoreSettings settings) {
        Connections connections = Connections.of(settings);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(connections.url());
        pool.setUsername(settings.user());
        pool.setPassword(settings.password());
        connections.properties().forEach(pool::addDataSourceProperty);
        pool.setConnectionInitSql(connections.initSql());
        pool.setPoolName("parley-store");
        pool.setMaximumPoolSize(settings.poolSize());
        pool.setConnectionTimeout(settings.connectionTimeout().toMillis());
        pool.setValidationTimeout(settings.connectionTimeout().toMillis());
        pool.setExceptionOverride(new EvictLostConnections());
        HikariDataSource source;
        try {
            source = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw Failures.translate("open a connection pool to " + settings.safeUrl(), e);
        }
        Database database = new Database(pool, source, JdbcClientBuilder.create()
                // Bind long strings as plain strings: content is at most a few KiB and both drivers take it.
                .parametersSetter(JdbcParametersConfig.builder().useStringBinding(false).build())
                .connectionPool(new HikariPool(source))
                .build());
        if (settings.isH2()) {
            try {
                // H2 writes commits to its file in the background, up to 500 ms later: a crash would lose messages
                // already acknowledged. With 0, a commit is written before it returns (group commit keeps that
                // affordable). H2 keeps the setting in the database file.
                database.autoCommit("set h2 write delay", db -> db.createNamedDmlStatement("h2-durable",
                        "SET WRITE_DELAY 0").execute());
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
        }
        return database;
    }

    /**
     * A second pool of {@code size} connections with this one's URL, settings and timeouts, for Flyway (which holds
     * two connections at once, more than a small store pool may have); the caller closes it.
     */
    HikariDataSource separatePool(String name, int size) {
        HikariConfig copy = new HikariConfig();
        config.copyStateTo(copy);
        copy.setPoolName(name);
        copy.setMaximumPoolSize(size);
        copy.setMinimumIdle(0);
        try {
            return new HikariDataSource(copy);
        } catch (RuntimeException e) {
            throw Failures.translate("open the " + name + " pool", e);
        }
    }

    /** Runs {@code work} in one transaction and commits it before returning; rolls back on any failure. */
    <T> T inTransaction(String operation, Function<DbTransaction, T> work) {
        DbTransaction tx = begin(operation);
        try {
            T result = work.apply(tx);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(tx, operation);
            throw e instanceof DbClientException db ? Failures.translate(operation, db) : e;
        }
    }

    /** Runs {@code work} in one transaction and rolls it back, whatever happens: nothing {@code work} does stays. */
    <T> T rolledBack(String operation, Function<DbTransaction, T> work) {
        DbTransaction tx = begin(operation);
        try {
            return work.apply(tx);
        } catch (DbClientException e) {
            throw Failures.translate(operation, e);
        } finally {
            rollbackQuietly(tx, operation);
        }
    }

    private DbTransaction begin(String operation) {
        try {
            return client.transaction();
        } catch (DbClientException e) {
            throw Failures.translate(operation, e);
        }
    }

    /** Runs {@code work} in auto-commit mode (one statement, or reads that need no common snapshot). */
    <T> T autoCommit(String operation, Function<DbExecute, T> work) {
        try {
            return work.apply(client.execute());
        } catch (DbClientException e) {
            throw Failures.translate(operation, e);
        }
    }

    /** A cheap round trip: fails when the database cannot be reached. */
    void ping() {
        autoCommit("ping", db -> db.createNamedGet("ping", "SELECT 1").execute());
    }

    @Override
    public void close() {
        client.close();
    }

    private static void rollbackQuietly(DbTransaction tx, String operation) {
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> LogLine.event("store_rollback_failed").with("operation", operation).toString());
        }
    }

    /**
     * Hikari retires a connection on PostgreSQL's 08xxx states by itself, but not on H2's codes for a broken or
     * closed session: without this, a retry soon after a failure gets the same dead connection again.
     */
    private static final class EvictLostConnections implements SQLExceptionOverride {
        @java.lang.Override
        public Override adjudicate(SQLException e) {
            return Failures.connectionLost(String.valueOf(e.getSQLState())) ? Override.MUST_EVICT
                    : Override.CONTINUE_EVICT;
        }
    }

    /** Helidon's JDBC client takes its connections from Hikari (Helidon 4.5.0 ships no Hikari module of its own). */
    private record HikariPool(HikariDataSource source) implements CloseableJdbcConnectionPool {
        @Override
        public Connection connection() {
            try {
                return source.getConnection();
            } catch (SQLException e) {
                throw new DbClientException("no pooled connection: " + e.getMessage(), e);
            }
        }

        @Override
        public String dbType() {
            return source.getJdbcUrl().startsWith("jdbc:h2:") ? "jdbc:h2" : "jdbc:postgresql";
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
