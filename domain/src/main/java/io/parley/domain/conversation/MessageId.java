package io.parley.domain.conversation;

import java.util.regex.Pattern;

import io.parley.domain.Ids;

/**
 * Identifies a message within its conversation. Clients choose it (typically a UUID) so that a resend after a
 * reconnect is recognised; the server makes one up otherwise.
 */
public record MessageId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public MessageId {
        Ids.require(value, FORM, "message id");
    }

    /** Whether {@code candidate} would make a valid message id. */
    public static boolean isValid(String candidate) {
        return candidate != null && FORM.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
