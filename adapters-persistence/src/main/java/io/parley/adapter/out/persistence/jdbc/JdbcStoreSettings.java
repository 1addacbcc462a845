package io.parley.adapter.out.persistence.jdbc;

import java.time.Duration;

import io.parley.adapter.out.persistence.resilience.ResilienceSettings;

/**
 * How to reach the JDBC conversation store. Bootstrap fills it from its configuration; nothing here reads
 * configuration itself.
 *
 * @param url               JDBC URL of an H2 database (file, mem or tcp; the store adds the settings it needs) or
 *                          of PostgreSQL
 * @param user              database user ({@code sa} for the embedded H2 default)
 * @param password          database password, may be empty
 * @param poolSize          most connections kept open
 * @param connectionTimeout how long a call waits for a pooled connection before it fails
 * @param maxBatch          most messages committed in one transaction (group commit)
 * @param resilience        retry and circuit-breaker timings
 */
public record JdbcStoreSettings(String url, String user, String password, int poolSize, Duration connectionTimeout,
                                int maxBatch, ResilienceSettings resilience) {
    /** The embedded default: an H2 file under {@code ./data}, speaking PostgreSQL's dialect. */
    public static final String DEFAULT_URL =
            "jdbc:h2:file:./data/parley;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    public static final String DEFAULT_USER = "sa";
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_BATCH = 256;

    public JdbcStoreSettings {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a JDBC URL starts with 'jdbc:'");
        }
        if (user == null || password == null) {
            throw new IllegalArgumentException("user and password must not be null (use an empty string)");
        }
        if (poolSize < 1 || poolSize > 500) {
            throw new IllegalArgumentException("pool size must be 1..500: " + poolSize);
        }
        if (connectionTimeout == null || connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connection timeout must be at least 250 ms: " + connectionTimeout);
        }
        if (maxBatch < 1 || maxBatch > 1000) {
            throw new IllegalArgumentException("max batch must be 1..1000: " + maxBatch);
        }
        if (resilience == null) {
            throw new IllegalArgumentException("resilience settings are missing");
        }
    }

    /** The given database with every other setting at its default. */
    public static JdbcStoreSettings of(String url, String user, String password) {
        return new JdbcStoreSettings(url, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT,
                DEFAULT_MAX_BATCH, ResilienceSettings.defaults());
    }

    /** How many appends commit at the same time (each a batch): half the pool, the other half serves reads. */
    public int writers() {
        return Math.max(1, poolSize / 2);
    }

    /** Whether this is an H2 database. */
    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    /** Whether this is a PostgreSQL database. */
    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /**
     * The most one statement may take (the database cancels it, or H2 gives up waiting for a lock): a call's whole
     * retry budget, so that no single round trip outlasts the call it belongs to.
     */
    public Duration statementTimeout() {
        return resilience.retryBudget();
    }

    /**
     * How long the driver waits on a silent socket before it gives the connection up: the statement timeout plus a
     * connection timeout, so that the database's own cancel arrives first when the database is merely slow.
     */
    public Duration socketTimeout() {
        return statementTimeout().plus(connectionTimeout);
    }

    /** The URL without its options (which may carry credentials), for logs. */
    public String safeUrl() {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int at = url.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return url.substring(0, cut);
    }

    /** What an operator sets to give the store its database; bootstrap knows under which names. */
    public enum Setting {
        URL, USER, PASSWORD
    }

    @Override
    public String toString() {
        return "JdbcStoreSettings[url=" + safeUrl() + ", user=" + user + ", poolSize=" + poolSize
                + ", connectionTimeout=" + connectionTimeout + ", maxBatch=" + maxBatch + ", resilience=" + resilience
                + "]";
    }
}
