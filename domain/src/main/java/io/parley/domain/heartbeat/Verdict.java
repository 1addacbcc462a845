package io.parley.domain.heartbeat;

import java.time.Duration;

/** The heartbeat policy's judgement of one connection at one moment. */
public sealed interface Verdict {

    /** Nothing to do. */
    record Alive() implements Verdict {
    }

    /** Time to send a ping. */
    record PingDue() implements Verdict {
    }

    /** No frame for longer than interval + timeout: close with 4000. */
    record Silent(Duration silentFor) implements Verdict {
    }

    /** No request for longer than the idle timeout: close with 4001. */
    record Idle(Duration idleFor) implements Verdict {
    }
}
