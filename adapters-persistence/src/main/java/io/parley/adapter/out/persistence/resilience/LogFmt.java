package io.parley.adapter.out.persistence.resilience;

/** One logfmt line ({@code event=breaker_state breaker=store from=closed to=open}); values are quoted as needed. */
final class LogFmt {
    private final StringBuilder text = new StringBuilder(80);

    private LogFmt(String event) {
        text.append("event=").append(event);
    }

    static LogFmt event(String event) {
        return new LogFmt(event);
    }

    LogFmt with(String key, Object value) {
        String v = String.valueOf(value);
        text.append(' ').append(key).append('=');
        if (!v.isEmpty() && v.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c != '\\')) {
            text.append(v);
            return this;
        }
        text.append('"');
        v.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                text.append('\\');
            }
            text.append(c < ' ' ? ' ' : (char) c);
        });
        text.append('"');
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
