package io.parley.adapter.in.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.parley.adapter.common.web.ProblemResponses;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.PushEventsUseCase;
import io.parley.application.port.in.RelayEventsUseCase.Relayed;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.protocol.Exclusions;

/**
 * Server push beyond conversations, with the server key: {@code POST /api/users/{user}/events} (one AG-UI event
 * or an array, to every connection of the user) and {@code POST /api/broadcast} ({@code {events, exclude?}}, to
 * every connection). Both answer 202 {relayed}.
 */
final class PushResource {
    private final PushEventsUseCase push;
    private final Bodies bodies;
    private final JsonAnswers answers;
    private final ProblemResponses problems;

    PushResource(PushEventsUseCase push, Bodies bodies, JsonAnswers answers, ProblemResponses problems) {
        this.push = push;
        this.bodies = bodies;
        this.answers = answers;
        this.problems = problems;
    }

    void toUser(ServerRequest request, ServerResponse response) {
        UserId user = MembersResource.user(request.path().pathParameters().get("user"));
        answer(response, push.pushToUser(user, Bodies.agUiEvents(bodies.json(request))));
    }

    void broadcast(ServerRequest request, ServerResponse response) {
        JsonNode body = bodies.json(request);
        if (!body.isObject() || !body.path("events").isArray()) {
            throw new Bodies.BadRequest("the body is {events: [...], exclude?: {users: [], connections: []}}");
        }
        List<String> events = Bodies.agUiEvents(body.get("events"));
        JsonNode exclude = body.path("exclude");
        Set<UserId> users = new HashSet<>();
        strings(exclude.path("users"), "exclude.users").forEach(u -> users.add(MembersResource.user(u)));
        Set<ConnectionId> connections = new HashSet<>();
        for (String id : strings(exclude.path("connections"), "exclude.connections")) {
            if (!ConnectionId.isValid(id)) {
                throw new Bodies.BadRequest("exclude.connections holds connection ids");
            }
            connections.add(new ConnectionId(id));
        }
        answer(response, push.broadcast(events, new Exclusions(users, connections)));
    }

    private void answer(ServerResponse response, Outcome<Relayed> outcome) {
        switch (outcome) {
            case Outcome.Done<Relayed> relayed -> answers.send(response, Status.ACCEPTED_202,
                    g -> g.writeNumberField("relayed", relayed.value().events()));
            case Outcome.Refused<Relayed> refused -> problems.send(response, refused.refusal());
        }
    }

    /** The strings of an optional array field. */
    private static List<String> strings(JsonNode array, String name) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray() || array.size() > 10_000) {
            throw new Bodies.BadRequest(name + " must be an array of at most 10000 strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            if (!value.isTextual()) {
                throw new Bodies.BadRequest(name + " must hold strings");
            }
            values.add(value.textValue());
        }
        return values;
    }
}
