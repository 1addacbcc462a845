package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

import io.parley.adapter.out.persistence.resilience.ResilienceSettings;

/**
 * The databases the JDBC tests run on: an H2 file in a temporary directory, and the PostgreSQL server named by
 * {@code PARLEY_TEST_PG_URL} (user {@code PARLEY_TEST_PG_USER}, default {@code postgres}; password
 * {@code PARLEY_TEST_PG_PASSWORD}, default empty), in a schema of the run's own. PostgreSQL tests are skipped only
 * when the URL is unset.
 */
final class TestDatabases {
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    /** Short timings, so that fault-tolerance tests take seconds, not minutes. */
    static final ResilienceSettings FAST = new ResilienceSettings(2, Duration.ofMillis(50), Duration.ofSeconds(3), 3,
            Duration.ofSeconds(1));

    private static final System.Logger LOG = System.getLogger(TestDatabases.class.getName());

    /** This run's schema on the PostgreSQL test server, once made. */
    private static PostgresSchema runSchema;

    private TestDatabases() {
    }

    static JdbcStoreSettings h2File(Path directory) {
        return JdbcStoreSettings.of("jdbc:h2:file:" + directory.resolve("parley").toAbsolutePath() + H2_OPTIONS,
                "sa", "");
    }

    /** The PostgreSQL test server, if {@code PARLEY_TEST_PG_URL} names one. */
    static Optional<JdbcStoreSettings> postgresIfConfigured() {
        String url = System.getenv("PARLEY_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String user = Optional.ofNullable(System.getenv("PARLEY_TEST_PG_USER")).orElse("postgres");
        String password = Optional.ofNullable(System.getenv("PARLEY_TEST_PG_PASSWORD")).orElse("");
        return Optional.of(JdbcStoreSettings.of(url, user, password));
    }

    /**
     * The PostgreSQL test server, in this test run's own schema (created on first use, dropped when the JVM exits):
     * every store a run opens there shares it. Skips the calling test when {@code PARLEY_TEST_PG_URL} is unset.
     */
    static synchronized JdbcStoreSettings postgres() {
        JdbcStoreSettings server = postgresServer();
        if (runSchema == null) {
            try {
                runSchema = PostgresSchema.create(server, "parley_test");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create a schema on " + server.safeUrl(), e);
            }
            PostgresSchema created = runSchema;
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> dropQuietly(created)));
        }
        return runSchema.settings();
    }

    /**
     * The PostgreSQL test server in its default schema, for tests that make a {@link PostgresSchema} of their own;
     * skips the calling test when {@code PARLEY_TEST_PG_URL} is unset.
     */
    static JdbcStoreSettings postgresServer() {
        Optional<JdbcStoreSettings> settings = postgresIfConfigured();
        Assumptions.assumeTrue(settings.isPresent(), "PARLEY_TEST_PG_URL is not set: PostgreSQL tests skipped");
        return settings.get();
    }

    private static void dropQuietly(PostgresSchema schema) {
        try {
            schema.drop();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "event=test_schema_left schema=" + schema.name() + " error=\""
                    + e.getMessage() + "\"");
        }
    }

    /** {@code url} with one more query parameter ({@code name=value}). */
    static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    static JdbcStoreSettings withPool(JdbcStoreSettings settings, int poolSize) {
        return new JdbcStoreSettings(settings.url(), settings.user(), settings.password(), poolSize,
                settings.connectionTimeout(), settings.maxBatch(), settings.resilience());
    }
}
