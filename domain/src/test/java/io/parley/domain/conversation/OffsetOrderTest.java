package io.parley.domain.conversation;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetOrderTest {

    @Test
    void itemsInOrderGoStraightOut() {
        OffsetOrder<String> order = OffsetOrder.expecting(1);
        List<String> out = new ArrayList<>();
        for (long offset = 1; offset <= 3; offset++) {
            OffsetOrder.Step<String> step = order.accept(offset, "m" + offset);
            order = step.order();
            out.addAll(step.ready());
        }
        assertEquals(List.of("m1", "m2", "m3"), out);
        assertEquals(4, order.next());
        assertFalse(order.hasGap());
    }

    @Test
    void anItemAheadOfAGapWaitsUntilTheGapIsFilled() {
        OffsetOrder.Step<String> third = OffsetOrder.<String>expecting(1).accept(3, "m3");
        assertEquals(List.of(), third.ready());
        OffsetOrder.Step<String> second = third.order().accept(2, "m2");
        assertEquals(List.of(), second.ready());
        assertTrue(second.order().hasGap());
        assertEquals(1, second.order().gapEnd());
        OffsetOrder.Step<String> first = second.order().accept(1, "m1");
        assertEquals(List.of("m1", "m2", "m3"), first.ready());
        assertEquals(4, first.order().next());
    }

    @Test
    void whatWasDeliveredOrIsHeldIsADuplicate() {
        OffsetOrder<String> order = OffsetOrder.<String>expecting(5).accept(5, "m5").order().accept(7, "m7").order();
        assertTrue(order.accept(5, "again").duplicate());
        assertTrue(order.accept(4, "older").duplicate());
        assertTrue(order.accept(7, "again").duplicate());
        assertFalse(order.accept(6, "m6").duplicate());
    }

    @Test
    void skippingAheadReleasesWhatWaitedBehindTheGap() {
        OffsetOrder<String> order = OffsetOrder.<String>expecting(1).accept(3, "m3").order().accept(4, "m4").order();
        OffsetOrder.Step<String> skipped = order.skipTo(3);
        assertEquals(List.of("m3", "m4"), skipped.ready());
        assertEquals(5, skipped.order().next());
        assertEquals(List.of(), skipped.order().skipTo(2).ready(), "skipping backwards does nothing");
    }
}
