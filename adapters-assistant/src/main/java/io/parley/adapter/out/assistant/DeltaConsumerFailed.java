package io.parley.adapter.out.assistant;

/**
 * The caller's delta consumer threw: a bug on the caller's side, not the provider's. It passes the retry and the
 * breaker untouched and the port rethrows the original exception.
 */
final class DeltaConsumerFailed extends RuntimeException {

    DeltaConsumerFailed(RuntimeException cause) {
        super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
