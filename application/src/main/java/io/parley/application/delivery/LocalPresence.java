package io.parley.application.delivery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.parley.application.port.out.PresencePort;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;

/** Presence on one node: the connections of each user in each conversation, in this node's memory. */
public final class LocalPresence implements PresencePort {
    private static final Comparator<UserId> BY_ID = Comparator.comparing(UserId::value);

    private final Map<ConversationId, Map<UserId, Set<ConnectionId>>> present = new HashMap<>();

    @Override
    public synchronized boolean arrived(ConversationId conversation, UserId user, ConnectionId connection) {
        Set<ConnectionId> connections = present.computeIfAbsent(conversation, c -> new TreeMap<>(BY_ID))
                .computeIfAbsent(user, u -> new HashSet<>());
        return connections.add(connection) && connections.size() == 1;
    }

    @Override
    public synchronized boolean departed(ConversationId conversation, UserId user, ConnectionId connection) {
        Map<UserId, Set<ConnectionId>> users = present.get(conversation);
        Set<ConnectionId> connections = users == null ? null : users.get(user);
        if (connections == null || !connections.remove(connection)) {
            return false;
        }
        if (connections.isEmpty()) {
            users.remove(user);
            if (users.isEmpty()) {
                present.remove(conversation);
            }
            return true;
        }
        return false;
    }

    @Override
    public synchronized List<Present> present(ConversationId conversation, int limit) {
        List<Present> list = new ArrayList<>();
        present.getOrDefault(conversation, Map.of()).forEach((user, connections) -> {
            if (list.size() < limit) {
                list.add(new Present(user, connections.size()));
            }
        });
        return list;
    }

    @Override
    public List<Departure> refresh() {
        return List.of();
    }
}
