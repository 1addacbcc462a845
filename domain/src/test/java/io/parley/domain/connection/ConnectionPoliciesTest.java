package io.parley.domain.connection;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionPoliciesTest {
    private final ConnectionLimits limits = new ConnectionLimits(10, 2, 4, Duration.ofSeconds(3));

    @Test
    void limitsAdmitBelowBothBounds() {
        assertInstanceOf(AdmissionDecision.Admit.class, limits.decide(9, 1, 3, false));
    }

    @Test
    void limitsRefuseTheClientOverItsShare() {
        AdmissionDecision.Refuse refuse = assertInstanceOf(AdmissionDecision.Refuse.class, limits.decide(3, 2, 2, false));
        assertEquals(UpgradeRefusal.TOO_MANY_FOR_CLIENT, refuse.refusal());
        assertEquals(Duration.ofSeconds(3), refuse.retryAfter());
    }

    @Test
    void limitsRefuseAnAddressOverItsShareWhateverUserItClaims() {
        AdmissionDecision.Refuse refuse = assertInstanceOf(AdmissionDecision.Refuse.class, limits.decide(5, 0, 4, false));
        assertEquals(UpgradeRefusal.TOO_MANY_FOR_ADDRESS, refuse.refusal());
        assertTrue(refuse.refusal().isLimit());
    }

    @Test
    void limitsRefuseWhenTheNodeIsFullOrDraining() {
        assertEquals(UpgradeRefusal.NODE_FULL, ((AdmissionDecision.Refuse) limits.decide(10, 0, 0, false)).refusal());
        assertEquals(UpgradeRefusal.SHUTTING_DOWN, ((AdmissionDecision.Refuse) limits.decide(0, 0, 0, true)).refusal());
    }

    @Test
    void withoutConfiguredOriginsOnlyTheSameHostPasses() {
        OriginPolicy policy = OriginPolicy.sameHost();
        assertTrue(policy.allows(Optional.empty(), Optional.of("chat.example:8080")), "non-browsers send no Origin");
        assertTrue(policy.allows(Optional.of("http://chat.example:8080"), Optional.of("chat.example:8080")));
        assertTrue(policy.allows(Optional.of("https://chat.example"), Optional.of("chat.example")));
        assertTrue(policy.allows(Optional.of("https://chat.example"), Optional.of("chat.example:443")));
        assertTrue(policy.allows(Optional.of("http://[::1]:8080"), Optional.of("[::1]:8080")));
        assertFalse(policy.allows(Optional.of("https://evil.example"), Optional.of("chat.example")));
        assertFalse(policy.allows(Optional.of("http://chat.example:9999"), Optional.of("chat.example:8080")));
        assertFalse(policy.allows(Optional.of("null"), Optional.of("chat.example")));
        assertFalse(policy.allows(Optional.of("https://chat.example"), Optional.empty()));
    }

    @Test
    void configuredOriginsAreTheOnlyOnesThatPass() {
        OriginPolicy policy = new OriginPolicy(Set.of("https://App.example/"));
        assertTrue(policy.allows(Optional.of("https://app.example"), Optional.of("api.example")));
        assertFalse(policy.allows(Optional.of("https://api.example"), Optional.of("api.example")));
        assertTrue(new OriginPolicy(Set.of("*")).allows(Optional.of("https://any.example"), Optional.of("x")));
    }

    @Test
    void identifiersAreValidatedWhereTheyAreMade() {
        assertThrows(IllegalArgumentException.class, () -> new UserId("has space"));
        assertThrows(IllegalArgumentException.class, () -> new UserId(""));
        assertThrows(IllegalArgumentException.class, () -> new UserId("x".repeat(129)));
        assertEquals("auth0|abc", new UserId("auth0|abc").value());
        assertThrows(IllegalArgumentException.class, () -> new ConnectionId("a/b"));
        assertThrows(IllegalArgumentException.class, () -> new CloseCode(999));
        assertEquals("slow_consumer", CloseCode.SLOW_CONSUMER.label());
        assertEquals("code_3000", new CloseCode(3000).label());
    }
}
