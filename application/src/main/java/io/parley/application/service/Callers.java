package io.parley.application.service;

import java.util.Optional;

import io.parley.application.port.in.Caller;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.IdentityPort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.ErrorCode;

/** Whether an HTTP caller may act on a conversation: the server key always, a user by their role there. */
final class Callers {
    private Callers() {
    }

    /**
     * Done with who acts ({@code server} or the user's name) when {@code caller} has the role {@code needed}
     * ({@link Role#OWNER}: may manage; else: may read); else {@code unauthorized}, {@code not_found} or
     * {@code forbidden}.
     */
    static Outcome<String> authorized(IdentityPort identity, ConversationStorePort store, Caller caller,
                                      ConversationId conversation, Role needed) {
        if (!(caller instanceof Caller.User user)) {
            return Outcome.done("server");
        }
        if (!(identity.identify(user.credentials()) instanceof IdentityPort.Identity.Known known)) {
            return Outcome.refused(ErrorCode.UNAUTHORIZED, "a user or the server key is needed");
        }
        Optional<Role> role = store.roleOf(conversation, known.user());
        if (role.isEmpty()) {
            return store.find(conversation).isEmpty()
                    ? Outcome.refused(ErrorCode.NOT_FOUND, "no conversation " + conversation)
                    : Outcome.refused(ErrorCode.FORBIDDEN, "not a member of conversation " + conversation);
        }
        boolean enough = needed == Role.OWNER ? role.get().mayManage() : role.get().mayRead();
        return enough ? Outcome.done(known.user().value()) : Outcome.refused(ErrorCode.FORBIDDEN,
                "only an owner of conversation " + conversation + " may do this");
    }
}
