package io.parley.application.service;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.Subscription;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.application.port.in.SendMessageUseCase;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.run.AssistantRuns;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Tool;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/**
 * Sending a message from a connection: a member of the conversation, within the content bound; stored before the
 * {@code ack}, idempotent by its id, then pushed to every member; and, when it asks for one, an assistant's reply.
 * A send that resumes an interrupted run first stores its answers to the interrupts ({@link Resumption}).
 */
public final class SendService implements SendMessageUseCase {
    private final ConnectionRegistry registry;
    private final Posting posting;
    private final EventEncoderPort encoder;
    private final IdGeneratorPort ids;
    private final Clock clock;
    private final AssistantRuns runs;
    private final ConversationLimits limits;
    private final ConversationStorePort store;
    private final ServicePorts ports;

    public SendService(ConnectionRegistry registry, ServicePorts ports, AssistantRuns runs,
                       ConversationLimits limits) {
        this.registry = registry;
        this.ports = ports;
        this.posting = ports.posting();
        this.store = ports.store();
        this.encoder = ports.encoder();
        this.ids = ports.ids();
        this.clock = ports.clock();
        this.runs = runs;
        this.limits = limits;
    }

    @Override
    public Outcome<Reply> send(ConnectionId id, ClientRequest.Send request) {
        return switch (prepared(id, request)) {
            case Outcome.Refused<Prepared> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<Prepared> done -> StoreCalls.guarded(() -> {
                boolean interruptExpired = false;
                if (!request.resume().isEmpty() && !resent(request)) {
                    switch (Resumption.post(ports, limits.content(), request.conversation(),
                            done.value().message().sender(), request.resume(), runs.interruptTtl())) {
                        case Outcome.Refused<Boolean> refused -> {
                            return Outcome.refused(refused.refusal());
                        }
                        case Outcome.Done<Boolean> answered -> interruptExpired = answered.value();
                    }
                }
                return answered(request, done.value(), posting.post(done.value().message()), interruptExpired);
            });
        };
    }

    /**
     * Sends without waiting for the commit: the checks now, the append queued behind this connection's earlier
     * ones, the run and the answer once it is committed. A send that resumes an interrupted run is done at once.
     */
    @Override
    public CompletionStage<Outcome<Reply>> sendPipelined(ConnectionId id, ClientRequest.Send request) {
        if (!request.resume().isEmpty()) {
            return CompletableFuture.completedFuture(send(id, request));
        }
        return switch (prepared(id, request)) {
            case Outcome.Refused<Prepared> refused -> CompletableFuture.completedFuture(
                    Outcome.refused(refused.refusal()));
            case Outcome.Done<Prepared> done -> posting.postPipelined(done.value().message())
                    .handle((appended, failure) -> failure != null ? StoreCalls.failed(failure)
                            : StoreCalls.guarded(() -> answered(request, done.value(), appended, false)));
        };
    }

    /** The sender's subscription and the message, once the sender may post it; else the refusal. */
    private Outcome<Prepared> prepared(ConnectionId id, ClientRequest.Send request) {
        Subscription subscription;
        switch (Replies.poster(registry, id, request.conversation(), "send")) {
            case Outcome.Refused<Subscription> refused -> {
                return Outcome.refused(refused.refusal());
            }
            case Outcome.Done<Subscription> done -> subscription = done.value();
        }
        if (!limits.content().admits(request.content())) {
            return Outcome.refused(ErrorCode.TOO_LARGE, limits.content().refusal());
        }
        MessageId messageId = request.id() != null ? request.id() : ids.newMessageId();
        return Outcome.done(new Prepared(subscription, new NewMessage(request.conversation(), messageId,
                MessageRole.USER, subscription.connection().user(), request.content(), NewMessage.timestamp(clock),
                null)));
    }

    /** Whether this send was stored already (a resend: its answers to interrupts were stored with it). */
    private boolean resent(ClientRequest.Send request) {
        return request.id() != null && !store.storedIds(request.conversation(), List.of(request.id())).isEmpty();
    }

    private Outcome<Reply> answered(ClientRequest.Send request, Prepared prepared, Appended appended,
                                    boolean interruptExpired) {
        NewMessage message = prepared.message();
        Subscription subscription = prepared.subscription();
        MessageId messageId = message.id();
        return switch (appended) {
            case Appended.Stored stored -> {
                if (request.reply()) {
                    runs.requestReply(request.conversation(), message.sender(), Optional.empty(), Optional.empty(),
                            Tool.merged(subscription.tools(), request.tools()), interruptExpired);
                }
                yield ack(request, stored.message());
            }
            case Appended.AlreadyStored earlier -> Posting.sameMessage(earlier.message(), message)
                    ? ack(request, earlier.message())
                    : Outcome.refused(ErrorCode.CONFLICT, "message id " + messageId
                            + " was already used for another message");
            case Appended.NoSuchConversation gone ->
                    Outcome.refused(ErrorCode.NOT_FOUND, "conversation " + request.conversation()
                            + " no longer exists");
        };
    }

    private Outcome<Reply> ack(ClientRequest.Send request, Message stored) {
        return Replies.reply(encoder, new ServerEvent.Ack(request.ref(), stored.conversation(), stored.offset(),
                stored.id()));
    }

    /** A send checked: who sends it, and the message to store. */
    private record Prepared(Subscription subscription, NewMessage message) {
    }
}
