package io.parley.application.service;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.Subscription;
import io.parley.application.port.in.AnswerToolCallUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.run.AssistantRuns;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Refusal;
import io.parley.domain.protocol.ServerEvent;

/**
 * A front end's result of a tool call, from a connection: checked against the calls that await one
 * ({@link ToolCallLedger}), stored as a {@code tool} message, pushed to every member, and, once every call of the
 * assistant's reply has its result, the assistant goes on (with the tools the connection's join offered). Results
 * for one conversation are taken one at a time on this node, so one call is never answered twice.
 */
public final class ToolResultService implements AnswerToolCallUseCase {
    private static final int STRIPES = 64;

    private final ConnectionRegistry registry;
    private final Posting posting;
    private final ConversationStorePort store;
    private final EventEncoderPort encoder;
    private final Clock clock;
    private final AssistantRuns runs;
    private final ConversationLimits limits;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public ToolResultService(ConnectionRegistry registry, ServicePorts ports, AssistantRuns runs,
                             ConversationLimits limits) {
        this.registry = registry;
        this.posting = ports.posting();
        this.store = ports.store();
        this.encoder = ports.encoder();
        this.clock = ports.clock();
        this.runs = runs;
        this.limits = limits;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public Outcome<Reply> answer(ConnectionId id, ClientRequest.ToolResult request) {
        Subscription subscription;
        switch (Replies.poster(registry, id, request.conversation(), "answer tool calls")) {
            case Outcome.Refused<Subscription> refused -> {
                return Outcome.refused(refused.refusal());
            }
            case Outcome.Done<Subscription> done -> subscription = done.value();
        }
        if (!request.content().isEmpty() && !limits.content().admits(request.content())) {
            return Outcome.refused(ErrorCode.TOO_LARGE, limits.content().refusal());
        }
        ReentrantLock lock = stripes[Math.floorMod(request.conversation().hashCode(), STRIPES)];
        lock.lock();
        try {
            return StoreCalls.guarded(() -> store(subscription, request));
        } finally {
            lock.unlock();
        }
    }

    private Outcome<Reply> store(Subscription subscription, ClientRequest.ToolResult request) {
        ConversationId conversation = request.conversation();
        ToolCallLedger ledger = ToolCallLedger.of(store, conversation);
        MessageId messageId = request.id() != null ? request.id() : MessageId.forToolResult(request.toolCallId());
        NewMessage result = new NewMessage(conversation, messageId, MessageRole.TOOL,
                subscription.connection().user(), request.content(), NewMessage.timestamp(clock), null,
                AgentParts.result(request.toolCallId()));
        Optional<Refusal> refusal = ledger.answeredBy(request.toolCallId(), messageId) ? Optional.empty()
                : ledger.unanswerable(request.toolCallId(), conversation);
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        return switch (posting.post(result)) {
            case Appended.Stored stored -> {
                ledger.answer(request.toolCallId(), messageId);
                if (request.reply() && ledger.replyComplete(request.toolCallId())) {
                    runs.requestReply(conversation, result.sender(), Optional.empty(), Optional.empty(),
                            subscription.tools());
                }
                yield Replies.reply(encoder, new ServerEvent.Ack(request.ref(), conversation,
                        stored.message().offset(), stored.message().id()));
            }
            case Appended.AlreadyStored earlier -> Posting.sameMessage(earlier.message(), result)
                    ? Replies.reply(encoder, new ServerEvent.Ack(request.ref(), conversation,
                            earlier.message().offset(), earlier.message().id()))
                    : Outcome.refused(ErrorCode.CONFLICT, ledger.answered(request.toolCallId())
                            ? "tool call " + request.toolCallId() + " was answered already"
                            : "message id " + messageId + " was already used for another message");
            case Appended.NoSuchConversation gone -> Outcome.refused(ErrorCode.NOT_FOUND, "conversation "
                    + conversation + " no longer exists");
        };
    }
}
