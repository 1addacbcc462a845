package io.parley.domain.conversation;

import java.util.Locale;
import java.util.Optional;

/** Who authored a message, as chat models see it. */
public enum MessageRole {
    USER, ASSISTANT, SYSTEM, TOOL;

    /** The name on the wire, such as {@code assistant}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The message role with this wire name, if any. */
    public static Optional<MessageRole> fromWireName(String name) {
        for (MessageRole role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
