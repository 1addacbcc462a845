package io.parley.adapter.out.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * What nodes tell each other over Redis, as JSON text: the {@link Envelope}s of the fan-out and the events they
 * carry (those that cross nodes: messages, run events, relays, presence, pushes, broadcasts). Its own format,
 * not the client wire format, so that either can change alone; {@link ClusterEvents} writes and reads the events.
 */
final class ClusterCodec {
    private final ObjectMapper json;

    ClusterCodec(ObjectMapper json) {
        this.json = json;
    }

    /** What one node publishes: its id, and what happened. */
    sealed interface Envelope {
        String node();

        /** An event for a conversation's members. */
        record ToConversation(String node, ConversationId conversation, ServerEvent event) implements Envelope {
        }

        /** An event for every connection of a user. */
        record ToUser(String node, UserId user, ServerEvent event) implements Envelope {
        }

        /** An event for every connection but those left out. */
        record ToEveryone(String node, ServerEvent event, Exclusions exclusions) implements Envelope {
        }

        /** A membership changed (empty role: it ended). */
        record Membership(String node, ConversationId conversation, UserId user, Optional<Role> role)
                implements Envelope {
        }

        /** A conversation was deleted. */
        record Deletion(String node, ConversationId conversation) implements Envelope {
        }

        /** A run is to be cancelled wherever it runs. */
        record Cancel(String node, RunId run) implements Envelope {
        }

        /**
         * Something this node published may not have reached Redis (it was away): every other node reads what
         * its members miss from the store.
         */
        record CatchUp(String node) implements Envelope {
        }
    }

    String write(Envelope envelope) {
        ObjectNode out = json.createObjectNode().put("n", envelope.node());
        switch (envelope) {
            case Envelope.ToConversation c -> out.put("k", "c").put("conv", c.conversation().value())
                    .set("e", ClusterEvents.write(json, c.event()));
            case Envelope.ToUser u -> out.put("k", "u").put("user", u.user().value())
                    .set("e", ClusterEvents.write(json, u.event()));
            case Envelope.ToEveryone b -> {
                out.put("k", "b").set("e", ClusterEvents.write(json, b.event()));
                ArrayNode users = out.putArray("xu");
                b.exclusions().users().forEach(user -> users.add(user.value()));
                ArrayNode connections = out.putArray("xc");
                b.exclusions().connections().forEach(connection -> connections.add(connection.value()));
            }
            case Envelope.Membership m -> out.put("k", "m").put("conv", m.conversation().value())
                    .put("user", m.user().value()).put("role", m.role().map(Role::wireName).orElse(null));
            case Envelope.Deletion d -> out.put("k", "d").put("conv", d.conversation().value());
            case Envelope.Cancel x -> out.put("k", "x").put("run", x.run().value());
            case Envelope.CatchUp r -> out.put("k", "r");
        }
        return out.toString();
    }

    Envelope read(String text) {
        JsonNode in;
        try {
            in = json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String node = in.path("n").asText();
        return switch (in.path("k").asText()) {
            case "c" -> new Envelope.ToConversation(node, new ConversationId(in.path("conv").asText()),
                    ClusterEvents.read(in.get("e")));
            case "u" -> new Envelope.ToUser(node, new UserId(in.path("user").asText()), ClusterEvents.read(in.get("e")));
            case "b" -> new Envelope.ToEveryone(node, ClusterEvents.read(in.get("e")), exclusions(in));
            case "m" -> new Envelope.Membership(node, new ConversationId(in.path("conv").asText()),
                    new UserId(in.path("user").asText()), in.path("role").isTextual()
                    ? Role.fromWireName(in.get("role").asText()) : Optional.empty());
            case "d" -> new Envelope.Deletion(node, new ConversationId(in.path("conv").asText()));
            case "x" -> new Envelope.Cancel(node, new RunId(in.path("run").asText()));
            case "r" -> new Envelope.CatchUp(node);
            default -> throw new IllegalArgumentException("unknown cluster envelope kind " + in.path("k"));
        };
    }

    private static Exclusions exclusions(JsonNode in) {
        Set<UserId> users = new HashSet<>();
        in.path("xu").forEach(user -> users.add(new UserId(user.asText())));
        Set<ConnectionId> connections = new HashSet<>();
        in.path("xc").forEach(connection -> connections.add(new ConnectionId(connection.asText())));
        return new Exclusions(users, connections);
    }
}
