package io.parley.application.delivery;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import io.parley.application.port.in.ConnectionSession.ReplySlot;
import io.parley.application.port.out.ConnectionTransportPort;
import io.parley.application.port.out.Outbound;
import io.parley.application.port.out.OutboundFrame;
import io.parley.application.testing.RecordingTransport;
import io.parley.application.testing.TextEncoder;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.delivery.DeltaMerging;
import io.parley.domain.delivery.Offer;
import io.parley.domain.delivery.SlowConsumerPolicy;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;
import io.parley.domain.testing.MutableClock;

import static io.parley.application.testing.Messages.posted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One connection's outbound queue over a recording transport. Drains run when the test lets them (a held
 * executor), so what waits in the queue can be looked at.
 */
class OutboundQueueTest {
    private static final ConversationId ROOM = new ConversationId("room");
    private static final RunId RUN = new RunId("run-1");

    private final TextEncoder encoder = new TextEncoder();
    private final MutableClock clock = MutableClock.atEpoch();
    private final RecordingTransport transport = new RecordingTransport();
    private final HeldDrains drains = new HeldDrains();

    @Test
    void framesAreWrittenInOrderInBatchesOfConsecutiveText() {
        OutboundQueue queue = queue(1024, 0, 1024);
        queue.offer(frame(posted(1)));
        queue.offer(frame(posted(2)));
        queue.offer(frame(posted(3)));
        drains.run();
        assertEquals(List.of(posted(1), posted(2), posted(3)), transport.events());
        assertEquals(1, transport.batches().size(), "consecutive text in one write");
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void pingsAndPongsGoAheadOfQueuedTextButNotPastTheClose() {
        OutboundQueue queue = queue(1024, 0, 1024);
        queue.offer(frame(posted(1)));
        queue.offer(frame(posted(2)));
        queue.pong(new byte[] {7});
        queue.ping(frame(new ServerEvent.Ping()));
        queue.offer(frame(posted(3)));
        drains.run();
        List<Outbound> written = transport.written();
        assertTrue(written.get(0) instanceof Outbound.Pong, "the pong first: " + written);
        assertTrue(written.get(1) instanceof Outbound.Ping, "then the ping: " + written);
        assertEquals(List.of(posted(1), posted(2), new ServerEvent.Ping(), posted(3)), transport.events(),
                "text keeps its order, the heartbeat's text frame with it");
        assertEquals(List.of(1, 1, 4), transport.batches().stream().map(List::size).toList());
        assertEquals(0, queue.queuedBytes());

        RecordingTransport closing = new RecordingTransport();
        OutboundQueue slow = new OutboundQueue(closing, settings(frame(posted(1)).bytes() + 8L, 0, 1024), encoder,
                drains, clock);
        slow.offer(frame(posted(1)));
        slow.pong(new byte[] {1});
        slow.offer(frame(posted(2)));
        drains.run();
        assertEquals(List.of(new Outbound.Close(CloseReason.of(CloseCode.SLOW_CONSUMER,
                closing.closes().getFirst().reason()))), closing.written(), "an overflow drops the pong too");
    }

    @Test
    void aBatchCarriesAsManyBytesAsOneWriteMayAndAtLeastOneFrame() {
        int one = frame(posted(1)).bytes();
        OutboundQueue queue = queue(one * 10L, 0, one * 2);
        for (int offset = 1; offset <= 5; offset++) {
            queue.offer(frame(posted(offset)));
        }
        drains.run();
        assertEquals(List.of(2, 2, 1), transport.batches().stream().map(List::size).toList());
        OutboundQueue tiny = new OutboundQueue(new RecordingTransport(), settings(1024, 0, 1), encoder, drains,
                clock);
        assertEquals(Offer.QUEUED, tiny.offer(frame(posted(1))), "a frame over the batch size goes alone");
    }

    @Test
    void aFrameThatWouldOverflowClosesTheConnectionAsASlowConsumerAndDropsTheQueue() {
        OutboundQueue queue = queue(frame(posted(1)).bytes() * 2L, 0, 1024);
        assertEquals(Offer.QUEUED, queue.offer(frame(posted(1))));
        assertEquals(Offer.QUEUED, queue.offer(frame(posted(2))));
        assertEquals(Offer.OVERFLOWED, queue.offer(frame(posted(3))));
        assertEquals(Offer.CLOSED, queue.offer(frame(posted(4))), "closing: nothing more is taken");
        drains.run();
        assertEquals(List.of(), transport.events(), "what was queued is dropped");
        assertEquals(CloseCode.SLOW_CONSUMER, transport.closes().getFirst().code());
        assertEquals(CloseCode.SLOW_CONSUMER, queue.closingReason().orElseThrow().code());
        assertTrue(queue.closingSince().isPresent());
    }

    @Test
    void pongsCountTowardTheBound() {
        OutboundQueue queue = queue(10, 0, 1024);
        assertEquals(Offer.QUEUED, queue.pong(new byte[6]));
        assertEquals(Offer.OVERFLOWED, queue.pong(new byte[6]));
    }

    @Test
    void nothingBehindAReplySlotIsWrittenBeforeItIsFilled() {
        OutboundQueue queue = queue(1024, 0, 1024);
        ReplySlot slot = queue.reserveReply();
        queue.offer(frame(posted(1)));
        drains.run();
        assertEquals(List.of(), transport.events(), "the message the request stored waits for its ack");
        slot.fill(List.of(frame(new ServerEvent.Ack("r", ROOM, 1, posted(1).message().id()))));
        drains.run();
        assertEquals(List.of(new ServerEvent.Ack("r", ROOM, 1, posted(1).message().id()), posted(1)),
                transport.events());
    }

    @Test
    void anAnswerThatWouldOverflowClosesAsASlowConsumerAndASlotDroppedWithTheQueueIgnoresItsAnswer() {
        OutboundFrame one = frame(posted(1));
        OutboundQueue queue = queue(one.bytes() * 2L, 0, 1024);
        ReplySlot overflowing = queue.reserveReply();
        queue.offer(one);
        overflowing.fill(List.of(frame(posted(2)), frame(posted(3))));
        assertEquals(CloseCode.SLOW_CONSUMER, queue.closingReason().orElseThrow().code());
        drains.run();
        assertEquals(List.of(), transport.events(), "neither the answer nor what waited behind it");
        assertEquals(List.of(CloseCode.SLOW_CONSUMER), transport.closes().stream().map(CloseReason::code).toList());

        OutboundQueue failing = queue(1024, 0, 1024);
        ReplySlot dropped = failing.reserveReply();
        failing.fail(CloseReason.of(CloseCode.PROTOCOL_ERROR, "broke the protocol"));
        dropped.fill(List.of(frame(posted(4))));
        assertEquals(0, failing.queuedBytes(), "the late answer takes nothing");
        assertEquals(CloseCode.PROTOCOL_ERROR, failing.closingReason().orElseThrow().code());
    }

    @Test
    void aCloseWritesWhatIsQueuedFirstAndIsTheLastFrame() {
        OutboundQueue queue = queue(1024, 0, 1024);
        queue.offer(frame(posted(1)));
        queue.close(CloseReason.of(CloseCode.GOING_AWAY, "bye"));
        queue.close(CloseReason.of(CloseCode.NORMAL, "later reasons lose"));
        assertEquals(Offer.CLOSED, queue.offer(frame(posted(2))));
        drains.run();
        List<Outbound> written = transport.written();
        assertEquals(posted(1), ((Outbound.Text) written.getFirst()).frame().event());
        assertEquals(new Outbound.Close(CloseReason.of(CloseCode.GOING_AWAY, "bye")), written.getLast());
        assertEquals(2, written.size());
    }

    @Test
    void aClientsCloseDropsTheQueueAndIsEchoedWithItsCode() {
        OutboundQueue queue = queue(1024, 0, 1024);
        queue.offer(frame(posted(1)));
        queue.peerClosed(CloseReason.of(new CloseCode(4321), "done"));
        drains.run();
        assertEquals(List.of(new Outbound.Close(CloseReason.of(new CloseCode(4321), ""))), transport.written());
        assertEquals("done", queue.closingReason().orElseThrow().reason());
        RecordingTransport other = new RecordingTransport();
        OutboundQueue silent = new OutboundQueue(other, settings(1024, 0, 1024), encoder, drains, clock);
        silent.peerClosed(CloseReason.of(CloseCode.NO_STATUS, ""));
        drains.run();
        assertEquals(CloseCode.NORMAL, other.closes().getFirst().code(), "no code given: answered with 1000");
    }

    @Test
    void aLaggingConnectionGetsConsecutiveTextPiecesJoinedWithTheLaterSeq() {
        OutboundQueue queue = queue(1 << 20, 10, 1 << 16);
        queue.offer(frame(delta(1, "Hel")));
        queue.offer(frame(delta(2, "lo ")));
        queue.offer(frame(delta(3, "you")));
        drains.run();
        assertEquals(List.of(delta(3, "Hello you")), transport.events());

        RecordingTransport fast = new RecordingTransport();
        OutboundQueue keepingUp = new OutboundQueue(fast, settings(1 << 20, 1 << 16, 1 << 16), encoder, drains,
                clock);
        keepingUp.offer(frame(delta(1, "Hel")));
        keepingUp.offer(frame(delta(2, "lo")));
        drains.run();
        assertEquals(List.of(delta(1, "Hel"), delta(2, "lo")), fast.events(),
                "a connection that keeps up gets every piece");
    }

    @Test
    void aFailedWriteEndsTheConnection() {
        OutboundQueue queue = queue(1024, 0, 1024);
        transport.breakDown();
        queue.offer(frame(posted(1)));
        drains.run();
        assertTrue(transport.isAborted());
        assertEquals(CloseCode.ABNORMAL, queue.closingReason().orElseThrow().code());
        assertEquals(Offer.CLOSED, queue.offer(frame(posted(2))));
    }

    @Test
    void aWriteInProgressIsTimedForTheWriteTimeout() {
        Instant[] seen = new Instant[1];
        OutboundQueue[] queue = new OutboundQueue[1];
        queue[0] = new OutboundQueue(new ConnectionTransportPort() {
            @Override
            public void write(List<Outbound> batch) {
                seen[0] = queue[0].writeBlockedSince().orElse(null);
            }

            @Override
            public void abort() {
            }
        }, settings(1024, 0, 1024), encoder, Runnable::run, clock);
        queue[0].offer(frame(posted(1)));
        assertEquals(clock.instant(), seen[0], "blocked since the write began");
        assertTrue(queue[0].writeBlockedSince().isEmpty(), "not blocked once written");
    }

    private OutboundQueue queue(long maxBytes, long laggingBytes, int batchBytes) {
        return new OutboundQueue(transport, settings(maxBytes, laggingBytes, batchBytes), encoder, drains, clock);
    }

    private static QueueSettings settings(long maxBytes, long laggingBytes, int batchBytes) {
        return new QueueSettings(new SlowConsumerPolicy(maxBytes), new DeltaMerging(laggingBytes), batchBytes);
    }

    private OutboundFrame frame(ServerEvent event) {
        return encoder.encode(event);
    }

    private static ServerEvent.RunEvent delta(long seq, String text) {
        return new ServerEvent.RunEvent(ROOM, RUN, seq, new AgUiEvent.TextMessageContent("m1", text));
    }

    /** Drains wait until the test runs them. */
    private static final class HeldDrains implements Executor {
        private final ArrayDeque<Runnable> held = new ArrayDeque<>();

        @Override
        public void execute(Runnable drain) {
            held.add(drain);
        }

        void run() {
            Runnable next;
            while ((next = held.poll()) != null) {
                next.run();
            }
        }
    }
}
