package io.parley.application.port.out;

import java.time.Duration;

/**
 * The conversation store cannot serve the request because of how it is set up (its database refuses the store's
 * SQL, lacks a table, or refuses the user): trying again will not help until an operator changes something. It is
 * a {@link StoreUnavailableException}, so callers answer as for any unavailable store, but it is never retried and
 * never counts towards opening a circuit.
 */
public class StoreMisconfiguredException extends StoreUnavailableException {
    private final String problem;

    /**
     * @param message what failed, for this call
     * @param problem what is wrong, the same for every call it fails (for logging each problem once)
     */
    public StoreMisconfiguredException(String message, String problem, Duration retryAfter, Throwable cause) {
        super(message, retryAfter, cause);
        if (problem == null || problem.isBlank()) {
            throw new IllegalArgumentException("a misconfiguration names its problem");
        }
        this.problem = problem;
    }

    /** What is wrong, independent of the call that ran into it. */
    public String problem() {
        return problem;
    }
}
