package io.parley.adapter.out.identity;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the settings refuse, and that they never show the secret. */
class JwtSettingsTest {
    private static final URI JWKS = URI.create("https://login.example/.well-known/jwks.json");

    @Test
    void theDefaultsAreThoseOfTheContract() {
        JwtSettings settings = JwtSettings.ofSecret(TestTokens.SECRET);
        assertEquals(Duration.ofSeconds(30), settings.leeway());
        assertEquals(Optional.empty(), settings.issuer());
        assertEquals(Optional.empty(), settings.audience());
        assertTrue(settings.jwksMinRereadInterval().compareTo(settings.jwksCacheLifetime()) < 0);
    }

    @Test
    void aShortSecretIsRefusedWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtSettings.ofSecret("short-secret-31-bytes-long-xxxx"));
        assertTrue(e.getMessage().contains("at least 32 bytes") && e.getMessage().contains("has 31"), e.getMessage());
        assertFalse(e.getMessage().contains("short-secret"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JwtSettings.ofSecret(""));
    }

    @Test
    void aKeySourceIsNeeded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtSettings.of(Optional.empty(), Optional.empty(), Optional.empty()));
        assertTrue(e.getMessage().contains("PARLEY_JWT_SECRET") && e.getMessage().contains("PARLEY_JWT_PUBLIC_KEY")
                && e.getMessage().contains("PARLEY_JWT_JWKS_URL"), e.getMessage());
    }

    @Test
    void aPublicKeyAndAJwksUrlAreNotBothTaken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtSettings.of(Optional.empty(), Optional.of(Path.of("key.pem")), Optional.of(JWKS)));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
        JwtSettings both = JwtSettings.ofJwks(JWKS).withSecret(TestTokens.SECRET);
        assertTrue(both.secret().isPresent() && both.jwksUrl().isPresent());
    }

    @Test
    void theJwksUrlMustBeHttp() {
        for (String url : new String[] {"file:///etc/jwks.json", "ftp://example/jwks", "jwks.json",
                "https://user:pw@login.example/jwks"}) {
            assertThrows(IllegalArgumentException.class, () -> JwtSettings.ofJwks(URI.create(url)), url);
        }
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        JwtSettings settings = JwtSettings.ofJwks(JWKS);
        assertThrows(IllegalArgumentException.class, () -> settings.withLeeway(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> settings.withLeeway(Duration.ofHours(2)));
        assertThrows(IllegalArgumentException.class, () -> settings.withIssuer(" "));
        assertThrows(IllegalArgumentException.class, () -> settings.withAudience(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.withJwksCache(Duration.ofMinutes(1), Duration.ofMinutes(1)));
        assertTrue(e.getMessage().contains("shorter than the JWKS cache lifetime"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings.withJwksCache(Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> settings.withJwksFetch(Duration.ZERO, Duration.ofSeconds(1), 1024));
        assertThrows(IllegalArgumentException.class,
                () -> settings.withJwksFetch(Duration.ofSeconds(1), Duration.ofMinutes(5), 1024));
        assertThrows(IllegalArgumentException.class,
                () -> settings.withJwksFetch(Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
    }

    @Test
    void toStringNeverShowsTheSecret() {
        JwtSettings settings = JwtSettings.ofSecret(TestTokens.SECRET).withIssuer("https://login.example");
        assertFalse(settings.toString().contains(TestTokens.SECRET), settings.toString());
        assertTrue(settings.toString().contains("secret=***") && settings.toString().contains("login.example"),
                settings.toString());
    }
}
