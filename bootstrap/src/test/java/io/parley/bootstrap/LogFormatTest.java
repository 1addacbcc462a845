package io.parley.bootstrap;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log's line is what {@code SimpleFormatter} made of the pattern the log had before {@link LogFormat}. */
class LogFormatTest {
    private static final String PATTERN = "%1$tY-%1$tm-%1$tdT%1$tH:%1$tM:%1$tS.%1$tL%1$tz %4$s %3$s %5$s%6$s%n";

    @Test
    void aLineIsTimeLevelLoggerAndMessage() {
        LogRecord record = record(Level.INFO, "event=connect connection=c-1 user=alice", null);
        String line = new LogFormat().format(record);
        assertEquals(simpleFormatter(record), line);
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} INFO io\\.parley\\.Test "
                + "event=connect connection=c-1 user=alice\\R"), line);
    }

    @Test
    void aThrowableFollowsOnTheLinesBelow() {
        LogRecord record = record(Level.WARNING, "event=store_unavailable", new IllegalStateException("down"));
        String text = new LogFormat().format(record);
        assertEquals(simpleFormatter(record), text);
        assertTrue(text.contains("WARNING io.parley.Test event=store_unavailable" + System.lineSeparator()
                + "java.lang.IllegalStateException: down"), text);
    }

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("io.parley.Test");
        record.setInstant(Instant.parse("2026-12-02T03:49:23.241Z"));
        record.setThrown(thrown);
        return record;
    }

    /** What {@code SimpleFormatter.format} does with the pattern. */
    private static String simpleFormatter(LogRecord record) {
        String throwable = "";
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            PrintWriter out = new PrintWriter(trace);
            out.println();
            record.getThrown().printStackTrace(out);
            out.close();
            throwable = trace.toString();
        }
        return String.format(PATTERN, ZonedDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault()), "",
                record.getLoggerName(), record.getLevel().getLocalizedName(), record.getMessage(), throwable);
    }
}
