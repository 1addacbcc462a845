package io.parley.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** logfmt: plain values as they are, the others quoted so that every line parses back into its fields. */
class LogLineTest {

    @Test
    void leavesPlainValuesAsTheyAreAndOmitsNulls() {
        assertEquals("event=connect connection=c-1 user=alice connections=3",
                LogLine.event("connect").with("connection", "c-1").with("user", "alice").with("token", null)
                        .with("connections", 3).toString());
    }

    @Test
    void quotesAndEscapesWhatWouldBreakTheLine() {
        assertEquals("event=disconnect reason=\"heartbeat timeout\" detail=\"a \\\"b\\\" c\\\\d\" eq=\"a=b\""
                        + " nl=\"x\\ny\\r\" ctl=\"a b\" del=\"a\u007fb\" empty=\"\"",
                LogLine.event("disconnect").with("reason", "heartbeat timeout").with("detail", "a \"b\" c\\d")
                        .with("eq", "a=b").with("nl", "x\ny\r").with("ctl", "a\u0001b").with("del", "a\u007fb")
                        .with("empty", "").toString());
    }
}
