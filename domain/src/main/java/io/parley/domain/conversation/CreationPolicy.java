package io.parley.domain.conversation;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may create a conversation by joining one that does not exist. A token's {@code create} claim narrows it
 * ({@code false} forbids) and, under {@link #GRANTED}, is what allows it. The server key may always create one
 * (by setting a member's role).
 */
public enum CreationPolicy {
    /** Any user who may join, unless their token says {@code create: false}. */
    ANYONE,
    /** Only users whose token says {@code create: true}. */
    GRANTED,
    /** Nobody by joining: the server key creates conversations. */
    SERVER;

    /** Whether a user with {@code grants} may create a conversation by joining it. */
    public boolean allows(Grants grants) {
        return switch (this) {
            case ANYONE -> grants.create().orElse(true);
            case GRANTED -> grants.create().orElse(false);
            case SERVER -> false;
        };
    }

    /** The policy's setting value, such as {@code anyone}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy of a setting value, if any. */
    public static Optional<CreationPolicy> fromWireName(String name) {
        for (CreationPolicy policy : values()) {
            if (policy.wireName().equals(name)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
