package io.parley.bootstrap;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The log's line: {@code 2026-12-02T03:49:23.241+0000 INFO io.parley.bootstrap.Parley event=started …}, the time
 * in the system's zone, the level, the logger, the message, and a stack trace on the lines after it when there is
 * one. What {@code SimpleFormatter} with that pattern prints, made without {@code String.format}'s parsing of the
 * pattern and Helidon's formatter's per-record parameters (a fifth of a connect's CPU, with a line per connect and
 * per disconnect). {@code logging.properties} names it.
 */
public final class LogFormat extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");
    private static final String NEWLINE = System.lineSeparator();

    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(192);
        TIME.formatTo(ZonedDateTime.ofInstant(record.getInstant(), zone), line);
        line.append(' ').append(record.getLevel().getLocalizedName()).append(' ').append(record.getLoggerName())
                .append(' ').append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                out.println();
                record.getThrown().printStackTrace(out);
            }
            line.append(trace);
        }
        return line.append(NEWLINE).toString();
    }
}
