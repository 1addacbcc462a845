package io.parley.adapter.out.llm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} by hand: yields each event's data (its {@code data:} lines joined by newlines),
 * with or without the space after the colon, for LF, CRLF or CR line ends. Comments and the {@code event:},
 * {@code id:} and {@code retry:} fields are skipped; the last event counts even without its closing blank line.
 */
final class SseReader {
    private final BufferedReader lines;
    private boolean first = true;

    SseReader(InputStream body) {
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event's data, or null at the end of the stream. */
    String next() throws IOException {
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (first) {
                first = false;
                line = line.startsWith("\uFEFF") ? line.substring(1) : line;
            }
            if (line.isEmpty()) {
                if (data != null) {
                    return data.toString();
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            if (!field.equals("data")) {
                continue;
            }
            String value = colon < 0 ? "" : line.substring(colon + 1);
            value = value.startsWith(" ") ? value.substring(1) : value;
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
        return data == null ? null : data.toString();
    }
}
