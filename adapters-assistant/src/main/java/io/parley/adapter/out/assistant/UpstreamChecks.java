package io.parley.adapter.out.assistant;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/** The checks the settings of every HTTP upstream share: its URL, its key, how long to wait for a connection. */
final class UpstreamChecks {

    private UpstreamChecks() {
    }

    /**
     * {@code url} if it is an absolute http(s) URL without credentials or fragment (and without a query unless
     * {@code queryAllowed}); else an {@link IllegalArgumentException} that says so, naming {@code what} and giving
     * {@code example}.
     */
    static URI httpUrl(URI url, boolean queryAllowed, String what, String example) {
        if (url == null || url.getScheme() == null || url.getHost() == null
                || !url.getScheme().toLowerCase(Locale.ROOT).matches("https?")
                || !queryAllowed && url.getQuery() != null || url.getFragment() != null || url.getUserInfo() != null) {
            throw new IllegalArgumentException(what + " must be an http(s) URL without credentials, such as "
                    + example);
        }
        return url;
    }

    /** Refuses a key that could not be sent in a header: null, or not printable ASCII without spaces. */
    static void apiKey(String apiKey) {
        if (apiKey == null || apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("the API key must be printable ASCII without spaces (or empty)");
        }
    }

    /** Refuses a connect timeout that is not positive, and missing resilience settings. */
    static void connection(Duration connectTimeout, ResilienceSettings resilience) {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero() || resilience == null) {
            throw new IllegalArgumentException("a positive connect timeout and resilience settings are required");
        }
    }
}
