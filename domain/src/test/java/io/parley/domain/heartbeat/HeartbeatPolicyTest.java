package io.parley.domain.heartbeat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HeartbeatPolicyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final HeartbeatPolicy policy = HeartbeatPolicy.defaults();

    @Test
    void aFreshConnectionIsAlive() {
        assertInstanceOf(Verdict.Alive.class, policy.judge(Liveness.openedAt(T0), T0.plusSeconds(24)));
    }

    @Test
    void aPingIsDueEveryInterval() {
        assertInstanceOf(Verdict.PingDue.class, policy.judge(Liveness.openedAt(T0), T0.plusSeconds(25)));
        Liveness pinged = new Liveness(T0.plusSeconds(26), T0, T0.plusSeconds(25));
        assertInstanceOf(Verdict.Alive.class, policy.judge(pinged, T0.plusSeconds(49)));
        assertInstanceOf(Verdict.PingDue.class, policy.judge(pinged, T0.plusSeconds(50)));
    }

    @Test
    void noFrameForIntervalPlusTimeoutIsSilence() {
        Liveness quiet = new Liveness(T0, T0, T0.plusSeconds(25));
        assertInstanceOf(Verdict.Alive.class, policy.judge(quiet, T0.plusSeconds(35)));
        Verdict verdict = policy.judge(quiet, T0.plusSeconds(35).plusMillis(1));
        assertEquals(new Verdict.Silent(Duration.ofMillis(35_001)), verdict);
    }

    @Test
    void answeringPingsWithoutRequestsEndsInIdleness() {
        Liveness ponging = new Liveness(T0.plus(Duration.ofHours(1)), T0, T0.plus(Duration.ofHours(1)));
        assertInstanceOf(Verdict.Idle.class, policy.judge(ponging, T0.plus(Duration.ofHours(1)).plusSeconds(1)));
    }

    @Test
    void silenceWinsOverIdleness() {
        assertInstanceOf(Verdict.Silent.class, policy.judge(Liveness.openedAt(T0), T0.plus(Duration.ofHours(2))));
    }

    @Test
    void durationsMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new HeartbeatPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}
