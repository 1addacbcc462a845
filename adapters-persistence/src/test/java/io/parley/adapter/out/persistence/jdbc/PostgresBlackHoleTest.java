package io.parley.adapter.out.persistence.jdbc;

import java.net.URI;
import java.time.Duration;

import io.parley.adapter.out.persistence.resilience.ResilienceSettings;

/** A silent PostgreSQL ({@code PARLEY_TEST_PG_URL}) behind a paused proxy: the driver's socket timeout ends calls. */
class PostgresBlackHoleTest extends BlackHoleContract {
    private final JdbcStoreSettings server = TestDatabases.postgres();
    private final URI address = URI.create(server.url().substring("jdbc:".length()));

    @Override
    protected String host() {
        return address.getHost();
    }

    @Override
    protected int port() {
        return address.getPort() < 0 ? 5432 : address.getPort();
    }

    @Override
    protected JdbcStoreSettings through(int proxyPort, ResilienceSettings resilience, Duration connectionTimeout) {
        String url = "jdbc:postgresql://127.0.0.1:" + proxyPort + address.getRawPath()
                + (address.getRawQuery() == null ? "" : "?" + address.getRawQuery());
        return new JdbcStoreSettings(url, server.user(), server.password(), 4, connectionTimeout, 100, resilience);
    }
}
