package io.parley.adapter.in.http;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.parley.adapter.common.json.ToolsJson;
import io.parley.adapter.common.web.ProblemResponses;
import io.parley.adapter.common.web.RequestCredentials;
import io.parley.application.port.in.Caller;
import io.parley.application.port.in.DeleteConversationUseCase;
import io.parley.application.port.in.ListConversationsUseCase;
import io.parley.application.port.in.ListConversationsUseCase.ConversationsPage;
import io.parley.application.port.in.ManageMembersUseCase;
import io.parley.application.port.in.ManageMembersUseCase.MembersPage;
import io.parley.application.port.in.ManageMembersUseCase.Removed;
import io.parley.application.port.in.ManageMembersUseCase.RoleSet;
import io.parley.application.port.in.ManageToolsUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.out.ConversationStorePort.Membership;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.Role;
import io.parley.domain.conversation.Tool;
import io.parley.domain.protocol.Protocol;

/**
 * Members and conversations: {@code GET /api/conversations} (the caller's), {@code GET …/{id}/members},
 * {@code PUT} and {@code DELETE …/{id}/members/{user}} (owner or server key), {@code DELETE …/{id}} (owner or
 * server key). Pages are cursors ({@code after}, {@code limit}, {@code next}).
 */
final class MembersResource {
    private final ManageMembersUseCase members;
    private final ListConversationsUseCase conversations;
    private final DeleteConversationUseCase deletion;
    private final ManageToolsUseCase tools;
    private final ServerKeyGuard serverKey;
    private final Bodies bodies;
    private final JsonAnswers answers;
    private final ProblemResponses problems;

    MembersResource(HttpUseCases useCases, ServerKeyGuard serverKey, Bodies bodies, JsonAnswers answers,
                    ProblemResponses problems) {
        this.members = useCases.members();
        this.conversations = useCases.conversations();
        this.deletion = useCases.deletion();
        this.tools = useCases.tools();
        this.serverKey = serverKey;
        this.bodies = bodies;
        this.answers = answers;
        this.problems = problems;
    }

    void list(ServerRequest request, ServerResponse response) {
        Optional<ConversationId> after = request.query().first("after").asOptional().map(MembersResource::conversation);
        int limit = Bodies.limit(request, Protocol.HISTORY_DEFAULT_LIMIT, MessageRange.MAX_LIMIT);
        switch (conversations.conversations(RequestCredentials.of(request), after, limit)) {
            case Outcome.Done<ConversationsPage> page -> answers.send(response, Status.OK_200, g -> {
                g.writeArrayFieldStart("conversations");
                for (Membership membership : page.value().conversations()) {
                    g.writeStartObject();
                    g.writeStringField("id", membership.conversation().value());
                    g.writeStringField("role", membership.role().wireName());
                    g.writeNumberField("offset", membership.latestOffset());
                    g.writeEndObject();
                }
                g.writeEndArray();
                JsonAnswers.next(g, page.value().next().map(c -> "/api/conversations?after=" + c.value()
                        + "&limit=" + limit).orElse(null));
            });
            case Outcome.Refused<ConversationsPage> refused -> problems.send(response, refused.refusal());
        }
    }

    void members(ServerRequest request, ServerResponse response) {
        ConversationId conversation = conversation(request.path().pathParameters().get("id"));
        Optional<UserId> after = request.query().first("after").asOptional().map(MembersResource::user);
        int limit = Bodies.limit(request, Protocol.HISTORY_DEFAULT_LIMIT, MessageRange.MAX_LIMIT);
        switch (members.members(caller(request), conversation, after, limit)) {
            case Outcome.Done<MembersPage> page -> answers.send(response, Status.OK_200, g -> {
                g.writeStringField("conversation", conversation.value());
                g.writeArrayFieldStart("members");
                for (Member member : page.value().members()) {
                    memberFields(g, member.user(), member.role());
                }
                g.writeEndArray();
                JsonAnswers.next(g, page.value().next().map(u -> "/api/conversations/" + conversation.value()
                        + "/members?after=" + u.value() + "&limit=" + limit).orElse(null));
            });
            case Outcome.Refused<MembersPage> refused -> problems.send(response, refused.refusal());
        }
    }

    void setRole(ServerRequest request, ServerResponse response) {
        ConversationId conversation = conversation(request.path().pathParameters().get("id"));
        UserId user = user(request.path().pathParameters().get("user"));
        JsonNode body = bodies.json(request);
        Role role = Bodies.text(body, "role").flatMap(Role::fromWireName).orElseThrow(() ->
                new Bodies.BadRequest("role must be owner, member or viewer"));
        switch (members.setRole(caller(request), conversation, user, role)) {
            case Outcome.Done<RoleSet> set -> answers.send(response, set.value().created() ? Status.CREATED_201
                    : Status.OK_200, g -> {
                        g.writeStringField("conversation", conversation.value());
                        g.writeStringField("user", user.value());
                        g.writeStringField("role", role.wireName());
                        if (set.value().previous().isPresent()) {
                            g.writeStringField("previous", set.value().previous().get().wireName());
                        }
                        g.writeBooleanField("created", set.value().created());
                    });
            case Outcome.Refused<RoleSet> refused -> problems.send(response, refused.refusal());
        }
    }

    void remove(ServerRequest request, ServerResponse response) {
        ConversationId conversation = conversation(request.path().pathParameters().get("id"));
        UserId user = user(request.path().pathParameters().get("user"));
        switch (members.remove(caller(request), conversation, user)) {
            case Outcome.Done<Removed> removed -> JsonAnswers.empty(response, Status.NO_CONTENT_204);
            case Outcome.Refused<Removed> refused -> problems.send(response, refused.refusal());
        }
    }

    void delete(ServerRequest request, ServerResponse response) {
        ConversationId conversation = conversation(request.path().pathParameters().get("id"));
        switch (deletion.delete(caller(request), conversation)) {
            case Outcome.Done<DeleteConversationUseCase.Deleted> deleted ->
                    JsonAnswers.empty(response, Status.NO_CONTENT_204);
            case Outcome.Refused<DeleteConversationUseCase.Deleted> refused ->
                    problems.send(response, refused.refusal());
        }
    }

    /** {@code PUT /api/conversations/{id}/tools}: an AG-UI {@code Tool[]} (or {@code {tools: [...]}}). */
    void setTools(ServerRequest request, ServerResponse response) {
        ConversationId conversation = conversation(request.path().pathParameters().get("id"));
        JsonNode body = bodies.json(request);
        List<Tool> set;
        try {
            set = ToolsJson.read(body.isObject() ? body.path("tools") : body);
        } catch (IllegalArgumentException e) {
            throw new Bodies.BadRequest(e.getMessage());
        }
        answerTools(response, conversation, tools.setTools(caller(request), conversation, set));
    }

    /** {@code GET /api/conversations/{id}/tools}. */
    void tools(ServerRequest request, ServerResponse response) {
        ConversationId conversation = conversation(request.path().pathParameters().get("id"));
        answerTools(response, conversation, tools.tools(caller(request), conversation));
    }

    private void answerTools(ServerResponse response, ConversationId conversation, Outcome<List<Tool>> outcome) {
        switch (outcome) {
            case Outcome.Done<List<Tool>> done -> answers.send(response, Status.OK_200, g -> {
                g.writeStringField("conversation", conversation.value());
                g.writeFieldName("tools");
                ToolsJson.write(g, done.value());
            });
            case Outcome.Refused<List<Tool>> refused -> problems.send(response, refused.refusal());
        }
    }

    private Caller caller(ServerRequest request) {
        return serverKey.caller(request);
    }

    private static void memberFields(JsonGenerator g, UserId user, Role role) throws IOException {
        g.writeStartObject();
        g.writeStringField("user", user.value());
        g.writeStringField("role", role.wireName());
        g.writeEndObject();
    }

    static ConversationId conversation(String id) {
        if (!ConversationId.isValid(id)) {
            throw new Bodies.BadRequest("conversation ids are 1-128 characters of [A-Za-z0-9._:-]");
        }
        return new ConversationId(id);
    }

    static UserId user(String id) {
        if (!UserId.isValid(id)) {
            throw new Bodies.BadRequest("user ids are 1-128 characters of [A-Za-z0-9._:@|+-]");
        }
        return new UserId(id);
    }
}
