package io.parley.adapter.out.persistence.attachment;

import java.io.IOException;
import java.io.InputStream;

/** A stream cut after {@code left} bytes (closing it closes the stream it reads). */
final class BoundedStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedStream(InputStream in, long left) {
        this.in = in;
        this.left = left;
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = in.read();
        left -= b < 0 ? left : 1;
        return b;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int read = in.read(into, offset, (int) Math.min(length, left));
        left -= read < 0 ? left : read;
        return read;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
