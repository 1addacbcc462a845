package io.parley.domain.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the messages logged under one logger name and below it (System.Logger goes to java.util.logging in
 * tests), so that tests can read the structured lines the code under test writes.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Starts collecting what is logged under {@code loggerName} (a class or a package); close to stop. */
    public static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
        capture.logger.addHandler(capture);
        return capture;
    }

    /** The lines collected so far that contain every one of {@code parts}, oldest first. */
    public List<String> lines(String... parts) {
        return lines.stream().filter(line -> List.of(parts).stream().allMatch(line::contains)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
