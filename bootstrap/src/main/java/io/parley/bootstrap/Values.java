package io.parley.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses setting values: durations ({@code 250ms}, {@code 25s}, {@code 5m}, {@code 1h}, {@code PT25S}), sizes,
 * lists.
 */
final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kib|kb|k|mib|mb|m|gib|gb|g)");

    private Values() {
    }

    static Duration duration(String key, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": '" + text
                    + "' is not a duration (such as 250ms, 25s, 5m, 1h, PT25S)");
        }
    }

    static long size(String key, String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a size (such as 65536, 64KiB, 1MiB)");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "kib", "kb", "k" -> amount * 1024;
            case "mib", "mb", "m" -> amount * 1024 * 1024;
            case "gib", "gb", "g" -> amount * 1024 * 1024 * 1024;
            default -> amount;
        };
    }

    /** An absolute http(s) URL. */
    static URI uri(String key, String text) {
        try {
            URI uri = new URI(text.trim());
            if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(text, "not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not an absolute http(s) URL");
        }
    }

    static int positiveInt(String key, String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a positive whole number");
        }
    }

    static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
