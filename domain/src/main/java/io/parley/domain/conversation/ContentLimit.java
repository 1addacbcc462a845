package io.parley.domain.conversation;

/**
 * The largest text one message may carry, in UTF-8 bytes ({@code max-message-bytes}), whichever way it arrives: a
 * WebSocket {@code send}, an HTTP publish, an AG-UI input, an assistant's reply. A message within it always fits
 * a member's outbound queue, so no single message can push members out as slow consumers.
 */
public record ContentLimit(long maxBytes) {
    public ContentLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the content limit must be at least one byte: " + maxBytes);
        }
    }

    /** Whether {@code content} is within the limit. */
    public boolean admits(CharSequence content) {
        return content.length() <= maxBytes && utf8Length(content) <= maxBytes;
    }

    /** What a client is told when its text is over the limit. */
    public String refusal() {
        return "a message holds at most " + maxBytes + " bytes of text (UTF-8)";
    }

    /** The UTF-8 length of {@code text}, counted without encoding it. */
    public static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
