package io.parley.application.port.in;

import java.time.Duration;

/** Whether one message of a connection may be processed. */
public sealed interface RequestAdmission {

    /** Within the rate: process it. */
    record Admitted() implements RequestAdmission {
    }

    /** Over the rate: do not process it; the client may try again after {@code retryAfter}. */
    record Throttled(Duration retryAfter, int messagesPerSecond) implements RequestAdmission {
    }

    /**
     * The node drains for shutdown: the request is not processed (nothing is stored whose answer would be lost);
     * the client should send it again on its next connection.
     */
    record Draining() implements RequestAdmission {
    }

    /** Over the rate too often: the connection is being closed (4008); nothing more is processed. */
    record Cut() implements RequestAdmission {
    }
}
