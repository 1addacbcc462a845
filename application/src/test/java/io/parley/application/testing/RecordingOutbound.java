package io.parley.application.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.parley.application.port.out.ConnectionOutboundPort;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.protocol.ServerEvent;

/** A connection's way out that records what it was asked to do. */
public final class RecordingOutbound implements ConnectionOutboundPort {
    private final List<ServerEvent> events = new CopyOnWriteArrayList<>();
    private final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    private final List<CloseReason> aborts = new CopyOnWriteArrayList<>();
    private volatile int pings;
    private volatile Offer answer = Offer.QUEUED;
    private volatile Instant blockedSince;

    @Override
    public Offer offer(OutboundFrame frame) {
        if (answer == Offer.QUEUED) {
            events.add(frame.event());
        }
        return answer;
    }

    @Override
    public void ping(OutboundFrame frame) {
        pings++;
    }

    @Override
    public void close(CloseReason reason) {
        closes.add(reason);
    }

    @Override
    public void abort(CloseReason reason) {
        aborts.add(reason);
    }

    @Override
    public long queuedBytes() {
        return 0;
    }

    @Override
    public Optional<Instant> writeBlockedSince() {
        return Optional.ofNullable(blockedSince);
    }

    public List<ServerEvent> events() {
        return new ArrayList<>(events);
    }

    /** The events of {@code type}, in order. */
    public <T extends ServerEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public List<CloseReason> closes() {
        return List.copyOf(closes);
    }

    public List<CloseReason> aborts() {
        return List.copyOf(aborts);
    }

    public int pings() {
        return pings;
    }

    /** From now on, answers every offer with {@code offer}. */
    public void answer(Offer offer) {
        this.answer = offer;
    }

    public void blockedSince(Instant since) {
        this.blockedSince = since;
    }
}
