package io.parley.domain.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Delivery order of one conversation's messages: items come in by offset in any order (concurrent senders,
 * several nodes) and go out strictly in offset order, each once. An item ahead of a gap is held until the gap is
 * filled; an item at or below the last one delivered is a duplicate and dropped.
 *
 * @param next the offset that is due next
 * @param held items that arrived ahead of a gap, by offset
 * @param <T> what is being ordered (a message, an encoded frame)
 */
public record OffsetOrder<T>(long next, NavigableMap<Long, T> held) {

    public OffsetOrder {
        if (next < 1) {
            throw new IllegalArgumentException("offsets start at 1");
        }
        held = Collections.unmodifiableNavigableMap(new TreeMap<>(held));
    }

    /** An order that expects {@code next} first. */
    public static <T> OffsetOrder<T> expecting(long next) {
        return new OffsetOrder<>(next, new TreeMap<>());
    }

    /** Takes in the item at {@code offset}: what can go out now, in order, and the order after it. */
    public Step<T> accept(long offset, T item) {
        if (offset < next || held.containsKey(offset)) {
            return new Step<>(this, List.of(), true);
        }
        TreeMap<Long, T> stillHeld = new TreeMap<>(held);
        stillHeld.put(offset, item);
        List<T> ready = new ArrayList<>();
        long due = next;
        while (stillHeld.containsKey(due)) {
            ready.add(stillHeld.remove(due));
            due++;
        }
        return new Step<>(new OffsetOrder<>(due, stillHeld), List.copyOf(ready), false);
    }

    /**
     * Gives up waiting for offsets below {@code offset} (they will never come): whatever was held from there on
     * and is now consecutive goes out.
     */
    public Step<T> skipTo(long offset) {
        if (offset <= next) {
            return new Step<>(this, List.of(), false);
        }
        TreeMap<Long, T> stillHeld = new TreeMap<>(held.tailMap(offset, true));
        List<T> ready = new ArrayList<>();
        long due = offset;
        while (stillHeld.containsKey(due)) {
            ready.add(stillHeld.remove(due));
            due++;
        }
        return new Step<>(new OffsetOrder<>(due, stillHeld), List.copyOf(ready), false);
    }

    /** Whether items wait behind a gap. */
    public boolean hasGap() {
        return !held.isEmpty();
    }

    /** The last offset of the gap (the one before the first held item); only meaningful when {@link #hasGap()}. */
    public long gapEnd() {
        return held.firstKey() - 1;
    }

    /**
     * The outcome of accepting one item.
     *
     * @param order the order afterwards
     * @param ready items that may go out now, in offset order
     * @param duplicate whether the item was already delivered or held
     */
    public record Step<T>(OffsetOrder<T> order, List<T> ready, boolean duplicate) {
    }
}
