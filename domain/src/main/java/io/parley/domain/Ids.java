package io.parley.domain;

import java.util.regex.Pattern;

/** Shared validation for the textual identifiers of the domain. */
public final class Ids {
    private Ids() {
    }

    /**
     * Returns {@code value} when it is non-null and matches {@code pattern} entirely.
     *
     * @throws IllegalArgumentException naming {@code what} otherwise
     */
    public static String require(String value, Pattern pattern, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match " + pattern.pattern() + ": '"
                    + abbreviate(value) + "'");
        }
        return value;
    }

    /** At most 40 characters of {@code value}, for error messages that echo input. */
    public static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }
}
