package io.parley.adapter.in.websocket;

/**
 * Joins the fragments of one text message, counting UTF-8 bytes as they arrive: a message that outgrows the
 * limit is reported once and the rest of its fragments are discarded, so it never sits in memory whole.
 */
final class TextAssembler {
    private final int maxBytes;
    private StringBuilder partial;
    private int bytes;
    private boolean discarding;

    TextAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes one fragment. */
    Piece append(String fragment, boolean last) {
        if (discarding) {
            discarding = !last;
            return new Piece.Incomplete();
        }
        bytes += io.parley.adapter.common.json.JsonEventEncoder.utf8Length(fragment);
        if (bytes > maxBytes) {
            int size = bytes;
            reset();
            discarding = !last;
            return new Piece.TooBig(size);
        }
        if (last && partial == null) {
            reset();
            return new Piece.Complete(fragment);
        }
        if (partial == null) {
            partial = new StringBuilder(fragment.length() * 2);
        }
        partial.append(fragment);
        if (!last) {
            return new Piece.Incomplete();
        }
        String whole = partial.toString();
        reset();
        return new Piece.Complete(whole);
    }

    private void reset() {
        partial = null;
        bytes = 0;
    }

    /** What a fragment completed. */
    sealed interface Piece {
        /** A whole message. */
        record Complete(String text) implements Piece {
        }

        /** More fragments are to come. */
        record Incomplete() implements Piece {
        }

        /** The message grew past the limit, to at least {@code bytes}. */
        record TooBig(int bytes) implements Piece {
        }
    }
}
