package io.parley.domain.conversation;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PageBoundTest {
    private static final List<Integer> SIZES = List.of(10, 20, 30, 40);

    @Test
    void aPageIsCutByCountKeepingTheEndItIsTakenFrom() {
        PageBound bound = new PageBound(2, 1_000);
        assertEquals(List.of(10, 20), bound.cut(SIZES, Integer::longValue, MessageRange.End.OLDEST));
        assertEquals(List.of(30, 40), bound.cut(SIZES, Integer::longValue, MessageRange.End.NEWEST));
    }

    @Test
    void aPageIsCutByBytes() {
        PageBound bound = new PageBound(100, 60);
        assertEquals(List.of(10, 20, 30), bound.cut(SIZES, Integer::longValue, MessageRange.End.OLDEST));
        assertEquals(List.of(40), bound.cut(SIZES, Integer::longValue, MessageRange.End.NEWEST));
        assertEquals(SIZES, new PageBound(4, 100).cut(SIZES, Integer::longValue, MessageRange.End.OLDEST));
    }

    @Test
    void aMessageLargerThanTheBoundStillMakesAPageOfOne() {
        PageBound bound = new PageBound(10, 5);
        assertEquals(List.of(10), bound.cut(SIZES, Integer::longValue, MessageRange.End.OLDEST));
        assertEquals(List.of(), bound.cut(List.<Integer>of(), Integer::longValue, MessageRange.End.NEWEST));
        assertThrows(IllegalArgumentException.class, () -> new PageBound(0, 5));
    }
}
