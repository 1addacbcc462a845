package io.parley.adapter.out.llm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the adapter's log lines (System.Logger goes to java.util.logging in tests) so tests can read them. */
final class LogCapture extends Handler implements AutoCloseable {
    private static final Logger ADAPTER = Logger.getLogger("io.parley.adapter.out.llm");
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
    }

    static LogCapture start() {
        LogCapture capture = new LogCapture();
        ADAPTER.addHandler(capture);
        return capture;
    }

    /** Lines containing every one of {@code parts}. */
    List<String> lines(String... parts) {
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
        ADAPTER.removeHandler(this);
    }
}
