package io.parley.adapter.out.assistant;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads how long a provider asks us to wait: {@code retry-after-ms}, else {@code Retry-After} (seconds or a date). */
final class RetryAfter {
    private static final Duration LONGEST = Duration.ofHours(1);

    private RetryAfter() {
    }

    /** The wait the headers ask for, at most an hour; {@link Duration#ZERO} for none or for unreadable ones. */
    static Duration of(Optional<String> retryAfterMs, Optional<String> retryAfter, Instant now) {
        Duration wait = retryAfterMs.flatMap(ms -> amount(ms, 1))
                .or(() -> retryAfter.flatMap(value -> amount(value, 1000).or(() -> untilDate(value, now))))
                .orElse(Duration.ZERO);
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }

    private static Optional<Duration> amount(String value, int millisPerUnit) {
        try {
            BigDecimal millis = new BigDecimal(value.strip()).multiply(BigDecimal.valueOf(millisPerUnit));
            return Optional.of(Duration.ofMillis(millis.min(BigDecimal.valueOf(LONGEST.toMillis())).longValue()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> untilDate(String value, Instant now) {
        try {
            Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(Duration.between(now, at));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
