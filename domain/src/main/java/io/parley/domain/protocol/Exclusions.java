package io.parley.domain.protocol;

import java.util.Set;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;

/** Who a broadcast leaves out: users (every connection of theirs) and single connections. */
public record Exclusions(Set<UserId> users, Set<ConnectionId> connections) {
    private static final Exclusions NONE = new Exclusions(Set.of(), Set.of());

    public Exclusions {
        if (users == null || connections == null) {
            throw new IllegalArgumentException("exclusions need their users and connections");
        }
        users = Set.copyOf(users);
        connections = Set.copyOf(connections);
    }

    public static Exclusions none() {
        return NONE;
    }

    /** Whether a connection of {@code user} with id {@code connection} is left out. */
    public boolean excludes(UserId user, ConnectionId connection) {
        return users.contains(user) || connections.contains(connection);
    }
}
