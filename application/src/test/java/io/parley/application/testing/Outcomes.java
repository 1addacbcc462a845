package io.parley.application.testing;

import io.parley.application.port.in.Outcome;
import io.parley.domain.protocol.Refusal;

import static org.junit.jupiter.api.Assertions.fail;

/** Reads use case outcomes in tests: the value of one that must be done, the refusal of one that must be refused. */
public final class Outcomes {
    private Outcomes() {
    }

    public static <T> T value(Outcome<T> outcome) {
        return switch (outcome) {
            case Outcome.Done<T> done -> done.value();
            case Outcome.Refused<T> refused -> fail("refused: " + refused.refusal());
        };
    }

    public static Refusal refusal(Outcome<?> outcome) {
        if (outcome instanceof Outcome.Refused<?> refused) {
            return refused.refusal();
        }
        return fail("expected a refusal, got " + outcome);
    }
}
