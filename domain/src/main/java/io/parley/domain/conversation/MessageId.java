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

    /**
     * A time-ordered UUID (version 7, RFC 9562): the low 48 bits of {@code millis} (until the year 10889) first, then 74 of the 80 bits of
     * {@code random} (10 bytes), with the version and the IETF variant. Ids made in a later millisecond sort after
     * earlier ones, as text too.
     */
    public static MessageId timeOrdered(long millis, byte[] random) {
        if (random.length != 10) {
            throw new IllegalArgumentException("a time-ordered id takes 10 random bytes, not " + random.length);
        }
        long low = 0;
        for (int i = 2; i < 10; i++) {
            low = low << 8 | (random[i] & 0xFF);
        }
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000 | ((random[0] & 0x0F) << 8 | (random[1] & 0xFF));
        low = low & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new MessageId(new UUID(high, low).toString());
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
