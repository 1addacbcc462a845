package io.parley.adapter.out.identity;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.application.port.out.IdentityPort.Identity;
import io.parley.application.testing.Eventually;
import io.parley.domain.testing.MutableClock;

import static io.parley.adapter.out.identity.TestTokens.assertRefused;
import static io.parley.adapter.out.identity.TestTokens.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RS256 and ES256 with a JWK set served on loopback: cached, re-read for an unknown {@code kid} so that keys rotate
 * without a restart, never re-read more than twice per minimum interval, and fetched within bounds.
 */
class JwksJwtIdentityTest {
    private static final Duration LONG = Duration.ofHours(1);
    private static RSAKey keyA;
    private static RSAKey keyB;
    private static ECKey keyC;

    private final MutableClock clock = MutableClock.atEpoch();
    private final JwksServer server = new JwksServer();

    JwksJwtIdentityTest() throws IOException {
    }

    @BeforeAll
    static void keys() {
        keyA = TestTokens.rsa("A");
        keyB = TestTokens.rsa("B");
        keyC = TestTokens.ec("C");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rsaAndEcKeysOfTheSetVerifyTheirTokens() {
        server.serve(List.of(keyA, keyC));
        JwtIdentity identity = identity(LONG, Duration.ofMinutes(10));
        assertInstanceOf(Identity.Known.class, identify(identity, TestTokens.sign(keyA, claims(clock).build())));
        assertInstanceOf(Identity.Known.class, identify(identity, TestTokens.sign(keyC, claims(clock).build())));
        String forged = TestTokens.sign(new RSAKey.Builder(keyB).keyID("A").build(), claims(clock).build());
        assertRefused("bad signature", identify(identity, forged), forged);
        String confused = TestTokens.hs256(keyA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8), claims(clock).build());
        assertRefused("algorithm not accepted", identify(identity, confused), confused);
    }

    @Test
    void manyVerificationsFetchTheSetOnce() {
        server.serve(List.of(keyA));
        JwtIdentity identity = identity(LONG, Duration.ofMinutes(10));
        for (int i = 0; i < 50; i++) {
            String token = TestTokens.sign(keyA, claims(clock).subject("user-" + i).build());
            assertInstanceOf(Identity.Known.class, identify(identity, token));
        }
        assertEquals(1, server.requests());
    }

    @Test
    void aRotatedKeyIsFetchedWithoutARestartAndTheRetiredOneRefused() {
        server.serve(List.of(keyA));
        JwtIdentity identity = identity(LONG, Duration.ofMillis(200));
        String tokenA = TestTokens.sign(keyA, claims(clock).build());
        assertInstanceOf(Identity.Known.class, identify(identity, tokenA));
        assertEquals(1, server.requests());

        server.serve(List.of(keyB));
        String tokenB = TestTokens.sign(keyB, claims(clock).build());
        assertInstanceOf(Identity.Known.class, identify(identity, tokenB), "the unknown kid B makes a re-read");
        assertEquals(2, server.requests());
        assertRefused("unknown key", identify(identity, tokenA), tokenA);

        Eventually.until("a re-read after the interval, which still lacks A", () -> {
            assertRefused("unknown key", identify(identity, tokenA), tokenA);
            return server.requests() >= 3;
        });
        assertInstanceOf(Identity.Known.class, identify(identity, tokenB));
    }

    @Test
    void aFloodOfUnknownKidsIsBoundedByTheMinimumInterval() {
        server.serve(List.of(keyA));
        JwtIdentity identity = identity(LONG, Duration.ofMinutes(10));
        assertInstanceOf(Identity.Known.class, identify(identity, TestTokens.sign(keyA, claims(clock).build())));
        RSAKey stranger = TestTokens.rsa("stranger");
        for (int i = 0; i < 100; i++) {
            String token = TestTokens.sign(new RSAKey.Builder(stranger).keyID("kid-" + i).build(),
                    claims(clock).build());
            assertRefused("unknown key", identify(identity, token), token);
        }
        assertEquals(2, server.requests(), "the fetch that filled the cache and one re-read in the interval");
        assertInstanceOf(Identity.Known.class, identify(identity, TestTokens.sign(keyA, claims(clock).build())));
        assertEquals(2, server.requests());
    }

    @Test
    void theSetIsFetchedAgainAfterItsCacheLifetime() {
        server.serve(List.of(keyA));
        JwtIdentity identity = identity(Duration.ofMillis(300), Duration.ofMillis(100));
        String tokenA = TestTokens.sign(keyA, claims(clock).build());
        assertInstanceOf(Identity.Known.class, identify(identity, tokenA));
        Eventually.until("a fetch after the cache lifetime", () -> {
            assertInstanceOf(Identity.Known.class, identify(identity, tokenA));
            return server.requests() >= 2;
        });
    }

    @Test
    void anUnreachableServerMakesTheKeysUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JwtIdentity identity = new JwtIdentity(JwtSettings.ofJwks(URI.create("http://127.0.0.1:" + closedPort
                + "/jwks.json")), clock);
        String token = TestTokens.sign(keyA, claims(clock).build());
        assertRefused("signing keys unavailable", identify(identity, token), token);
    }

    @Test
    void aFetchIsBoundedInTimeAndSize() {
        server.serveText("{\"keys\":[" + keyA.toPublicJWK().toJSONString() + "], \"padding\": \"" + "x".repeat(4096)
                + "\"}");
        JwtIdentity small = new JwtIdentity(JwtSettings.ofJwks(server.url())
                .withJwksFetch(Duration.ofSeconds(2), Duration.ofSeconds(2), 2048), clock);
        String token = TestTokens.sign(keyA, claims(clock).build());
        assertRefused("signing keys unavailable", identify(small, token), token);

        server.stall();
        JwtIdentity impatient = new JwtIdentity(JwtSettings.ofJwks(server.url())
                .withJwksFetch(Duration.ofSeconds(2), Duration.ofMillis(200), 64 * 1024), clock);
        long start = System.nanoTime();
        assertRefused("signing keys unavailable", identify(impatient, token), token);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "a stalled server holds a fetch " + took);
    }

    @Test
    void aSetThatIsNoJwkSetMakesTheKeysUnavailable() {
        server.serveText("<html>not a key set</html>");
        JwtIdentity identity = identity(LONG, Duration.ofMinutes(10));
        String token = TestTokens.sign(keyA, claims(clock).build());
        assertRefused("signing keys unavailable", identify(identity, token), token);
    }

    private JwtIdentity identity(Duration cacheLifetime, Duration minRereadInterval) {
        return new JwtIdentity(JwtSettings.ofJwks(server.url()).withJwksCache(cacheLifetime, minRereadInterval),
                clock);
    }

    private static Identity identify(JwtIdentity identity, String token) {
        return identity.identify(new Credentials(Optional.of(token), Optional.empty()));
    }
}
