package io.parley.domain.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How long messages are kept: at most {@code maxAge} old and/or at most the newest {@code maxMessages} of each
 * conversation. Both empty keeps everything (the default). Purging never changes offsets: the next message of a
 * purged conversation still gets the offset after the highest one ever given.
 */
public record RetentionPolicy(Optional<Duration> maxAge, OptionalInt maxMessages) {

    public RetentionPolicy {
        if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
            throw new IllegalArgumentException("max age must be positive");
        }
        if (maxMessages.isPresent() && maxMessages.getAsInt() < 1) {
            throw new IllegalArgumentException("max messages must be at least 1");
        }
    }

    public static RetentionPolicy keepEverything() {
        return new RetentionPolicy(Optional.empty(), OptionalInt.empty());
    }

    public boolean keepsEverything() {
        return maxAge.isEmpty() && maxMessages.isEmpty();
    }

    /** Messages stored before this instant are too old, if there is an age limit. */
    public Optional<Instant> oldestKept(Instant now) {
        return maxAge.map(now::minus);
    }
}
