package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.util.Optional;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.Subscription;
import io.parley.application.port.in.Caller;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.application.port.in.ReviseMessageUseCase;
import io.parley.application.port.out.ConversationStorePort.Amended;
import io.parley.application.port.out.ConversationStorePort.Amendment;
import io.parley.application.port.out.IdentityPort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/**
 * Edits and deletes: the store records each as an entry at the conversation's next offset and updates the message
 * to what it now is; the entry goes to every member like a message (on every node); a deleted message's attachment
 * leaves the attachment store. Members change their own messages, owners anyone's, the server key anyone's.
 */
public final class RevisionService implements ReviseMessageUseCase {
    private static final System.Logger LOG = System.getLogger(RevisionService.class.getName());
    private static final UserId SERVER = new UserId("server");

    private final ConnectionRegistry registry;
    private final ServicePorts ports;
    private final IdentityPort identity;
    private final ContentLimit content;

    public RevisionService(ConnectionRegistry registry, ServicePorts ports, IdentityPort identity,
                           ContentLimit content) {
        this.registry = registry;
        this.ports = ports;
        this.identity = identity;
        this.content = content;
    }

    @Override
    public Outcome<Reply> edit(ConnectionId connection, ClientRequest.Edit request) {
        if (!content.admits(request.content())) {
            return Outcome.refused(ErrorCode.TOO_LARGE, content.refusal());
        }
        return fromConnection(connection, request.ref(), request.conversation(), request.id(),
                Optional.of(request.content()), "edit");
    }

    @Override
    public Outcome<Reply> delete(ConnectionId connection, ClientRequest.Delete request) {
        return fromConnection(connection, request.ref(), request.conversation(), request.id(), Optional.empty(),
                "delete");
    }

    private Outcome<Reply> fromConnection(ConnectionId connection, String ref, ConversationId conversation,
                                          MessageId message, Optional<String> text, String what) {
        Subscription subscription;
        switch (Replies.poster(registry, connection, conversation, what + " messages")) {
            case Outcome.Refused<Subscription> refused -> {
                return Outcome.refused(refused.refusal());
            }
            case Outcome.Done<Subscription> done -> subscription = done.value();
        }
        Subscription member = subscription;
        return switch (StoreCalls.guarded(() -> amend(conversation, message, member.connection().user(), text,
                member.role() == Role.OWNER))) {
            case Outcome.Refused<Revised> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<Revised> done -> Replies.reply(ports.encoder(), new ServerEvent.Ack(ref, conversation,
                    done.value().offset(), message));
        };
    }

    @Override
    public Outcome<Revised> revise(Caller caller, ConversationId conversation, MessageId message,
                                   Optional<String> text) {
        if (text.isPresent() && !content.admits(text.get())) {
            return Outcome.refused(ErrorCode.TOO_LARGE, content.refusal());
        }
        return StoreCalls.guarded(() -> switch (Callers.authorized(identity, ports.store(), caller, conversation,
                Role.VIEWER)) {
            case Outcome.Refused<String> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<String> by when caller instanceof Caller.ServerKey ->
                    amend(conversation, message, SERVER, text, true);
            case Outcome.Done<String> by -> {
                UserId user = new UserId(by.value());
                Optional<Role> role = ports.store().roleOf(conversation, user);
                if (role.isEmpty() || !role.get().maySend()) {
                    yield Outcome.refused(ErrorCode.FORBIDDEN, "a " + role.map(Role::wireName).orElse("non-member")
                            + " may not change messages");
                }
                yield amend(conversation, message, user, text, role.get() == Role.OWNER);
            }
        });
    }

    private Outcome<Revised> amend(ConversationId conversation, MessageId message, UserId by, Optional<String> text,
                                   boolean anyone) {
        Amended amended;
        try {
            amended = ports.store().amend(new Amendment(conversation, message,
                    new MessageId((text.isPresent() ? "edited-" : "deleted-") + ports.ids().newMessageId().value()),
                    by, text, anyone, NewMessage.timestamp(ports.clock())));
        } catch (UnsupportedOperationException e) {
            return Outcome.refused(ErrorCode.UNAVAILABLE, "this gateway's store keeps no edits or deletes");
        }
        return switch (amended) {
            case Amended.Done done -> {
                done.before().attached().ifPresent(a -> {
                    if (text.isEmpty()) {
                        ports.attachments().delete(a.id());
                    }
                });
                ports.fanout().publish(conversation, new ServerEvent.MessagePosted(done.entry()));
                LOG.log(Level.INFO, () -> LogLine.event(text.isPresent() ? "message_edited" : "message_deleted")
                        .with("conversation", conversation).with("message", message).with("by", by)
                        .with("offset", done.entry().offset()).toString());
                yield Outcome.done(new Revised(conversation, message, done.entry().offset()));
            }
            case Amended.NoSuchMessage none -> Outcome.refused(ErrorCode.NOT_FOUND, "no message " + message
                    + " shown in conversation " + conversation);
            case Amended.NotYours other -> Outcome.refused(ErrorCode.FORBIDDEN, "message " + message + " is "
                    + other.sender() + "'s: only its author or an owner may change it");
            case Amended.NoSuchConversation gone -> Outcome.refused(ErrorCode.NOT_FOUND, "no conversation "
                    + conversation);
        };
    }
}
