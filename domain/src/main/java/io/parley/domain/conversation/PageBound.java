package io.parley.domain.conversation;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How much of a conversation one answer may carry (a {@code history} page, the replay of a {@code join}): at most
 * {@code maxMessages} messages and {@code maxBytes} bytes of them as sent, so that the answer always fits the
 * member's outbound queue. A page holds at least one message whatever its size, so paging always moves on.
 */
public record PageBound(int maxMessages, long maxBytes) {
    public PageBound {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a page bound needs room for at least one message");
        }
    }

    /**
     * The longest run of {@code items} (oldest first) within the bound, kept from the {@code end} the page is taken
     * from: the oldest ones when paging forwards, the newest ones for the latest page or paging backwards.
     */
    public <T> List<T> cut(List<T> items, ToLongFunction<T> size, MessageRange.End end) {
        int count = Math.min(items.size(), maxMessages);
        long bytes = 0;
        int kept = 0;
        while (kept < count) {
            T next = items.get(end == MessageRange.End.OLDEST ? kept : items.size() - 1 - kept);
            bytes += size.applyAsLong(next);
            if (kept > 0 && bytes > maxBytes) {
                break;
            }
            kept++;
        }
        return end == MessageRange.End.OLDEST ? items.subList(0, kept) : items.subList(items.size() - kept,
                items.size());
    }
}
