package io.parley.adapter.out.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.parley.domain.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ids drawn from the pooled source: their forms, none twice across many refills of the pool, message ids in time order. */
class RandomIdsTest {
    private final RandomIds ids = new RandomIds();

    @Test
    void connectionIdsAreSixteenHexDigitsAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) { // 160 000 bytes: the pool is refilled many times
            String id = ids.newConnectionId().value();
            assertTrue(id.matches("c-[0-9a-f]{16}"), id);
            assertTrue(seen.add(id), "drawn twice: " + id);
        }
    }

    @Test
    void messageIdsAreTimeOrderedUuidsAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = ids.newMessageId().value();
            UUID uuid = UUID.fromString(id);
            assertEquals(7, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            assertEquals(id, uuid.toString());
            assertTrue(seen.add(id), "drawn twice: " + id);
        }
    }

    @Test
    void aMessageIdCarriesItsMillisecondSoThatLaterIdsSortAfterEarlierOnes() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:15:30.123Z"));
        RandomIds timed = new RandomIds(clock);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String id = timed.newMessageId().value();
            assertEquals(clock.millis(), UUID.fromString(id).getMostSignificantBits() >>> 16, id);
            made.add(id);
            clock.advance(Duration.ofMillis(1 + i % 3));
        }
        List<String> sorted = new ArrayList<>(made);
        Collections.sort(sorted);
        assertEquals(made, sorted, "in the order they were made, as text and as an index holds them");
        assertTrue(made.getFirst().startsWith("01a2408d-464b-7"), made.getFirst());
    }

    @Test
    void idsOfEveryKindComeFromOneSourceWithoutRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            assertTrue(seen.add(ids.newRunId().value().substring(4)));
            assertTrue(seen.add(ids.newConnectionId().value().substring(2)));
            assertTrue(ids.newAnonymousUser().value().matches("anon-[0-9a-f]{8}"));
        }
    }

    @Test
    void bytesAreSpreadOverEveryValue() {
        int[] counts = new int[16];
        for (int i = 0; i < 4_000; i++) {
            for (char c : ids.newConnectionId().value().substring(2).toCharArray()) {
                counts[Character.digit(c, 16)]++;
            }
        }
        // 64 000 hex digits: each of the 16 about 4 000 times; a stuck or zeroed pool would skew this far
        for (int count : counts) {
            assertTrue(count > 3_400 && count < 4_600, java.util.Arrays.toString(counts));
        }
    }
}
