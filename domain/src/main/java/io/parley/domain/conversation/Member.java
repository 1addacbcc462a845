package io.parley.domain.conversation;

import io.parley.domain.connection.UserId;

/** A user's membership of a conversation. */
public record Member(UserId user, Role role) {
    public Member {
        if (user == null || role == null) {
            throw new IllegalArgumentException("a member needs a user and a role");
        }
    }
}
