package io.parley.adapter.out.persistence.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.parley.adapter.out.persistence.jdbc.JdbcStoreSettings.Setting;
import io.parley.application.port.out.StoreUnavailableException;

/**
 * {@link JdbcStores#open} found the store unusable: unreachable, refusing the credentials or the store's SQL,
 * read-only, or lacking a table. One message says what is wrong and which settings to change.
 */
public final class StoreUnusableException extends StoreUnavailableException {
    private final String problem;
    private final transient List<Setting> settings;

    StoreUnusableException(String problem, List<Setting> settings, Throwable cause) {
        super(problem + "; check the database " + settings.stream().map(s -> s.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" and ")), Failures.RETRY_AFTER, cause);
        this.problem = problem;
        this.settings = List.copyOf(settings);
    }

    /** What is wrong, without the advice. */
    public String problem() {
        return problem;
    }

    /** The settings that, changed, would make the store usable (or the database they point to, fixed). */
    public List<Setting> settings() {
        return settings;
    }
}
