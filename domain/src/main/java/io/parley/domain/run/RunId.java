package io.parley.domain.run;

import java.util.regex.Pattern;

import io.parley.domain.Ids;

/** An assistant run's id: 1–64 characters of {@code [A-Za-z0-9._:-]}, chosen by the server or by an AG-UI client. */
public record RunId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public RunId {
        Ids.require(value, VALID, "run id");
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
