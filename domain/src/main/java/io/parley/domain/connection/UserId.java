package io.parley.domain.connection;

import java.util.regex.Pattern;

import io.parley.domain.Ids;

/** Who is on the other end of a connection or a request: a token's subject, a dev-mode name. */
public record UserId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:@|+-]{1,128}");

    public UserId {
        Ids.require(value, FORM, "user id");
    }

    /** Whether {@code candidate} would make a valid user id. */
    public static boolean isValid(String candidate) {
        return candidate != null && FORM.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
