package io.parley.adapter.in.http;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.parley.adapter.common.web.ProblemResponses;
import io.parley.application.port.in.EraseUserUseCase;
import io.parley.application.port.in.EraseUserUseCase.Erased;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.ReviseMessageUseCase;
import io.parley.application.port.in.ReviseMessageUseCase.Revised;
import io.parley.application.port.out.ConversationStorePort.Promotion;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.NewMessage;

/**
 * Changing what was said: {@code PATCH /api/conversations/{id}/messages/{message}} {content} (an edit) and
 * {@code DELETE} on the same path (the message's author, an owner, or the server key), each answered 200
 * {conversation, id, offset (of the change)}; and {@code DELETE /api/users/{user}} (server key): the user erased,
 * answered 200 with what was removed.
 */
final class RevisionsResource {
    private final ReviseMessageUseCase revise;
    private final EraseUserUseCase erase;
    private final ServerKeyGuard serverKey;
    private final Bodies bodies;
    private final JsonAnswers answers;
    private final ProblemResponses problems;

    RevisionsResource(HttpUseCases useCases, ServerKeyGuard serverKey, Bodies bodies, JsonAnswers answers,
                      ProblemResponses problems) {
        this.revise = useCases.revise();
        this.erase = useCases.erase();
        this.serverKey = serverKey;
        this.bodies = bodies;
        this.answers = answers;
        this.problems = problems;
    }

    void edit(ServerRequest request, ServerResponse response) {
        JsonNode body = bodies.json(request);
        String content = Bodies.text(body, "content").filter(NewMessage::isValidContent)
                .orElseThrow(() -> new Bodies.BadRequest("content must be a non-empty string without NUL characters"));
        answer(response, revise.revise(serverKey.caller(request), conversation(request), message(request),
                Optional.of(content)));
    }

    void delete(ServerRequest request, ServerResponse response) {
        answer(response, revise.revise(serverKey.caller(request), conversation(request), message(request),
                Optional.empty()));
    }

    void eraseUser(ServerRequest request, ServerResponse response) {
        String raw = request.path().pathParameters().get("user");
        if (!UserId.isValid(raw)) {
            throw new Bodies.BadRequest("user ids are 1-128 characters of [A-Za-z0-9._:@|+-]");
        }
        switch (erase.erase(new UserId(raw))) {
            case Outcome.Done<Erased> done -> answers.send(response, Status.OK_200, g -> {
                Erased erased = done.value();
                g.writeStringField("user", erased.user().value());
                g.writeNumberField("messages_deleted", erased.messages());
                g.writeNumberField("attachments_deleted", erased.attachments());
                g.writeArrayFieldStart("conversations_left");
                for (ConversationId left : erased.left()) {
                    g.writeString(left.value());
                }
                g.writeEndArray();
                g.writeArrayFieldStart("conversations_deleted");
                for (ConversationId gone : erased.deleted()) {
                    g.writeString(gone.value());
                }
                g.writeEndArray();
                g.writeArrayFieldStart("owners_promoted");
                for (Promotion promotion : erased.promoted()) {
                    g.writeStartObject();
                    g.writeStringField("conversation", promotion.conversation().value());
                    g.writeStringField("user", promotion.owner().value());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeNumberField("connections_closed", erased.connections());
            });
            case Outcome.Refused<Erased> refused -> problems.send(response, refused.refusal());
        }
    }

    private void answer(ServerResponse response, Outcome<Revised> outcome) {
        switch (outcome) {
            case Outcome.Done<Revised> done -> answers.send(response, Status.OK_200, g -> {
                g.writeStringField("conversation", done.value().conversation().value());
                g.writeStringField("id", done.value().message().value());
                g.writeNumberField("offset", done.value().offset());
            });
            case Outcome.Refused<Revised> refused -> problems.send(response, refused.refusal());
        }
    }

    private static ConversationId conversation(ServerRequest request) {
        return Bodies.conversation(request);
    }

    private static MessageId message(ServerRequest request) {
        String id = request.path().pathParameters().get("message");
        if (!MessageId.isValid(id)) {
            throw new Bodies.BadRequest("message ids are 1-64 characters of [A-Za-z0-9._:-]");
        }
        return new MessageId(id);
    }
}
