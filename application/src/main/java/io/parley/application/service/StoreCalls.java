package io.parley.application.service;

import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.parley.application.port.in.Outcome;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.protocol.ErrorCode;

/**
 * The one place where a store that cannot answer becomes a value: a use case's outcome is then a refusal
 * ({@code unavailable}, with the store's hint of when to try again), which its adapter answers like any other.
 */
final class StoreCalls {
    private StoreCalls() {
    }

    static <T> Outcome<T> guarded(Supplier<Outcome<T>> call) {
        try {
            return call.get();
        } catch (StoreUnavailableException e) {
            return unavailable(e);
        }
    }

    /** What a call that failed with {@code failure} (perhaps wrapped by a completion) amounts to; else rethrown. */
    static <T> Outcome<T> failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof StoreUnavailableException unavailable) {
            return unavailable(unavailable);
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new CompletionException(cause);
    }

    private static <T> Outcome<T> unavailable(StoreUnavailableException e) {
        return Outcome.refusedFor(ErrorCode.UNAVAILABLE, "the conversation store is unavailable, try again",
                e.retryAfter());
    }
}
