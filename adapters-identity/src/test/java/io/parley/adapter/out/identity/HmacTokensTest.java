package io.parley.adapter.out.identity;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.application.port.out.IdentityPort.Identity;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Grants;
import io.parley.domain.conversation.Role;
import io.parley.domain.testing.MutableClock;

import static io.parley.adapter.out.identity.TestTokens.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tokens the gateway issues itself are those its jwt identity accepts. */
class HmacTokensTest {
    private final MutableClock clock = MutableClock.atEpoch();

    @Test
    void anIssuedTokenIsKnownWithItsGrants() throws Exception {
        Grants grants = new Grants(Map.of(new ConversationId("room-1"), Role.OWNER), Optional.of(true));
        String token = HmacTokens.issue(SECRET, new UserId("alice"), Duration.ofHours(1), grants, clock);

        SignedJWT parsed = SignedJWT.parse(token);
        assertEquals(JWSAlgorithm.HS256, parsed.getHeader().getAlgorithm());
        assertEquals(clock.instant(), parsed.getJWTClaimsSet().getIssueTime().toInstant());
        Identity.Known known = assertInstanceOf(Identity.Known.class, identify(JwtSettings.ofSecret(SECRET), token));
        assertEquals(new UserId("alice"), known.user());
        assertEquals(Optional.of(clock.instant().plus(Duration.ofHours(1))), known.expiresAt());
        assertEquals(grants, known.grants());
    }

    @Test
    void noGrantsMakeNoParleyClaim() throws Exception {
        String token = HmacTokens.issue(SECRET, new UserId("bob"), Duration.ofMinutes(5), Grants.none(), clock);
        assertFalse(SignedJWT.parse(token).getJWTClaimsSet().getClaims().containsKey("parley"));
        assertEquals(Grants.none(), assertInstanceOf(Identity.Known.class,
                identify(JwtSettings.ofSecret(SECRET), token)).grants());
    }

    @Test
    void tokensForSettingsCarryTheirIssuerAndAudience() {
        JwtSettings settings = JwtSettings.ofSecret(SECRET).withIssuer("parley").withAudience("parley-clients");
        String token = HmacTokens.issue(settings, new UserId("alice"), Duration.ofHours(1), Grants.none(), clock);
        assertInstanceOf(Identity.Known.class, identify(settings, token));
        String plain = HmacTokens.issue(SECRET, new UserId("alice"), Duration.ofHours(1), Grants.none(), clock);
        assertInstanceOf(Identity.Rejected.class, identify(settings, plain));
    }

    @Test
    void aShortSecretOrNoLifetimeIsRefused() {
        UserId alice = new UserId("alice");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HmacTokens.issue("too-short", alice, Duration.ofHours(1), Grants.none(), clock));
        assertTrue(e.getMessage().contains("at least 32 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> HmacTokens.issue(SECRET, alice, Duration.ZERO, Grants.none(), clock));
        assertThrows(IllegalArgumentException.class, () -> HmacTokens.issue(JwtSettings.ofJwks(
                URI.create("https://login.example/jwks")), alice, Duration.ofHours(1), Grants.none(), clock));
    }

    private Identity identify(JwtSettings settings, String token) {
        return new JwtIdentity(settings, clock).identify(new Credentials(Optional.of(token), Optional.empty()));
    }
}
