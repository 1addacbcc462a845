package io.parley.domain.heartbeat;

import java.time.Duration;
import java.time.Instant;

/**
 * When to ping a connection and when to give up on it. Every {@code interval} the server pings; a connection
 * that sends no frame at all within {@code interval + timeout} is silent; one that sends no request (pings and
 * pongs do not count) for {@code idleTimeout} is idle.
 */
public record HeartbeatPolicy(Duration interval, Duration timeout, Duration idleTimeout) {

    public HeartbeatPolicy {
        requirePositive(interval, "heartbeat interval");
        requirePositive(timeout, "heartbeat timeout");
        requirePositive(idleTimeout, "idle timeout");
    }

    /** The protocol's defaults: 25 s, 10 s, 1 h. */
    public static HeartbeatPolicy defaults() {
        return new HeartbeatPolicy(Duration.ofSeconds(25), Duration.ofSeconds(10), Duration.ofHours(1));
    }

    /** How long a connection may stay without any inbound frame. */
    public Duration silenceLimit() {
        return interval.plus(timeout);
    }

    /** What to do with a connection in this state at {@code now}; silence wins over idleness over pinging. */
    public Verdict judge(Liveness liveness, Instant now) {
        Duration silent = Duration.between(liveness.lastInbound(), now);
        if (silent.compareTo(silenceLimit()) > 0) {
            return new Verdict.Silent(silent);
        }
        Duration idle = Duration.between(liveness.lastRequest(), now);
        if (idle.compareTo(idleTimeout) > 0) {
            return new Verdict.Idle(idle);
        }
        if (Duration.between(liveness.lastPing(), now).compareTo(interval) >= 0) {
            return new Verdict.PingDue();
        }
        return new Verdict.Alive();
    }

    private static void requirePositive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
