package io.parley.domain.conversation;

import java.util.Locale;
import java.util.Optional;

/** A member's rights in a conversation: {@code owner} includes {@code member} includes {@code viewer}. */
public enum Role {
    OWNER, MEMBER, VIEWER;

    /** Whether this role may read the conversation's messages. */
    public boolean mayRead() {
        return true;
    }

    /** Whether this role may post messages. */
    public boolean maySend() {
        return this != VIEWER;
    }

    /** Whether this role may grant, revoke and delete. */
    public boolean mayManage() {
        return this == OWNER;
    }

    /** The role's name on the wire, such as {@code owner}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with this wire name, if any. */
    public static Optional<Role> fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
