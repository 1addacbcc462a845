package io.parley.domain.conversation;

import java.util.Map;
import java.util.Optional;

/**
 * What a verified token grants beyond the stored memberships (the {@code parley} claim of PROTOCOL section 1):
 * roles in named conversations, and whether the user may create conversations ({@code create}; absent: as the
 * gateway's setting says).
 */
public record Grants(Map<ConversationId, Role> conversations, Optional<Boolean> create) {
    private static final Grants NONE = new Grants(Map.of(), Optional.empty());

    public Grants {
        if (conversations == null || create == null) {
            throw new IllegalArgumentException("grants need their conversations and their create flag");
        }
        conversations = Map.copyOf(conversations);
    }

    /** No grants: stored memberships and the settings decide. */
    public static Grants none() {
        return NONE;
    }

    /** The role the token grants in {@code conversation}, if it names it. */
    public Optional<Role> roleIn(ConversationId conversation) {
        return Optional.ofNullable(conversations.get(conversation));
    }
}
