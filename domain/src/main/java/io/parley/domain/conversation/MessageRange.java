package io.parley.domain.conversation;

/**
 * Which messages of a conversation to read: offsets strictly after {@code after} and strictly before
 * {@code before} (0 = unbounded), at most {@code limit}. With only {@code before}, the newest ones below it;
 * otherwise the oldest ones from {@code after}. Results are always oldest first.
 */
public record MessageRange(long after, long before, int limit) {
    public static final int MAX_LIMIT = 1000;

    public MessageRange {
        if (after < 0 || before < 0) {
            throw new IllegalArgumentException("offsets must not be negative");
        }
        if (before != 0 && before <= after) {
            throw new IllegalArgumentException("before (" + before + ") must be above after (" + after + ")");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
    }

    public static MessageRange after(long after, int limit) {
        return new MessageRange(after, 0, limit);
    }

    public static MessageRange before(long before, int limit) {
        return new MessageRange(0, before, limit);
    }

    /** Whether the newest messages below {@code before} are wanted (no lower bound given). */
    public boolean newestFirstSelection() {
        return after == 0 && before != 0;
    }

    /** Whether {@code offset} lies in the range, ignoring the limit. */
    public boolean contains(long offset) {
        return offset > after && (before == 0 || offset < before);
    }
}
