package io.parley.adapter.out.assistant;

import java.time.Duration;

/** Sorts the provider's non-2xx answers: 429 and 5xx are worth another attempt, other refusals are final. */
final class Classify {

    private Classify() {
    }

    static AttemptFailure unreachable(StreamEvent.Unreachable unreachable, RunControl control) {
        control.retryAfter(Duration.ZERO);
        return new AttemptFailure.Transient("cannot reach the assistant provider: " + unreachable.message(),
                Duration.ZERO);
    }

    static AttemptFailure httpError(StreamEvent.HttpError error, RunControl control) {
        int status = error.status();
        if (status == 429) {
            control.retryAfter(error.retryAfter());
            return new AttemptFailure.Transient("the assistant provider is rate limiting (429): " + error.message(),
                    error.retryAfter());
        }
        if (status >= 500) {
            control.retryAfter(error.retryAfter());
            return new AttemptFailure.Transient("the assistant provider failed (" + status + "): " + error.message(),
                    error.retryAfter());
        }
        return new AttemptFailure.Refused("the assistant provider refused the request (" + status + "): "
                + error.message(), "");
    }
}
