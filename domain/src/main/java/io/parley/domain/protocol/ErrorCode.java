package io.parley.domain.protocol;

import java.util.Locale;

/** The codes an {@code error} frame carries. */
public enum ErrorCode {
    BAD_REQUEST, UNKNOWN_TYPE, TOO_LARGE, RATE_LIMITED, FORBIDDEN, NOT_FOUND, NOT_JOINED, CONFLICT,
    /** A count bound: joins per connection, new conversations per user, and the like. */
    LIMIT_EXCEEDED,
    UNAVAILABLE, INTERNAL,
    /** HTTP only: no identity could be established for the caller (401). */
    UNAUTHORIZED;

    /** The code on the wire, such as {@code not_joined}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
