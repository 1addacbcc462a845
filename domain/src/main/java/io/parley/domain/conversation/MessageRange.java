package io.parley.domain.conversation;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which messages of a conversation to read: offsets strictly after {@code after} and strictly before
 * {@code before} (0 = unbounded), at most {@code limit}, taken from the {@code end} of that range: the oldest
 * ones (paging forwards from a cursor) or the newest ones (the latest page, or paging backwards). Results are
 * always oldest first.
 */
public record MessageRange(long after, long before, int limit, End end) {
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
        if (end == null) {
            throw new IllegalArgumentException("a range needs the end its page is taken from");
        }
    }

    /** The oldest {@code limit} messages after {@code after} ({@code after(0, n)}: from the start). */
    public static MessageRange after(long after, int limit) {
        return new MessageRange(after, 0, limit, End.OLDEST);
    }

    /** The newest {@code limit} messages below {@code before}. */
    public static MessageRange before(long before, int limit) {
        return new MessageRange(0, before, limit, End.NEWEST);
    }

    /** The newest {@code limit} messages of the conversation. */
    public static MessageRange newest(int limit) {
        return new MessageRange(0, 0, limit, End.NEWEST);
    }

    /** The oldest {@code limit} messages strictly between {@code after} and {@code before}. */
    public static MessageRange between(long after, long before, int limit) {
        return new MessageRange(after, before, limit, End.OLDEST);
    }

    /**
     * The page a client asks for with optional cursors: after {@code after} (the oldest from it, {@code 0} being the
     * start), below {@code before} (the newest below it), between both, or, with neither, the newest page.
     */
    public static MessageRange requested(OptionalLong after, OptionalLong before, int limit) {
        if (after.isPresent()) {
            return new MessageRange(after.getAsLong(), before.orElse(0), limit, End.OLDEST);
        }
        return before.isPresent() ? before(before.getAsLong(), limit) : newest(limit);
    }

    /**
     * The page that follows one of this range that showed offsets {@code oldestShown}..{@code newestShown} and was
     * cut short (by its limit or its size), in the same direction: older messages for a range
     * read from its newest end, newer ones otherwise. Empty when nothing of the range can be left.
     */
    public Optional<MessageRange> next(long oldestShown, long newestShown) {
        if (fromNewest()) {
            return oldestShown <= after + 1 ? Optional.empty()
                    : Optional.of(new MessageRange(after, oldestShown, limit, End.NEWEST));
        }
        return before != 0 && newestShown + 1 >= before ? Optional.empty()
                : Optional.of(new MessageRange(newestShown, before, limit, End.OLDEST));
    }

    /** Whether the page is taken from the newest end of the range. */
    public boolean fromNewest() {
        return end == End.NEWEST;
    }

    /** Whether {@code offset} lies in the range, ignoring the limit. */
    public boolean contains(long offset) {
        return offset > after && (before == 0 || offset < before);
    }

    /** The same range with another limit. */
    public MessageRange withLimit(int newLimit) {
        return new MessageRange(after, before, newLimit, end);
    }

    /** The end of a range a limited page is taken from. */
    public enum End {
        /** The oldest messages of the range: paging forwards. */
        OLDEST,
        /** The newest messages of the range: the latest page, or paging backwards. */
        NEWEST
    }
}
