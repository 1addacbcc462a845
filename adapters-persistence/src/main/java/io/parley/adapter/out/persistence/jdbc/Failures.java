package io.parley.adapter.out.persistence.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.parley.adapter.out.persistence.jdbc.JdbcStoreSettings.Setting;
import io.parley.application.port.out.StoreMisconfiguredException;
import io.parley.application.port.out.StoreUnavailableException;

/**
 * Translates database failures for the port, by SQLSTATE. A data exception or an integrity violation (class 22 or
 * 23: a value the database cannot hold) is the message's fault: an {@link IllegalArgumentException}. A problem of
 * set-up (class 28 credentials, 42 SQL or rights, 3D/3F database or schema, 0A, 25006 read-only, and H2's own
 * codes for the same) is the operator's: a {@link StoreMisconfiguredException}. Neither is retried or counts
 * against the circuit breaker. Everything else (connection lost or refused, timeout, deadlock, resources) is
 * passing: a {@link StoreUnavailableException}.
 */
final class Failures {
    /** What a caller is told to wait after a single failed statement; the resilience layer may say more. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /** H2's vendor codes (org.h2.api.ErrorCode) that mean a set-up problem: unknown database, setting or right. */
    private static final Set<String> H2_DATABASE = Set.of(
            "90013", "90146", "90149", // database not found
            "90079",                   // schema not found
            "90020",                   // database file in use by another process
            "90048");                  // database file of another H2 version
    private static final Set<String> H2_SETUP = Set.of(
            "90008", "90011", "90021", "90046", "90088", "90113", "90117", "90133", "90138", // URL and settings
            "90022", "90057", "50004", "50100");                                  // SQL this H2 does not know
    private static final Set<String> H2_PERMISSION = Set.of("90096", "90040");
    private static final Set<String> H2_READ_ONLY = Set.of("90097");
    /** H2's codes for a connection that is gone (broken, closed, I/O error), which PostgreSQL reports as 08xxx. */
    private static final Set<String> H2_CONNECTION_LOST = Set.of("90067", "90098", "90121", "90028", "90031");

    private Failures() {
    }

    /** A set-up problem: what is wrong, and which settings fix it. */
    enum Misconfiguration {
        CREDENTIALS("the database refused the user or the password", List.of(Setting.USER, Setting.PASSWORD)),
        PERMISSION("the database user lacks a right the store needs (to read, write or create its tables)",
                List.of(Setting.USER)),
        READ_ONLY("the database accepts no writes", List.of(Setting.URL)),
        DATABASE("the database or schema named in the URL does not exist or cannot be opened", List.of(Setting.URL)),
        SETUP("the database does not accept the store's SQL or a setting of the URL, or lacks the store's tables"
                + " (the store needs PostgreSQL, or H2 in PostgreSQL mode)", List.of(Setting.URL));

        private final String description;
        private final List<Setting> settings;

        Misconfiguration(String description, List<Setting> settings) {
            this.description = description;
            this.settings = settings;
        }

        String description() {
            return description;
        }

        List<Setting> settings() {
            return settings;
        }
    }

    /** The port's exception for {@code failure} of {@code operation}. */
    static RuntimeException translate(String operation, Throwable failure) {
        String state = sqlState(failure);
        String reason = "conversation store: " + operation + " failed: " + detail(failure);
        if (isDataError(state)) {
            return new IllegalArgumentException(reason, failure);
        }
        Optional<Misconfiguration> wrong = misconfiguration(state);
        if (wrong.isPresent()) {
            return new StoreMisconfiguredException(reason, wrong.get().description() + ": " + detail(failure),
                    RETRY_AFTER, failure);
        }
        return new StoreUnavailableException(reason, RETRY_AFTER, failure);
    }

    /** Why the store at {@code safeUrl} cannot be opened, in one message naming the settings to change. */
    static StoreUnusableException unusable(String safeUrl, Throwable failure) {
        if (failure instanceof StoreUnusableException unusable) {
            return unusable;
        }
        String state = sqlState(failure);
        Optional<Misconfiguration> wrong = misconfiguration(state);
        String what = wrong.map(Misconfiguration::description).orElse(isDataError(state)
                ? "the database cannot hold the store's data" : "cannot reach the database or open a connection");
        return new StoreUnusableException("the conversation store at " + safeUrl + " is unusable: " + what + " ("
                + detail(failure) + ")", wrong.map(Misconfiguration::settings).orElse(List.of(Setting.URL)),
                failure);
    }

    /** Whether the connection that raised {@code sqlState} is lost for good (the pool must not lend it again). */
    static boolean connectionLost(String sqlState) {
        return sqlState.startsWith("08") || H2_CONNECTION_LOST.contains(sqlState);
    }

    /** Class 22 (data exception) and 23 (integrity constraint violation): the value's fault. */
    static boolean isDataError(String sqlState) {
        return sqlState.startsWith("22") || sqlState.startsWith("23");
    }

    static Optional<Misconfiguration> misconfiguration(String sqlState) {
        if (sqlState.startsWith("28")) {
            return Optional.of(Misconfiguration.CREDENTIALS);
        }
        if (sqlState.equals("42501") || H2_PERMISSION.contains(sqlState)) {
            return Optional.of(Misconfiguration.PERMISSION);
        }
        if (sqlState.equals("25006") || H2_READ_ONLY.contains(sqlState)) {
            return Optional.of(Misconfiguration.READ_ONLY);
        }
        if (sqlState.startsWith("3D") || sqlState.startsWith("3F") || H2_DATABASE.contains(sqlState)) {
            return Optional.of(Misconfiguration.DATABASE);
        }
        if (sqlState.startsWith("42") || sqlState.startsWith("0A") || H2_SETUP.contains(sqlState)) {
            return Optional.of(Misconfiguration.SETUP);
        }
        return Optional.empty();
    }

    /** The SQLSTATE of the first {@link SQLException} among the causes that has one, or empty. */
    static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    /**
     * The SQLSTATE and the first line of the innermost cause's message (H2 appends the statement, PostgreSQL a
     * position): the same for every call that meets the same problem.
     */
    static String detail(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        for (String end : new String[] {"; SQL statement:", "\n"}) {
            int at = message.indexOf(end);
            message = at >= 0 ? message.substring(0, at) : message;
        }
        String state = sqlState(e);
        return (state.isEmpty() ? "" : state + " ") + message.strip();
    }
}
