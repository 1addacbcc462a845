package io.parley.adapter.out.assistant;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} by hand: yields each event's data (its {@code data:} lines joined by newlines),
 * with or without the space after the colon, for LF, CRLF or CR line ends. Comments and the {@code event:},
 * {@code id:} and {@code retry:} fields are skipped; the last event counts even without its closing blank line.
 * A line longer than {@value #MAX_LINE} characters is an error, not a reason to run out of memory.
 */
final class SseReader {
    static final int MAX_LINE = 1 << 20;

    private final BufferedReader in;
    private boolean first = true;
    private boolean skipLf;

    SseReader(InputStream body) {
        this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event's data, or null at the end of the stream. */
    String next() throws IOException {
        StringBuilder data = null;
        for (String line = line(); line != null; line = line()) {
            if (line.isEmpty()) {
                if (data != null) {
                    return data.toString();
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon == 0 || !(colon < 0 ? line : line.substring(0, colon)).equals("data")) {
                continue;
            }
            String value = colon < 0 ? "" : line.substring(colon + 1);
            value = value.startsWith(" ") ? value.substring(1) : value;
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
        return data == null ? null : data.toString();
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean any = false;
        for (int c = in.read(); c != -1; c = in.read()) {
            any = true;
            if (skipLf) {
                skipLf = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\n' || c == '\r') {
                skipLf = c == '\r';
                return stripped(line);
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("an event-stream line longer than " + MAX_LINE + " characters");
            }
            line.append((char) c);
        }
        return any ? stripped(line) : null;
    }

    private String stripped(StringBuilder line) {
        if (first) {
            first = false;
            if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line.deleteCharAt(0);
            }
        }
        return line.toString();
    }
}
