package io.parley.application.port.in;

import java.time.Duration;

import io.parley.domain.connection.Refusal;

/** Whether an upgrade request may become a connection. */
public sealed interface Admission {

    /** Admitted: the ticket holds its place until {@code open} or {@code abandon}. */
    record Admitted(ConnectionTicket ticket) implements Admission {
    }

    /**
     * Refused, with a reason for the client.
     *
     * @param retryAfter when trying again makes sense; zero when it does not
     */
    record Refused(Refusal refusal, String detail, Duration retryAfter) implements Admission {
    }
}
