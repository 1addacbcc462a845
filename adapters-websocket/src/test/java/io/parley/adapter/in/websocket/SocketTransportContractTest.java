package io.parley.adapter.in.websocket;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

import io.parley.application.port.out.ConnectionTransportPort;
import io.parley.application.port.out.ConnectionTransportPortContract;

/**
 * The WebSocket transport keeps the port's contract on a real loopback socket, read by a peer that decodes the
 * frames it receives (RFC 6455 server frames: unmasked, final).
 */
class SocketTransportContractTest extends ConnectionTransportPortContract {

    @Override
    protected Wire connect() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket peer = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            Socket server = listener.accept();
            SocketTransport transport = new SocketTransport(new StreamWriter(server.getOutputStream()), () -> {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, new FramedTexts());
            return new PeerWire(transport, server, peer);
        }
    }

    private record PeerWire(SocketTransport transport, Socket server, Socket peer) implements Wire {
        @Override
        public List<Seen> receive(int count) throws IOException {
            DataInputStream in = new DataInputStream(peer.getInputStream());
            List<Seen> seen = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                if ((first & 0x80) == 0 || (second & 0x80) != 0) {
                    throw new IllegalStateException("a server frame is final and unmasked");
                }
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = in.readNBytes((int) length);
                seen.add(Seen.of(switch (first & 0x0F) {
                    case 1 -> Seen.Kind.TEXT;
                    case 8 -> Seen.Kind.CLOSE;
                    case 9 -> Seen.Kind.PING;
                    case 10 -> Seen.Kind.PONG;
                    default -> throw new IllegalStateException("unexpected opcode " + (first & 0x0F));
                }, payload));
            }
            return seen;
        }

        @Override
        public void stopReading() throws IOException {
            peer.setReceiveBufferSize(4096);
        }

        @Override
        public void hangUp() throws IOException {
            peer.setSoLinger(true, 0);
            peer.close();
        }

        @Override
        public void close() throws IOException {
            peer.close();
            server.close();
        }
    }

    /** What Helidon's connection gives the transport: a blocking writer on the socket's stream. */
    private record StreamWriter(OutputStream out) implements DataWriter {
        @Override
        public void write(BufferData... buffers) {
            writeNow(buffers);
        }

        @Override
        public void write(BufferData buffer) {
            writeNow(buffer);
        }

        @Override
        public void writeNow(BufferData... buffers) {
            for (BufferData buffer : buffers) {
                writeNow(buffer);
            }
        }

        @Override
        public void writeNow(BufferData buffer) {
            try {
                buffer.writeTo(out);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
