package io.parley.adapter.out.identity;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import org.junit.jupiter.api.Test;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.application.port.out.IdentityPort.Identity;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.testing.MutableClock;

import static io.parley.adapter.out.identity.TestTokens.SECRET;
import static io.parley.adapter.out.identity.TestTokens.assertRefused;
import static io.parley.adapter.out.identity.TestTokens.claims;
import static io.parley.adapter.out.identity.TestTokens.hs256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HS256 with a shared secret: what is accepted, and each refusal. */
class HmacJwtIdentityTest {
    private final MutableClock clock = MutableClock.atEpoch();
    private final JwtSettings settings = JwtSettings.ofSecret(SECRET);
    private final JwtIdentity identity = new JwtIdentity(settings, clock);

    @Test
    void aGoodTokenIsItsSubjectWithItsExpiryAndGrants() {
        String token = hs256(SECRET, claims(clock).claim("parley", Map.of(
                "conversations", Map.of("room-1", "owner", "team:ops", "member", "lobby", "viewer"),
                "create", false)).build());

        Identity.Known known = assertInstanceOf(Identity.Known.class, identify(token));

        assertEquals(new UserId("alice"), known.user());
        assertTrue(known.named());
        assertEquals(Optional.of(clock.instant().plus(TestTokens.TEN_MINUTES)), known.expiresAt());
        assertEquals(Map.of(new ConversationId("room-1"), Role.OWNER, new ConversationId("team:ops"), Role.MEMBER,
                new ConversationId("lobby"), Role.VIEWER), known.grants().conversations());
        assertEquals(Optional.of(false), known.grants().create());
    }

    @Test
    void withoutAParleyClaimATokenGrantsNothing() {
        Identity.Known known = assertInstanceOf(Identity.Known.class, identify(hs256(SECRET, claims(clock).build())));
        assertEquals(Map.of(), known.grants().conversations());
        assertEquals(Optional.empty(), known.grants().create());
    }

    @Test
    void noTokenIsMissingAndAClaimedUserCountsForNothing() {
        assertTrue(identity.requiresCredentials());
        assertInstanceOf(Identity.Missing.class, identity.identify(Credentials.none()));
        assertInstanceOf(Identity.Missing.class,
                identity.identify(new Credentials(Optional.empty(), Optional.of("alice"))));
        assertInstanceOf(Identity.Missing.class,
                identity.identify(new Credentials(Optional.of("  "), Optional.of("alice"))));
        String bob = hs256(SECRET, claims(clock).subject("bob").build());
        Identity.Known known = assertInstanceOf(Identity.Known.class,
                identity.identify(new Credentials(Optional.of(bob), Optional.of("alice"))));
        assertEquals(new UserId("bob"), known.user());
    }

    @Test
    void malformedTokensAreRefused() {
        for (String token : List.of("not-a-token", "abc.def", "abc.def.ghi", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",
                TestTokens.byHand("{\"alg\":\"HS256\"}", "[1,2]", "c2lnbmF0dXJl"),
                TestTokens.byHand("{\"alg\":\"HS256\"}", "{\"sub\":\"alice\",\"exp\":\"soon\"}", "c2lnbmF0dXJl"))) {
            assertRefused("malformed token", identify(token), token);
        }
        String encrypted = TestTokens.byHand("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}", "a2V5", "aXY")
                + ".Y2lwaGVy.dGFn";
        assertRefused("encrypted tokens are not accepted", identify(encrypted), encrypted);
        String huge = "x".repeat(JwtIdentity.MAX_TOKEN_LENGTH + 1);
        assertRefused("token longer than", identify(huge), huge);
    }

    @Test
    void anUnsecuredTokenIsRefused() {
        String payload = "{\"sub\":\"alice\",\"exp\":" + (clock.instant().getEpochSecond() + 600) + "}";
        String none = TestTokens.byHand("{\"alg\":\"none\"}", payload, "");
        assertRefused("unsecured token", identify(none), none);
        String noneWithTyp = TestTokens.byHand("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload, "");
        assertRefused("unsecured token", identify(noneWithTyp), noneWithTyp);
        String noneSigned = TestTokens.byHand("{\"alg\":\"none\"}", payload, "c2lnbmF0dXJl");
        assertRefused("malformed token", identify(noneSigned), noneSigned);
        String capitalNone = TestTokens.byHand("{\"alg\":\"None\"}", payload, "c2lnbmF0dXJl");
        assertRefused("algorithm not accepted", identify(capitalNone), capitalNone);
    }

    @Test
    void otherAlgorithmsAreRefused() {
        byte[] longSecret = (SECRET + SECRET).getBytes(StandardCharsets.UTF_8);
        String hs512 = TestTokens.sign(new JWSHeader(JWSAlgorithm.HS512), claims(clock).build(),
                TestTokens.macSigner(longSecret));
        assertRefused("algorithm not accepted", identify(hs512), hs512);
        String rs256 = TestTokens.sign(TestTokens.rsa("k1"), claims(clock).build());
        assertRefused("algorithm not accepted", identify(rs256), rs256);
    }

    @Test
    void aWrongSignatureIsRefused() {
        String otherSecret = hs256("another-secret-of-more-than-32-bytes-xyz", claims(clock).build());
        assertRefused("bad signature", identify(otherSecret), otherSecret);

        String good = hs256(SECRET, claims(clock).build());
        String mallory = hs256(SECRET, claims(clock).subject("mallory").build());
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + mallory.split("\\.")[1] + "." + parts[2];
        assertRefused("bad signature", identify(tampered), tampered);
    }

    @Test
    void anotherTokenTypeIsRefused() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("secevent+jwt")).build();
        String token = TestTokens.sign(header, claims(clock).build(), macSigner());
        assertRefused("wrong token type", identify(token), token);
        JWSHeader accessToken = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build();
        assertInstanceOf(Identity.Known.class, identify(TestTokens.sign(accessToken, claims(clock).build(),
                macSigner())));
    }

    private Identity identify(String token) {
        return identify(identity, token);
    }

    private static Identity identify(JwtIdentity identity, String token) {
        return identity.identify(new Credentials(Optional.of(token), Optional.empty()));
    }

    private static MACSigner macSigner() {
        return TestTokens.macSigner(SECRET.getBytes(StandardCharsets.UTF_8));
    }
}
