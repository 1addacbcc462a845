package io.parley.adapter.out.persistence.jdbc;

import java.sql.SQLException;
import java.time.Duration;

import io.helidon.dbclient.DbClientException;
import io.parley.application.port.out.StoreUnavailableException;

/**
 * Translates database failures for the port. A data exception (SQLSTATE class 22: a value the database cannot hold,
 * such as a NUL character in PostgreSQL text) is the message's fault: it becomes an
 * {@link IllegalArgumentException}, is not retried and does not count against the circuit breaker. Everything else
 * (connection lost, pool exhausted, deadlock, disk full) is the store's: a {@link StoreUnavailableException}.
 */
final class Failures {
    /** What a caller is told to wait after a single failed statement; the resilience layer may say more. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private Failures() {
    }

    static RuntimeException translate(String operation, DbClientException e) {
        String reason = "conversation store: " + operation + " failed: " + rootMessage(e);
        if (sqlState(e).startsWith("22")) {
            return new IllegalArgumentException(reason, e);
        }
        return new StoreUnavailableException(reason, RETRY_AFTER, e);
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
