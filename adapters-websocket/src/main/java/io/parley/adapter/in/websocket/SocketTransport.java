package io.parley.adapter.in.websocket;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

import io.parley.application.port.out.ConnectionTransportPort;
import io.parley.application.port.out.Outbound;

/**
 * One connection's socket as its outbound queue sees it: each batch goes out in one socket write, framed by
 * {@link FrameEncoder}. Remembers when the close frame went out, so that the reader can end the connection once
 * its close was answered.
 */
final class SocketTransport implements ConnectionTransportPort {
    private static final System.Logger LOG = System.getLogger(SocketTransport.class.getName());

    private final DataWriter socket;
    private final Runnable cut;
    private final FramedTexts framedTexts;
    private final CountDownLatch closeWritten = new CountDownLatch(1);

    /**
     * @param cut         ends the connection at once (closes its socket)
     * @param framedTexts the text frames of events written to many connections, shared by all of them
     */
    SocketTransport(DataWriter socket, Runnable cut, FramedTexts framedTexts) {
        this.socket = socket;
        this.cut = cut;
        this.framedTexts = framedTexts;
    }

    @Override
    public void write(List<Outbound> batch) {
        if (batch.size() == 1 && batch.getFirst() instanceof Outbound.Text text) {
            // what a connection that keeps up gets: one event at a time, framed once for all its receivers
            socket.writeNow(framedTexts.framed(text.frame()));
            return;
        }
        int capacity = 0;
        for (Outbound outbound : batch) {
            capacity += outbound instanceof Outbound.Text text
                    ? FrameEncoder.textFrameLength(text.frame().payload().length) : FrameEncoder.MAX_CONTROL_FRAME;
        }
        // a fixed buffer, written out as far as it was filled: Helidon's growing one doubles (a copy) when a write
        // fills it to the byte, which is what an exact size does, and that was most of the bytes the server allocated
        BufferData frames = BufferData.create(capacity);
        boolean closing = false;
        for (Outbound outbound : batch) {
            switch (outbound) {
                case Outbound.Text text -> FrameEncoder.appendText(frames, text.frame().payload());
                case Outbound.Ping ping -> frames.write(FrameEncoder.ping());
                case Outbound.Pong pong -> frames.write(FrameEncoder.pong(pong.payload()));
                case Outbound.Close close -> {
                    frames.write(FrameEncoder.close(close.reason()));
                    closing = true;
                }
            }
        }
        socket.writeNow(frames);
        if (closing) {
            closeWritten.countDown();
        }
    }

    @Override
    public void abort() {
        closeWritten.countDown();
        cut.run();
    }

    /** Waits, at most {@code timeout}, until the close frame has been written (or the connection was cut). */
    void awaitCloseWritten(Duration timeout) {
        try {
            if (!closeWritten.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.DEBUG, "the close frame was not written within the close timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
