package io.parley.adapter.in.websocket;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every connection's writer shares: the executor its drains run on (virtual threads), one scheduler for
 * close deadlines, the clock, and the bounds.
 *
 * @param maxQueuedBytes the outbound queue bound per connection
 * @param closeTimeout how long a closing connection may wait for its close frame to go out and be answered
 */
record WriterContext(Executor executor, ScheduledExecutorService scheduler, Clock clock, long maxQueuedBytes,
                     Duration closeTimeout) {
}
