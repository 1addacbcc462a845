package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;
import java.time.Duration;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import io.parley.adapter.out.persistence.resilience.ResilienceSettings;

/** A silent H2 TCP server behind a paused proxy: the NETWORK_TIMEOUT the store adds to the URL ends calls. */
class H2BlackHoleTest extends BlackHoleContract {
    @TempDir
    static Path directory;
    private Server server;

    @BeforeEach
    @Override
    void openThroughTheProxy() throws Exception {
        server = Server.createTcpServer("-tcpPort", "0", "-baseDir", directory.toString(), "-ifNotExists").start();
        super.openThroughTheProxy();
    }

    @AfterEach
    @Override
    void closeAll() throws Exception {
        try {
            super.closeAll();
        } finally {
            server.stop();
        }
    }

    @Override
    protected String host() {
        return "127.0.0.1";
    }

    @Override
    protected int port() {
        return server.getPort();
    }

    @Override
    protected JdbcStoreSettings through(int proxyPort, ResilienceSettings resilience, Duration connectionTimeout) {
        return new JdbcStoreSettings("jdbc:h2:tcp://127.0.0.1:" + proxyPort + "/black-hole", "sa", "", 4,
                connectionTimeout, 100, resilience);
    }
}
