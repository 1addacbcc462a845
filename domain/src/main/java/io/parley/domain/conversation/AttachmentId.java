package io.parley.domain.conversation;

import java.util.regex.Pattern;

import io.parley.domain.Ids;

/** Identifies an upload and the attachment it becomes: the server makes it up, the client resumes with it. */
public record AttachmentId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public AttachmentId {
        Ids.require(value, FORM, "attachment id");
    }

    /** Whether {@code candidate} would make a valid attachment id. */
    public static boolean isValid(String candidate) {
        return candidate != null && FORM.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
