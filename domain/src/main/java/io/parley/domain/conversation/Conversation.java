package io.parley.domain.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.parley.domain.connection.UserId;

/** A conversation as stored: its members with their roles and the offset of its latest message (0 when empty). */
public record Conversation(ConversationId id, Instant createdAt, List<Member> members, long latestOffset) {
    public Conversation {
        if (id == null || createdAt == null) {
            throw new IllegalArgumentException("a conversation needs an id and a creation time");
        }
        if (latestOffset < 0) {
            throw new IllegalArgumentException("latest offset must not be negative");
        }
        members = List.copyOf(members);
    }

    /** The role of {@code user}, if a member. */
    public Optional<Role> roleOf(UserId user) {
        return members.stream().filter(m -> m.user().equals(user)).map(Member::role).findFirst();
    }
}
