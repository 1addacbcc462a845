package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.adapter.out.persistence.jdbc.JdbcStoreSettings.Setting;
import io.parley.adapter.out.persistence.resilience.ResilienceSettings;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.domain.conversation.ConversationId;

import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static io.parley.adapter.out.persistence.jdbc.Drafts.draft;
import static io.parley.adapter.out.persistence.jdbc.Drafts.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any H2 URL a user gives works: the store adds the settings it needs, and refuses, before connecting, a URL whose
 * own settings contradict them. Plain URLs are opened for real (file and in-memory; tcp in
 * {@link StoreFaultToleranceTest}).
 */
class DatabaseUrlTest {
    @TempDir
    Path directory;

    @Test
    void aPlainH2FileUrlStoresAndReadsBack() {
        assertServes(JdbcStoreSettings.of("jdbc:h2:file:" + directory.resolve("db").toAbsolutePath(), "sa", ""));
    }

    @Test
    void aPlainH2MemoryUrlOnAOneConnectionPoolStoresAndReadsBack() {
        JdbcStoreSettings plain = JdbcStoreSettings.of("jdbc:h2:mem:plain-" + UUID.randomUUID(), "sa", "");
        assertServes(TestDatabases.withPool(plain, 1));
    }

    @Test
    void anH2UrlThatSetsWhatTheStoreNeedsAlreadyIsLeftAsItIs() {
        String url = "jdbc:h2:file:/tmp/x;mode=postgresql;DATABASE_TO_LOWER=true;DEFAULT_NULL_ORDERING=HIGH";
        assertEquals(url, Connections.of(JdbcStoreSettings.of(url, "sa", "")).url());
    }

    @Test
    void whatAnH2UrlLacksIsAdded() {
        JdbcStoreSettings settings = new JdbcStoreSettings("jdbc:h2:tcp://db:9092/parley", "sa", "", 4,
                Duration.ofMillis(500), 100, new ResilienceSettings(2, Duration.ofMillis(100), Duration.ofSeconds(2),
                3, Duration.ofSeconds(30)));
        assertEquals("jdbc:h2:tcp://db:9092/parley;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;NETWORK_TIMEOUT=2500",
                sorted(Connections.of(settings).url()));
        assertEquals("SET LOCK_TIMEOUT 2000", Connections.of(settings).initSql());
        assertTrue(Connections.of(JdbcStoreSettings.of("jdbc:h2:mem:x", "sa", "")).url()
                .endsWith(";DB_CLOSE_DELAY=-1"));
        String chosen = Connections.of(JdbcStoreSettings.of("jdbc:h2:tcp://db/x;NETWORK_TIMEOUT=0", "sa", "")).url();
        assertEquals(1, chosen.split("NETWORK_TIMEOUT", -1).length - 1, chosen);
        assertTrue(chosen.contains(";NETWORK_TIMEOUT=0;"), "a value the user chose is kept: " + chosen);
    }

    @Test
    void anEscapedSemicolonInsideAnH2SettingIsNoSeparator() {
        assertEquals(Map.of("INIT", "SET A=1\\;SET MODE=MySQL", "IFEXISTS", "TRUE"),
                Connections.h2Settings("jdbc:h2:./db;INIT=SET A=1\\;SET MODE=MySQL;IFEXISTS=TRUE"));
    }

    @Test
    void anH2UrlThatContradictsTheStoreIsRefusedNamingTheSetting() {
        for (String setting : List.of("MODE=MySQL", "DATABASE_TO_LOWER=FALSE", "DATABASE_TO_UPPER=TRUE")) {
            StoreUnusableException unusable = assertThrows(StoreUnusableException.class, () -> JdbcStores.open(
                    JdbcStoreSettings.of("jdbc:h2:file:" + directory.resolve("db") + ";" + setting, "sa", "")));
            assertEquals(List.of(Setting.URL), unusable.settings());
            assertTrue(unusable.getMessage().contains(setting), unusable.getMessage());
        }
    }

    @Test
    void aDatabaseOtherThanH2OrPostgresIsRefused() {
        StoreUnusableException unusable = assertThrows(StoreUnusableException.class,
                () -> JdbcStores.open(JdbcStoreSettings.of("jdbc:mysql://db/parley", "root", "")));
        assertEquals(List.of(Setting.URL), unusable.settings());
        assertTrue(unusable.getMessage().contains("H2 (jdbc:h2:...) or PostgreSQL"), unusable.getMessage());
    }

    @Test
    void postgresGetsTimeoutsAsDriverPropertiesAndAStatementTimeoutPerSession() {
        JdbcStoreSettings settings = new JdbcStoreSettings("jdbc:postgresql://db/parley?ApplicationName=p", "u", "",
                4, Duration.ofMillis(500), 100, new ResilienceSettings(2, Duration.ofMillis(100),
                Duration.ofMillis(2500), 3, Duration.ofSeconds(30)));
        Connections connections = Connections.of(settings);
        assertEquals(settings.url(), connections.url());
        assertEquals(Map.of("connectTimeout", "1", "loginTimeout", "3", "socketTimeout", "3", "tcpKeepAlive", "true"),
                connections.properties());
        assertEquals("SET statement_timeout = 2500; SET idle_in_transaction_session_timeout = 3000",
                connections.initSql());
    }

    private static void assertServes(JdbcStoreSettings settings) {
        try (JdbcStorage storage = JdbcStores.open(settings)) {
            ConversationStorePort store = storage.conversations();
            ConversationId conversation = Drafts.created(store, "plain");
            assertEquals(1, stored(store.append(draft(conversation, "m1", T0))).offset());
            assertEquals(List.of(1L), Drafts.offsetsIn(store, conversation));
        }
    }

    /** The URL with its settings in a fixed order, for comparison. */
    private static String sorted(String url) {
        String[] parts = url.split(";");
        return parts[0] + ";" + String.join(";", List.of(parts).subList(1, parts.length).stream()
                .sorted(Comparator.comparing(p -> List.of("MODE", "DATABASE_TO_LOWER", "NETWORK_TIMEOUT")
                        .indexOf(p.substring(0, p.indexOf('='))))).toList());
    }
}
