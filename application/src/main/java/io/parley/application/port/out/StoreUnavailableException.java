package io.parley.application.port.out;

import java.time.Duration;

/** The conversation store cannot serve the request now (down, overloaded, or its circuit is open). */
public class StoreUnavailableException extends RuntimeException {
    private final transient Duration retryAfter;

    public StoreUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** When trying again makes sense. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
