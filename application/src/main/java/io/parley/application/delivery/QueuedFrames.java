package io.parley.application.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import io.parley.application.port.in.ConnectionSession.ReplySlot;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.Outbound;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.delivery.DeltaMerging;
import io.parley.domain.protocol.ServerEvent;

/**
 * What waits in one connection's outbound queue, in order: frames ready to be written and the reply slots that
 * hold the places of answers, with the bytes they take. It cuts the head into batches for the transport.
 * Transport pings and pongs go ahead of queued text (RFC 6455 lets a control frame come between messages), so a
 * connection that lags is asked for its liveness, and answers, without waiting for its backlog: it is closed as a
 * slow consumer when its backlog outgrows the bound, not for a heartbeat it never got in time. Not thread-safe:
 * its {@link OutboundQueue} guards it.
 */
final class QueuedFrames {
    /** The most frames a batch's list is sized for up front (the batch's bytes bound how many it takes). */
    private static final int MAX_PRESIZED_BATCH = 256;

    /** {@link Outbound} frames ready to be written, and {@link Slot}s: nothing wraps a ready frame. */
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final ArrayDeque<Outbound> controls = new ArrayDeque<>();
    private long bytes;
    /** Counts the drops: a slot reserved before the last one belongs to a queue that is gone. */
    private long generation;
    private boolean closeTaken;

    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return items.isEmpty() && controls.isEmpty();
    }

    /** Appends frames that take {@code size} bytes of the bound; pings and pongs go ahead of the text. */
    void add(List<Outbound> outbound, long size) {
        bytes += size;
        outbound.forEach(this::append);
    }

    /** Appends a frame that takes {@code size} bytes of the bound, as {@link #add(List, long)}. */
    void add(Outbound outbound, long size) {
        bytes += size;
        append(outbound);
    }

    private void append(Outbound outbound) {
        if (outbound instanceof Outbound.Ping || outbound instanceof Outbound.Pong) {
            controls.addLast(outbound);
        } else {
            items.addLast(outbound);
        }
    }

    /** Appends the close frame, which takes nothing of the bound and is the last thing written. */
    void addClose(Outbound.Close close) {
        items.addLast(close);
    }

    /** Appends the place of an answer; {@code filler} fills it under the queue's lock. */
    Slot reserve(BiConsumer<Slot, List<OutboundFrame>> filler) {
        Slot slot = new Slot(generation, filler);
        items.addLast(slot);
        return slot;
    }

    /** A slot for a queue that takes nothing more: its answer is dropped. */
    Slot closedSlot() {
        Slot slot = new Slot(generation, (s, answer) -> { });
        slot.answer = List.of();
        return slot;
    }

    /** Whether {@code slot} is in the queue and not filled yet (not dropped with an earlier queue). */
    boolean holds(Slot slot) {
        return slot.answer == null && slot.generation == generation;
    }

    /** Fills {@code slot}, which it {@link #holds}, with frames that take {@code size} bytes. */
    void fill(Slot slot, List<Outbound> answer, long size) {
        bytes += size;
        slot.answer = answer;
    }

    /** Drops everything queued; reply slots go with it and ignore their answers. */
    void drop() {
        items.clear();
        controls.clear();
        bytes = 0;
        generation++;
    }

    /** The bytes a written batch took are free again. */
    void written(long size) {
        bytes = Math.max(0, bytes - size); // a drop while the batch was written already freed it
    }

    /**
     * A waiting ping or pong alone; else the close frame alone, or the text frames at the head that fit
     * {@code settings.batchBytes()}, with consecutive pieces of a run's text joined when the connection lags;
     * nothing past an unfilled reply slot, and nothing after the close frame.
     */
    Batch take(QueueSettings settings, EventEncoderPort encoder) {
        if (!closeTaken && !controls.isEmpty()) {
            Outbound control = controls.pollFirst();
            return new Batch(List.of(control), control.bytes());
        }
        List<Outbound> batch = new ArrayList<>(Math.min(items.size(), MAX_PRESIZED_BATCH));
        long size = 0;
        while (!closeTaken && !items.isEmpty()) {
            Object head = items.peekFirst();
            if (head instanceof Slot slot) {
                if (slot.answer == null) {
                    break;
                }
                items.pollFirst();
                for (int i = slot.answer.size() - 1; i >= 0; i--) {
                    items.addFirst(slot.answer.get(i));
                }
                continue;
            }
            Outbound next = (Outbound) head;
            if (!(next instanceof Outbound.Text text)) {
                if (batch.isEmpty()) {
                    items.pollFirst();
                    batch.add(next);
                    size += next.bytes();
                    closeTaken = next instanceof Outbound.Close;
                }
                break;
            }
            if (!batch.isEmpty() && size + text.bytes() > settings.batchBytes()) {
                break;
            }
            items.pollFirst();
            size += text.bytes();
            if (!batch.isEmpty() && settings.merging().lagging(bytes) && batch.getLast() instanceof Outbound.Text last) {
                Optional<ServerEvent.RunEvent> joined = DeltaMerging.join(last.frame().event(), text.frame().event());
                if (joined.isPresent()) {
                    batch.set(batch.size() - 1, new Outbound.Text(encoder.encode(joined.get())));
                    continue;
                }
            }
            batch.add(text);
        }
        return new Batch(batch, size);
    }

    /** The place of an answer; guarded by the queue. */
    static final class Slot implements ReplySlot {
        private final long generation;
        private final BiConsumer<Slot, List<OutboundFrame>> filler;
        private List<Outbound> answer;

        private Slot(long generation, BiConsumer<Slot, List<OutboundFrame>> filler) {
            this.generation = generation;
            this.filler = filler;
        }

        @Override
        public void fill(List<OutboundFrame> answer) {
            filler.accept(this, answer);
        }
    }

    /** Frames to write together, and the queued bytes they free. */
    record Batch(List<Outbound> outbound, long bytes) {
    }
}
