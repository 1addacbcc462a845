package io.parley.domain.conversation;

import java.util.UUID;
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

    /**
     * The id of the result of the tool call {@code toolCallId} when its sender gave none: the same for every
     * resend, so that one call's result is stored once.
     */
    public static MessageId forToolResult(String toolCallId) {
        byte[] utf16 = new byte[toolCallId.length() * 2];
        for (int i = 0; i < toolCallId.length(); i++) {
            utf16[2 * i] = (byte) (toolCallId.charAt(i) >> 8);
            utf16[2 * i + 1] = (byte) toolCallId.charAt(i);
        }
        return new MessageId("tool-" + UUID.nameUUIDFromBytes(utf16));
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
