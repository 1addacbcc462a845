package io.parley.adapter.out.persistence.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Consumer;

/** Hands what a stream holds to a consumer in pieces of at most 64 KiB, then closes the stream. */
public final class Pieces {
    private static final int PIECE = 64 * 1024;

    private Pieces() {
    }

    /** Reads {@code in} to its end in pieces; returns how many bytes went to {@code pieces}. */
    public static long pump(InputStream in, Consumer<byte[]> pieces) {
        long total = 0;
        try (InputStream stream = in) {
            byte[] buffer = new byte[PIECE];
            int filled = 0;
            for (int read = stream.read(buffer, 0, PIECE); read >= 0;
                 read = stream.read(buffer, filled, PIECE - filled)) {
                filled += read;
                if (filled == PIECE) {
                    pieces.accept(buffer.clone());
                    total += filled;
                    filled = 0;
                }
            }
            if (filled > 0) {
                pieces.accept(Arrays.copyOf(buffer, filled));
                total += filled;
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
