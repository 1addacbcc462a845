package io.parley.domain.connection;

import java.util.regex.Pattern;

import io.parley.domain.Ids;

/** Identifies one WebSocket connection on one node, for its whole life. */
public record ConnectionId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public ConnectionId {
        Ids.require(value, FORM, "connection id");
    }

    @Override
    public String toString() {
        return value;
    }
}
