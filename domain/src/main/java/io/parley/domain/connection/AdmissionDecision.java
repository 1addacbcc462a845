package io.parley.domain.connection;

import java.time.Duration;

/** Whether a new connection may open. */
public sealed interface AdmissionDecision {

    /** It may. */
    record Admit() implements AdmissionDecision {
    }

    /**
     * It may not.
     *
     * @param retryAfter when trying again makes sense, or {@link Duration#ZERO} if it does not
     */
    record Refuse(UpgradeRefusal refusal, String detail, Duration retryAfter) implements AdmissionDecision {
        public Refuse {
            if (refusal == null || detail == null || retryAfter == null) {
                throw new IllegalArgumentException("a refusal needs a reason, a detail and a retry-after");
            }
        }
    }
}
