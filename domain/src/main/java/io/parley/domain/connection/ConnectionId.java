package io.parley.domain.connection;

import java.util.regex.Pattern;

import io.parley.domain.Ids;

/** Identifies one WebSocket connection on one node, for its whole life. */
public record ConnectionId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public ConnectionId {
        Ids.require(value, FORM, "connection id");
    }

    /** Whether {@code value} is a well-formed connection id. */
    public static boolean isValid(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
