package io.parley.adapter.in.http;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.parley.adapter.common.json.EventWriter;
import io.parley.adapter.common.web.ProblemResponses;
import io.parley.adapter.common.web.RequestCredentials;
import io.parley.application.port.in.HistoryPage;
import io.parley.application.port.in.LoadHistoryUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.PublishMessageUseCase;
import io.parley.application.port.in.PublishMessageUseCase.Published;
import io.parley.application.port.in.RelayEventsUseCase;
import io.parley.application.port.in.RelayEventsUseCase.Relayed;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.Protocol;

/**
 * {@code /api/conversations/{id}/…}: history pages for members; posting messages and relaying AG-UI events for
 * backend services with the server key. Its three routes share the conversation path and its checks, and its
 * JSON answers, so they stay together, a little over 200 lines.
 */
final class ConversationsResource {
    private final LoadHistoryUseCase history;
    private final PublishMessageUseCase publish;
    private final RelayEventsUseCase relay;
    private final Bodies bodies;
    private final JsonAnswers answers;
    private final ProblemResponses problems;
    private final EventWriter writer;

    ConversationsResource(HttpUseCases useCases, Bodies bodies, JsonAnswers answers, ProblemResponses problems,
                          EventWriter writer) {
        this.writer = writer;
        this.history = useCases.history();
        this.publish = useCases.publish();
        this.relay = useCases.relay();
        this.bodies = bodies;
        this.answers = answers;
        this.problems = problems;
    }

    void messages(ServerRequest request, ServerResponse response) {
        ConversationId conversation = conversation(request);
        MessageRange range = range(request);
        switch (history.page(RequestCredentials.of(request), conversation, range)) {
            case Outcome.Done<HistoryPage> page -> answers.send(response, Status.OK_200, page(conversation, page.value()));
            case Outcome.Refused<HistoryPage> refused -> problems.send(response, refused.refusal());
        }
    }

    void post(ServerRequest request, ServerResponse response) {
        ConversationId conversation = conversation(request);
        JsonNode body = bodies.json(request);
        String content = Bodies.text(body, "content").filter(NewMessage::isValidContent)
                .orElseThrow(() -> new Bodies.BadRequest("content must be a non-empty string without NUL characters"));
        MessageRole role = Bodies.text(body, "role").map(r -> MessageRole.fromWireName(r)
                .orElseThrow(() -> new Bodies.BadRequest("role must be user, assistant or system")))
                .orElse(MessageRole.SYSTEM);
        UserId sender = Bodies.text(body, "sender").map(s -> {
            if (!UserId.isValid(s)) {
                throw new Bodies.BadRequest("sender must be 1-128 characters of [A-Za-z0-9._:@|+-]");
            }
            return new UserId(s);
        }).orElse(new UserId("server"));
        MessageId id = Bodies.text(body, "id").map(i -> {
            if (!MessageId.isValid(i)) {
                throw new Bodies.BadRequest("id must be 1-64 characters of [A-Za-z0-9._:-]");
            }
            return new MessageId(i);
        }).orElse(null);
        switch (publish.publish(new PublishMessageUseCase.Publish(conversation, id, role, sender, content))) {
            case Outcome.Done<Published> done -> answers.send(response,
                    done.value().repeated() ? Status.OK_200 : Status.CREATED_201, posted(done.value().message()));
            case Outcome.Refused<Published> refused -> problems.send(response, refused.refusal());
        }
    }

    void events(ServerRequest request, ServerResponse response) {
        ConversationId conversation = conversation(request);
        JsonNode body = bodies.json(request);
        List<String> events = Bodies.agUiEvents(body);
        switch (relay.relay(conversation, events)) {
            case Outcome.Done<Relayed> relayed -> answers.send(response, Status.ACCEPTED_202,
                    g -> g.writeNumberField("relayed", relayed.value().events()));
            case Outcome.Refused<Relayed> refused -> problems.send(response, refused.refusal());
        }
    }

    private static ConversationId conversation(ServerRequest request) {
        return Bodies.conversation(request);
    }

    /** The page asked for: {@code after=0} is the start, no cursor at all the newest page. */
    private static MessageRange range(ServerRequest request) {
        OptionalLong after = Bodies.offset(request, "after");
        OptionalLong before = Bodies.offset(request, "before");
        long limit = Bodies.offset(request, "limit").orElse(Protocol.HISTORY_DEFAULT_LIMIT);
        if (limit < 1 || limit > Protocol.HISTORY_MAX_LIMIT) {
            throw new Bodies.BadRequest("limit must be 1.." + Protocol.HISTORY_MAX_LIMIT);
        }
        try {
            return MessageRange.requested(after, before, (int) limit);
        } catch (IllegalArgumentException e) {
            throw new Bodies.BadRequest(e.getMessage());
        }
    }

    private JsonAnswers.Fields page(ConversationId conversation, HistoryPage page) {
        return g -> {
            g.writeStringField("conversation", conversation.value());
            g.writeArrayFieldStart("messages");
            for (Message message : page.messages()) {
                writer.writeMessage(g, message);
            }
            g.writeEndArray();
            Optional<String> next = page.next().map(range -> "/api/conversations/" + conversation.value()
                    + "/messages?" + cursor(range) + "&limit=" + range.limit());
            if (next.isPresent()) {
                g.writeStringField("next", next.get());
            } else {
                g.writeNullField("next");
            }
            g.writeBooleanField("has_more", next.isPresent());
        };
    }

    /** The query that asks for {@code range}, as {@link #range} reads it. */
    private static String cursor(MessageRange range) {
        if (range.fromNewest()) {
            return "before=" + range.before();
        }
        return "after=" + range.after() + (range.before() == 0 ? "" : "&before=" + range.before());
    }

    private static JsonAnswers.Fields posted(Message message) {
        return g -> {
            g.writeStringField("conversation", message.conversation().value());
            g.writeNumberField("offset", message.offset());
            g.writeStringField("id", message.id().value());
        };
    }
}
