package io.parley.adapter.out.identity;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ids drawn from the pooled source: the forms they had, none twice, across many refills of the pool. */
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
    void messageIdsAreRandomUuidsAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = ids.newMessageId().value();
            UUID uuid = UUID.fromString(id);
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            assertEquals(id, uuid.toString());
            assertTrue(seen.add(id), "drawn twice: " + id);
        }
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
