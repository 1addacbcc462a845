package io.parley.adapter.out.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.parley.application.port.out.PresencePort.Present;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;

/**
 * This node's own presence entries, in its memory: what {@link RedisPresence} answers from while Redis is away
 * (first and last on this node, as if it were alone, like the application's single-node presence), and what it
 * writes back to Redis when Redis returns.
 */
final class OwnEntries {
    private static final Comparator<UserId> BY_ID = Comparator.comparing(UserId::value);

    private final Map<ConversationId, Map<UserId, Set<ConnectionId>>> present = new HashMap<>();

    /** {@code connection} of {@code user} joined {@code conversation}; true when it is the user's first here. */
    synchronized boolean arrived(ConversationId conversation, UserId user, ConnectionId connection) {
        Set<ConnectionId> connections = present.computeIfAbsent(conversation, c -> new TreeMap<>(BY_ID))
                .computeIfAbsent(user, u -> new LinkedHashSet<>());
        return connections.add(connection) && connections.size() == 1;
    }

    /** {@code connection} of {@code user} left {@code conversation}; true when it was the user's last here. */
    synchronized boolean departed(ConversationId conversation, UserId user, ConnectionId connection) {
        Map<UserId, Set<ConnectionId>> users = present.get(conversation);
        Set<ConnectionId> connections = users == null ? null : users.get(user);
        if (connections == null || !connections.remove(connection)) {
            return false;
        }
        if (!connections.isEmpty()) {
            return false;
        }
        users.remove(user);
        if (users.isEmpty()) {
            present.remove(conversation);
        }
        return true;
    }

    /** The users of {@code conversation} here, by user id, with their connections here, at most {@code limit}. */
    synchronized List<Present> present(ConversationId conversation, int limit) {
        List<Present> list = new ArrayList<>();
        for (Map.Entry<UserId, Set<ConnectionId>> user : present.getOrDefault(conversation, Map.of()).entrySet()) {
            if (list.size() >= limit) {
                break;
            }
            list.add(new Present(user.getKey(), user.getValue().size()));
        }
        return list;
    }

    /** Every entry as the arguments {@code presence.lua}'s {@code sync} takes: conversation, connection, user. */
    synchronized List<String> asArguments() {
        List<String> arguments = new ArrayList<>();
        present.forEach((conversation, users) -> users.forEach((user, connections) -> connections.forEach(
                connection -> arguments.addAll(List.of(conversation.value(), connection.value(), user.value())))));
        return arguments;
    }
}
