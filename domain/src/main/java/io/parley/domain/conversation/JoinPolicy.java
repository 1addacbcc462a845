package io.parley.domain.conversation;

import java.util.Optional;

/** Who may join a conversation they are not a member of. */
public enum JoinPolicy {
    /** Anyone, as a {@code member} (dev mode). */
    OPEN,
    /** Only its members (jwt mode). */
    MEMBERS_ONLY;

    /** The role a non-member joins with, if non-members may join at all. */
    public Optional<Role> admitNonMembersAs() {
        return this == OPEN ? Optional.of(Role.MEMBER) : Optional.empty();
    }
}
