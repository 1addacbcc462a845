package io.parley.adapter.in.websocket;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import io.parley.application.port.out.EventEncoderPort;

/**
 * What every connection's writer shares: the factory of the virtual threads its drains run on, one scheduler for
 * close deadlines, the clock, the bounds, and the encoder that joins lagging text pieces.
 *
 * @param maxQueuedBytes the outbound queue bound per connection
 * @param closeTimeout how long a closing connection may wait for its close frame to go out and be answered
 */
record WriterContext(ThreadFactory threads, ScheduledExecutorService scheduler, Clock clock, long maxQueuedBytes,
                     Duration closeTimeout, EventEncoderPort encoder) {
}
