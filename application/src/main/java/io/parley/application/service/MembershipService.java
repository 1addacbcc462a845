package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

import io.parley.application.port.in.Caller;
import io.parley.application.port.in.DeleteConversationUseCase;
import io.parley.application.port.in.ListConversationsUseCase;
import io.parley.application.port.in.ManageMembersUseCase;
import io.parley.application.port.in.ManageToolsUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Membership;
import io.parley.application.port.out.ConversationStorePort.RoleChange;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.application.run.AssistantRuns;
import io.parley.application.run.RunSnapshot;
import io.parley.domain.LogLine;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;
import io.parley.domain.conversation.Tool;
import io.parley.domain.protocol.ErrorCode;

/**
 * Members and conversations managed over HTTP: roles granted, changed and revoked by the owner or the server
 * key, the members and a user's conversations paged, a conversation erased. Every change reaches the live
 * connections it concerns through the fan-out, on every node.
 */
public final class MembershipService implements ManageMembersUseCase, ListConversationsUseCase,
        DeleteConversationUseCase, ManageToolsUseCase {
    private static final System.Logger LOG = System.getLogger(MembershipService.class.getName());

    private final ServicePorts ports;
    private final IdentityPort identity;
    private final AssistantRuns runs;

    public MembershipService(ServicePorts ports, IdentityPort identity, AssistantRuns runs) {
        this.ports = ports;
        this.identity = identity;
        this.runs = runs;
    }

    @Override
    public Outcome<RoleSet> setRole(Caller caller, ConversationId conversation, UserId user, Role role) {
        return StoreCalls.guarded(() -> switch (authorized(caller, conversation, Role.OWNER)) {
            case Outcome.Refused<String> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<String> by -> switch (store().setRole(conversation, user, role,
                    caller instanceof Caller.ServerKey, NewMessage.timestamp(ports.clock()))) {
                case RoleChange.Changed changed -> {
                    if (changed.previous().filter(role::equals).isEmpty()) {
                        ports.fanout().membershipChanged(conversation, user, Optional.of(role));
                    }
                    log("member_role", conversation, user, by.value(), role.wireName());
                    yield Outcome.done(new RoleSet(changed.previous(), changed.created()));
                }
                case RoleChange.NoSuchConversation missing -> notFound(conversation);
            };
        });
    }

    @Override
    public Outcome<Removed> remove(Caller caller, ConversationId conversation, UserId user) {
        return StoreCalls.guarded(() -> switch (authorized(caller, conversation, Role.OWNER)) {
            case Outcome.Refused<String> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<String> by -> {
                Optional<Role> had = store().removeMember(conversation, user);
                if (had.isEmpty()) {
                    yield Outcome.refused(ErrorCode.NOT_FOUND, user + " is no member of conversation "
                            + conversation);
                }
                ports.fanout().membershipChanged(conversation, user, Optional.empty());
                log("member_removed", conversation, user, by.value(), had.get().wireName());
                yield Outcome.done(new Removed(had.get()));
            }
        });
    }

    @Override
    public Outcome<MembersPage> members(Caller caller, ConversationId conversation, Optional<UserId> after,
                                        int limit) {
        return StoreCalls.guarded(() -> switch (authorized(caller, conversation, Role.VIEWER)) {
            case Outcome.Refused<String> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<String> by when caller instanceof Caller.ServerKey
                    && store().find(conversation).isEmpty() -> notFound(conversation);
            case Outcome.Done<String> by -> {
                List<Member> read = store().members(conversation, after, Math.min(MessageRange.MAX_LIMIT,
                        limit + 1));
                List<Member> page = read.subList(0, Math.min(limit, read.size()));
                yield Outcome.done(new MembersPage(page, read.size() > limit ? Optional.of(page.getLast().user())
                        : Optional.empty()));
            }
        });
    }

    @Override
    public Outcome<ConversationsPage> conversations(Credentials credentials, Optional<ConversationId> after,
                                                    int limit) {
        if (!(identity.identify(credentials) instanceof IdentityPort.Identity.Known known)) {
            return Outcome.refused(ErrorCode.UNAUTHORIZED, "a user is needed to list conversations");
        }
        return StoreCalls.guarded(() -> {
            List<Membership> read = store().memberships(known.user(), after, Math.min(MessageRange.MAX_LIMIT,
                    limit + 1));
            List<Membership> page = read.subList(0, Math.min(limit, read.size()));
            return Outcome.done(new ConversationsPage(page, read.size() > limit
                    ? Optional.of(page.getLast().conversation()) : Optional.empty()));
        });
    }

    @Override
    public Outcome<Deleted> delete(Caller caller, ConversationId conversation) {
        return StoreCalls.guarded(() -> switch (authorized(caller, conversation, Role.OWNER)) {
            case Outcome.Refused<String> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<String> by -> {
                if (!store().delete(conversation)) {
                    yield notFound(conversation);
                }
                ports.states().forget(conversation);
                ports.tools().forget(conversation);
                ports.attachments().deleteConversation(conversation);
                ports.fanout().conversationDeleted(conversation);
                runs.snapshot(conversation).map(RunSnapshot::runId).ifPresent(runs::cancel);
                log("conversation_deleted", conversation, null, by.value(), null);
                yield Outcome.done(new Deleted(conversation));
            }
        });
    }

    @Override
    public Outcome<List<Tool>> setTools(Caller caller, ConversationId conversation, List<Tool> tools) {
        return StoreCalls.guarded(() -> switch (authorized(caller, conversation, Role.OWNER)) {
            case Outcome.Refused<String> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<String> by when store().find(conversation).isEmpty() -> notFound(conversation);
            case Outcome.Done<String> by -> {
                ports.tools().replace(conversation, tools);
                LOG.log(Level.INFO, () -> LogLine.event("conversation_tools").with("conversation", conversation)
                        .with("by", by.value()).with("tools", tools.size()).toString());
                yield Outcome.done(List.copyOf(tools));
            }
        });
    }

    @Override
    public Outcome<List<Tool>> tools(Caller caller, ConversationId conversation) {
        return StoreCalls.guarded(() -> switch (authorized(caller, conversation, Role.VIEWER)) {
            case Outcome.Refused<String> refused -> Outcome.refused(refused.refusal());
            case Outcome.Done<String> by when store().find(conversation).isEmpty() -> notFound(conversation);
            case Outcome.Done<String> by -> Outcome.done(ports.tools().tools(conversation));
        });
    }

    /**
     * Who the caller is ({@code server}, or the user's id) when they may act on {@code conversation} with at least
     * {@code needed}: the server key always, a user with that role; otherwise why not.
     */
    private Outcome<String> authorized(Caller caller, ConversationId conversation, Role needed) {
        return Callers.authorized(identity, store(), caller, conversation, needed);
    }

    private ConversationStorePort store() {
        return ports.store();
    }

    private static <T> Outcome<T> notFound(ConversationId conversation) {
        return Outcome.refused(ErrorCode.NOT_FOUND, "no conversation " + conversation);
    }

    private static void log(String event, ConversationId conversation, UserId user, String by, String role) {
        LOG.log(Level.INFO, () -> LogLine.event(event).with("conversation", conversation).with("user", user)
                .with("by", by).with("role", role).toString());
    }
}
