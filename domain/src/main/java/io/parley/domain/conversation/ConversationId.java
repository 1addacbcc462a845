package io.parley.domain.conversation;

import java.util.regex.Pattern;

import io.parley.domain.Ids;

/** Names a conversation: 1 to 128 characters of {@code [A-Za-z0-9._:-]}. */
public record ConversationId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public ConversationId {
        Ids.require(value, FORM, "conversation id");
    }

    /** Whether {@code candidate} would make a valid conversation id. */
    public static boolean isValid(String candidate) {
        return candidate != null && FORM.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
