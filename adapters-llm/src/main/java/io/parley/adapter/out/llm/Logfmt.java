package io.parley.adapter.out.llm;

/** Formats one logfmt line from key/value pairs, quoting values that need it. */
final class Logfmt {

    private Logfmt() {
    }

    /** {@code key=value key2="a value"}; null values are left out. */
    static String line(Object... keysAndValues) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            if (value == null) {
                continue;
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(keysAndValues[i]).append('=').append(quoted(value.toString()));
        }
        return line.toString();
    }

    private static String quoted(String value) {
        boolean plain = !value.isEmpty() && value.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c < 0x7f);
        if (plain) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + '"';
    }
}
