package io.parley.adapter.out.persistence.jdbc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.parley.adapter.out.persistence.jdbc.JdbcStoreSettings.Setting;

/**
 * How the pool connects for {@code settings}: the URL with the settings the store needs, driver properties, and
 * SQL run on each new connection. An H2 URL gets {@code MODE=PostgreSQL} (the store's {@code ON CONFLICT}) and
 * {@code DATABASE_TO_LOWER=TRUE} (the store reads columns by their lower-case names) where it lacks them, an
 * in-memory one {@code DB_CLOSE_DELAY=-1}, a remote one {@code NETWORK_TIMEOUT}; a URL that sets one of the first
 * two otherwise is refused. PostgreSQL gets connect, login and socket timeouts as driver properties (settings in
 * the URL win) and a statement timeout per session. Other databases are refused.
 *
 * @param url        the JDBC URL the pool connects to
 * @param properties driver properties
 * @param initSql    run on every new connection
 */
record Connections(String url, Map<String, String> properties, String initSql) {
    private static final Map<String, String> H2_REQUIRED = Map.of("MODE", "PostgreSQL", "DATABASE_TO_LOWER", "TRUE");

    Connections {
        properties = Map.copyOf(properties);
    }

    static Connections of(JdbcStoreSettings settings) {
        if (settings.isH2()) {
            return h2(settings);
        }
        if (settings.isPostgres()) {
            return postgres(settings);
        }
        throw new StoreUnusableException("the conversation store at " + settings.safeUrl() + " is unusable: it"
                + " runs on H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql:...) only", List.of(Setting.URL), null);
    }

    private static Connections h2(JdbcStoreSettings settings) {
        Map<String, String> given = h2Settings(settings.url());
        StringBuilder url = new StringBuilder(settings.url());
        H2_REQUIRED.forEach((key, value) -> {
            String set = given.get(key);
            if (set == null) {
                url.append(';').append(key).append('=').append(value);
            } else if (!set.equalsIgnoreCase(value)) {
                throw new StoreUnusableException("the conversation store at " + settings.safeUrl() + " is unusable:"
                        + " the URL sets " + key + "=" + set + ", the store needs " + key + "=" + value
                        + " (or leave it out)", List.of(Setting.URL), null);
            }
        });
        if ("TRUE".equalsIgnoreCase(given.get("DATABASE_TO_UPPER"))) {
            throw new StoreUnusableException("the conversation store at " + settings.safeUrl() + " is unusable: the"
                    + " URL sets DATABASE_TO_UPPER=TRUE, the store needs DATABASE_TO_LOWER=TRUE (leave it out)",
                    List.of(Setting.URL), null);
        }
        String kind = settings.url().substring("jdbc:h2:".length()).toLowerCase(Locale.ROOT);
        if (kind.startsWith("mem:") && !given.containsKey("DB_CLOSE_DELAY")) {
            // the database outlives the pool's connections: it must not vanish while the pool replaces them all
            url.append(";DB_CLOSE_DELAY=-1");
        }
        if ((kind.startsWith("tcp:") || kind.startsWith("ssl:")) && !given.containsKey("NETWORK_TIMEOUT")) {
            url.append(";NETWORK_TIMEOUT=").append(settings.socketTimeout().toMillis());
        }
        // H2 gives up waiting for a row lock after 1 s by default; a busy conversation row may be held longer
        return new Connections(url.toString(), Map.of(),
                "SET LOCK_TIMEOUT " + settings.statementTimeout().toMillis());
    }

    private static Connections postgres(JdbcStoreSettings settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("connectTimeout", seconds(settings.connectionTimeout()));
        properties.put("loginTimeout", seconds(settings.socketTimeout()));
        properties.put("socketTimeout", seconds(settings.socketTimeout()));
        properties.put("tcpKeepAlive", "true");
        long statement = settings.statementTimeout().toMillis();
        // a transaction whose client went silent must not keep its row locks for longer than a call may wait
        return new Connections(settings.url(), properties, "SET statement_timeout = " + statement
                + "; SET idle_in_transaction_session_timeout = " + settings.socketTimeout().toMillis());
    }

    /** The settings of an H2 URL ({@code ;KEY=value} after the database name), keys in upper case. */
    static Map<String, String> h2Settings(String url) {
        Map<String, String> settings = new LinkedHashMap<>();
        // H2 escapes a ';' inside a value (such as INIT) as "\;"
        String[] parts = url.split("(?<!\\\\);");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                settings.put(parts[i].substring(0, eq).strip().toUpperCase(Locale.ROOT),
                        parts[i].substring(eq + 1).strip());
            }
        }
        return settings;
    }

    /** PostgreSQL's driver counts these timeouts in whole seconds: rounded up, at least one. */
    private static String seconds(Duration duration) {
        return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
    }
}
