package io.parley.adapter.out.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.application.port.out.IdentityPort.Identity;
import io.parley.domain.connection.UserId;
import io.parley.domain.testing.MutableClock;

import static io.parley.adapter.out.identity.TestTokens.SECRET;
import static io.parley.adapter.out.identity.TestTokens.assertRefused;
import static io.parley.adapter.out.identity.TestTokens.claims;
import static io.parley.adapter.out.identity.TestTokens.hs256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The claims a verified token must have: {@code iss} and {@code aud} as configured, {@code exp}, {@code nbf} and
 * {@code iat} judged by a hand-moved clock with the leeway, a valid {@code sub}, a well-formed {@code parley} claim.
 */
class JwtClaimsTest {
    private final MutableClock clock = MutableClock.atEpoch();
    private final JwtSettings settings = JwtSettings.ofSecret(SECRET);
    private final JwtIdentity identity = new JwtIdentity(settings, clock);

    @Test
    void theIssuerMustMatchWhenSet() {
        JwtIdentity strict = new JwtIdentity(settings.withIssuer("https://login.example"), clock);
        String right = hs256(SECRET, claims(clock).issuer("https://login.example").build());
        assertInstanceOf(Identity.Known.class, identify(strict, right));
        String wrong = hs256(SECRET, claims(clock).issuer("https://evil.example").build());
        assertRefused("wrong issuer", identify(strict, wrong), wrong);
        String none = hs256(SECRET, claims(clock).build());
        assertRefused("wrong issuer", identify(strict, none), none);
    }

    @Test
    void theAudienceMustContainOursWhenSet() {
        JwtIdentity strict = new JwtIdentity(settings.withAudience("parley"), clock);
        String among = hs256(SECRET, claims(clock).audience(List.of("other", "parley")).build());
        assertInstanceOf(Identity.Known.class, identify(strict, among));
        String wrong = hs256(SECRET, claims(clock).audience("other").build());
        assertRefused("wrong audience", identify(strict, wrong), wrong);
        String none = hs256(SECRET, claims(clock).build());
        assertRefused("wrong audience", identify(strict, none), none);
    }

    @Test
    void timeIsTheGivenClocksNotTheSystems() {
        for (Instant now : List.of(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"))) {
            MutableClock other = new MutableClock(now);
            JwtIdentity judged = new JwtIdentity(settings, other);
            String token = hs256(SECRET, claims(other).build());
            assertInstanceOf(Identity.Known.class, identify(judged, token), "at " + now);
            other.advance(Duration.ofHours(1));
            assertRefused("expired", identify(judged, token), token);
        }
    }

    @Test
    void anExpiryIsRequired() {
        String token = hs256(SECRET, claims(clock).expirationTime(null).build());
        assertRefused("no expiry", identify(token), token);
    }

    @Test
    void anExpiredTokenIsRefusedBeyondTheLeewayOnly() {
        String token = hs256(SECRET, claims(clock).build());
        clock.advance(TestTokens.TEN_MINUTES.plusSeconds(29));
        assertInstanceOf(Identity.Known.class, identify(token), "expired 29 s ago, within the 30 s leeway");
        clock.advance(Duration.ofSeconds(2));
        assertRefused("expired", identify(token), token);

        JwtIdentity strict = new JwtIdentity(settings.withLeeway(Duration.ZERO), clock);
        String fresh = hs256(SECRET, claims(clock).build());
        clock.advance(TestTokens.TEN_MINUTES);
        assertRefused("expired", identify(strict, fresh), fresh);
    }

    @Test
    void aTokenNotYetValidIsRefusedBeyondTheLeewayOnly() {
        Date inTwentySeconds = Date.from(clock.instant().plusSeconds(20));
        String soon = hs256(SECRET, claims(clock).notBeforeTime(inTwentySeconds).build());
        assertInstanceOf(Identity.Known.class, identify(soon), "nbf 20 s ahead, within the leeway");
        String later = hs256(SECRET, claims(clock).notBeforeTime(Date.from(clock.instant().plusSeconds(40))).build());
        assertRefused("not yet valid", identify(later), later);
        clock.advance(Duration.ofSeconds(15));
        assertInstanceOf(Identity.Known.class, identify(later), "nbf now 25 s ahead");
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedBeyondTheLeewayOnly() {
        String nearly = hs256(SECRET, claims(clock).issueTime(Date.from(clock.instant().plusSeconds(25))).build());
        assertInstanceOf(Identity.Known.class, identify(nearly));
        String future = hs256(SECRET, claims(clock).issueTime(Date.from(clock.instant().plusSeconds(90))).build());
        assertRefused("issued in the future", identify(future), future);
    }

    @Test
    void aTokenIssuedThisVerySecondIsGoodEvenWithoutLeeway() {
        JwtIdentity strict = new JwtIdentity(settings.withLeeway(Duration.ZERO), clock);
        String now = hs256(SECRET, claims(clock).issueTime(Date.from(clock.instant())).build());
        assertInstanceOf(Identity.Known.class, identify(strict, now));
    }

    @Test
    void theSubjectMustBeAValidUserId() {
        String none = hs256(SECRET, claims(clock).subject(null).build());
        assertRefused("no subject", identify(none), none);
        for (String bad : List.of("", "has space", "x".repeat(129), "emoji-\uD83D\uDE00", "slash/es")) {
            String token = hs256(SECRET, claims(clock).subject(bad).build());
            assertRefused("bad subject", identify(token), token);
        }
        String odd = hs256(SECRET, claims(clock).subject("auth0|user@example.com+tag:1").build());
        assertEquals(new UserId("auth0|user@example.com+tag:1"),
                assertInstanceOf(Identity.Known.class, identify(odd)).user());
    }

    @Test
    void aMalformedParleyClaimIsRefused() {
        List<Object> bad = List.of("owner", List.of("room-1"), Map.of("conversations", "room-1"),
                Map.of("conversations", Map.of("room-1", "admin")), Map.of("conversations", Map.of("room-1", 1)),
                Map.of("conversations", Map.of("has space", "owner")), Map.of("conversations", Map.of("", "owner")),
                Map.of("create", "yes"), Map.of("conversations", Map.of("x".repeat(129), "member")));
        for (Object claim : bad) {
            String token = hs256(SECRET, claims(clock).claim("parley", claim).build());
            assertRefused("bad parley claim", identify(token), token);
        }
    }

    @Test
    void aParleyClaimMayGrantCreationAlone() {
        String token = hs256(SECRET, claims(clock).claim("parley", Map.of("create", true, "future", 1)).build());
        Identity.Known known = assertInstanceOf(Identity.Known.class, identify(token));
        assertEquals(Optional.of(true), known.grants().create());
        assertEquals(Map.of(), known.grants().conversations());
    }

    private Identity identify(String token) {
        return identify(identity, token);
    }

    private static Identity identify(JwtIdentity identity, String token) {
        return identity.identify(new Credentials(Optional.of(token), Optional.empty()));
    }
}
