package io.parley.domain.protocol;

import java.time.Duration;

/**
 * Why a request was not carried out, as the client is told: the protocol's error code, a short reason for
 * programs (by default the code's wire name; finer where it helps, such as {@code connect_rate}), a message for
 * people, and when trying again makes sense ({@link Duration#ZERO}: it does not, or no hint).
 */
public record Refusal(ErrorCode code, String reason, String message, Duration retryAfter) {
    public Refusal {
        if (code == null || reason == null || reason.isBlank() || message == null || retryAfter == null
                || retryAfter.isNegative()) {
            throw new IllegalArgumentException("a refusal needs a code, a reason, a message and a retry-after");
        }
    }

    /** A refusal whose reason is its code's wire name, with no retry hint. */
    public static Refusal of(ErrorCode code, String message) {
        return new Refusal(code, code.wireName(), message, Duration.ZERO);
    }

    /** A refusal whose reason is its code's wire name, to be tried again after {@code retryAfter}. */
    public static Refusal later(ErrorCode code, String message, Duration retryAfter) {
        return new Refusal(code, code.wireName(), message, retryAfter);
    }

    /** The retry hint in milliseconds, at least 1 when there is one, for an {@code error} frame. */
    public Long retryAfterMillis() {
        return retryAfter.isZero() ? null : Math.max(1, retryAfter.toMillis());
    }
}
