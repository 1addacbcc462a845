package io.parley.adapter.in.websocket;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every connection's writer shares: the factory of the virtual threads its drains run on, one scheduler for
 * close deadlines, the clock, and the bounds.
 *
 * @param maxQueuedBytes the outbound queue bound per connection
 * @param closeTimeout how long a closing connection may wait for its close frame to go out and be answered
 */
record WriterContext(ThreadFactory threads, ScheduledExecutorService scheduler, Clock clock, long maxQueuedBytes,
                     Duration closeTimeout) {
}
