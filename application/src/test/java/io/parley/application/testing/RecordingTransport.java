package io.parley.application.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.parley.application.port.out.ConnectionTransportPort;
import io.parley.application.port.out.Outbound;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.protocol.ServerEvent;

/**
 * A connection's socket that records what it is asked to write. It can also play a peer that stopped reading: its
 * writes then block until it is aborted.
 */
public final class RecordingTransport implements ConnectionTransportPort {
    private final List<List<Outbound>> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch aborted = new CountDownLatch(1);
    private final CountDownLatch blocked = new CountDownLatch(1);
    private volatile boolean stalled;
    private volatile boolean broken;

    /** A transport whose writes block, as on a socket whose peer stopped reading, until it is aborted. */
    public static RecordingTransport stalled() {
        RecordingTransport transport = new RecordingTransport();
        transport.stalled = true;
        return transport;
    }

    @Override
    public void write(List<Outbound> batch) {
        if (broken || isAborted()) {
            throw new IllegalStateException("the connection is gone");
        }
        if (stalled) {
            blocked.countDown();
            try {
                aborted.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("aborted while writing");
        }
        batches.add(List.copyOf(batch));
    }

    @Override
    public void abort() {
        aborted.countDown();
    }

    /** Waits until a write of this stalled transport blocks (the queue counts the write's time from then on). */
    public void awaitBlockedWrite() throws InterruptedException {
        blocked.await();
    }

    /** From now on writes block, as on a socket whose peer stopped reading, until the transport is aborted. */
    public void stall() {
        stalled = true;
    }

    /** From now on every write fails, as on a socket that is gone. */
    public void breakDown() {
        broken = true;
    }

    public boolean isAborted() {
        return aborted.getCount() == 0;
    }

    /** Every batch written, in order. */
    public List<List<Outbound>> batches() {
        return List.copyOf(batches);
    }

    /** Every frame written, in order. */
    public List<Outbound> written() {
        List<Outbound> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }

    /** The events of the text frames written, in order. */
    public List<ServerEvent> events() {
        return written().stream().filter(Outbound.Text.class::isInstance)
                .map(o -> ((Outbound.Text) o).frame().event()).toList();
    }

    /** The events of {@code type} written, in order. */
    public <T extends ServerEvent> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The close frames written (at most one, and the last frame). */
    public List<CloseReason> closes() {
        return written().stream().filter(Outbound.Close.class::isInstance)
                .map(o -> ((Outbound.Close) o).reason()).toList();
    }

    public long pings() {
        return written().stream().filter(Outbound.Ping.class::isInstance).count();
    }
}
