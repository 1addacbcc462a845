package io.parley.application.port.in;

import java.time.Duration;

import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Refusal;

/**
 * What every use case returns: its result, or why the request was not carried out. The adapter that called it
 * answers with either: WebSocket adapters as frames ({@code error} for a refusal), HTTP adapters as a status and
 * a body (problem+json for a refusal). An infrastructure failure the caller must decide about, such as a store
 * that cannot answer now, is a refusal too ({@link ErrorCode#UNAVAILABLE}, with when to try again).
 */
public sealed interface Outcome<T> {

    /** Carried out. */
    record Done<T>(T value) implements Outcome<T> {
        public Done {
            if (value == null) {
                throw new IllegalArgumentException("a result is needed");
            }
        }
    }

    /** Not carried out; nothing the request asked for happened. */
    record Refused<T>(Refusal refusal) implements Outcome<T> {
        public Refused {
            if (refusal == null) {
                throw new IllegalArgumentException("a refusal needs its reason");
            }
        }
    }

    static <T> Outcome<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Outcome<T> refused(Refusal refusal) {
        return new Refused<>(refusal);
    }

    static <T> Outcome<T> refused(ErrorCode code, String message) {
        return new Refused<>(Refusal.of(code, message));
    }

    static <T> Outcome<T> refusedFor(ErrorCode code, String message, Duration retryAfter) {
        return new Refused<>(Refusal.later(code, message, retryAfter));
    }
}
