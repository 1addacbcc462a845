package io.parley.application.service;

import java.time.Clock;
import java.util.Optional;

import io.parley.application.port.in.RunAgentUseCase;
import io.parley.application.port.out.ConversationFanoutPort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;

/**
 * AG-UI runs for HTTP clients: the caller's new messages go into the conversation like any member's, and the
 * assistant's run is the same run every member sees.
 */
public final class AgentRunService implements RunAgentUseCase {
    private final IdentityPort identity;
    private final ConversationStorePort store;
    private final AssistantRuns runs;
    private final Clock clock;
    private final JoinPolicy joinPolicy;
    private final Posting posting;

    public AgentRunService(IdentityPort identity, ConversationStorePort store, ConversationFanoutPort fanout,
                           AssistantRuns runs, Clock clock, JoinPolicy joinPolicy, Traffic traffic) {
        this.identity = identity;
        this.store = store;
        this.runs = runs;
        this.clock = clock;
        this.joinPolicy = joinPolicy;
        this.posting = new Posting(store, fanout, traffic);
    }

    @Override
    public RunAgentOutcome run(RunAgent command, RunAgentUseCase.Observer observer) {
        if (!(identity.identify(command.credentials()) instanceof IdentityPort.Identity.Known known)) {
            return new RunAgentOutcome.Unauthenticated("a user is needed to run the assistant");
        }
        try {
            Enrollment enrollment = store.enroll(command.conversation(), known.user(), joinPolicy.admitNonMembersAs(),
                    Posting.now(clock));
            if (!(enrollment instanceof Enrollment.Enrolled enrolled) || !enrolled.role().maySend()) {
                return new RunAgentOutcome.Forbidden("not allowed to post in " + command.conversation());
            }
            for (InputMessage input : command.messages()) {
                posting.post(new NewMessage(command.conversation(), input.id(), MessageRole.USER, known.user(),
                        input.content(), Posting.now(clock), null));
            }
        } catch (StoreUnavailableException e) {
            return new RunAgentOutcome.Unavailable(e.retryAfter());
        }
        return new RunAgentOutcome.Started(runs.requestReply(command.conversation(), Optional.of(observer),
                command.runId()));
    }

    @Override
    public void cancel(String runId) {
        runs.cancel(runId);
    }
}
