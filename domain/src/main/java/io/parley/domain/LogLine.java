package io.parley.domain;

/**
 * One structured log line in logfmt ({@code event=connect connection=c1 user=alice}), the format of every
 * operational event the modules log: values with spaces, quotes, equals signs or control characters are quoted,
 * so every line parses back into its fields.
 */
public final class LogLine {
    private final StringBuilder text = new StringBuilder(192);

    private LogLine(String event) {
        text.append("event=").append(event);
    }

    /** A line for the lifecycle event {@code event}. */
    public static LogLine event(String event) {
        return new LogLine(event);
    }

    /** Adds {@code key=value}; a {@code null} value is left out. */
    public LogLine with(String key, Object value) {
        if (value == null) {
            return this;
        }
        String v = String.valueOf(value);
        text.append(' ').append(key).append('=');
        if (needsQuotes(v)) {
            text.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '"', '\\' -> text.append('\\').append(c);
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c < 0x20 ? ' ' : c);
                }
            }
            text.append('"');
        } else {
            text.append(v);
        }
        return this;
    }

    /** Whether {@code value} is empty or holds a space, a quote, an equals sign or a control character. */
    private static boolean needsQuotes(String value) {
        if (value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) { // loops, not streams: two lines per connection take this way
            char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
