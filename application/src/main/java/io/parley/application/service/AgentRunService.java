package io.parley.application.service;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.parley.application.port.in.RunAgentUseCase;
import io.parley.application.port.out.ConversationFanoutPort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.RateLimitPort;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.NewMessage;

/**
 * AG-UI runs for HTTP clients: the caller's new messages go into the conversation like any member's, and the
 * assistant's run is the same run every member sees. The input is checked whole before anything is stored: every
 * message within the content bound, at most {@link ConversationLimits#maxNewMessages()} not stored yet.
 */
public final class AgentRunService implements RunAgentUseCase {
    /** How many ids one look-up of already stored messages asks about. */
    private static final int LOOKUP_CHUNK = 500;

    private final IdentityPort identity;
    private final ConversationStorePort store;
    private final AssistantRuns runs;
    private final Clock clock;
    private final ConversationLimits limits;
    private final Posting posting;
    private final Enrolling enrolling;

    public AgentRunService(IdentityPort identity, ConversationStorePort store, ConversationFanoutPort fanout,
                           AssistantRuns runs, Clock clock, JoinPolicy joinPolicy, Traffic traffic,
                           RateLimitPort rateLimits, ConversationLimits limits) {
        this.identity = identity;
        this.store = store;
        this.runs = runs;
        this.clock = clock;
        this.limits = limits;
        this.posting = new Posting(store, fanout, traffic);
        this.enrolling = new Enrolling(store, rateLimits, limits.newConversations(), joinPolicy, clock);
    }

    @Override
    public RunAgentOutcome run(RunAgent command, RunAgentUseCase.Observer observer) {
        if (!(identity.identify(command.credentials()) instanceof IdentityPort.Identity.Known known)) {
            return new RunAgentOutcome.Unauthenticated("a user is needed to run the assistant");
        }
        if (command.messages().stream().anyMatch(m -> !limits.content().admits(m.content()))) {
            return new RunAgentOutcome.TooLarge(limits.content().refusal());
        }
        switch (enrolling.enroll(command.conversation(), known.user())) {
            case Enrolling.Admittance.Member member when member.role().maySend() -> {
            }
            case Enrolling.Admittance.Member member -> {
                return new RunAgentOutcome.Forbidden("a " + member.role().wireName() + " may not post in "
                        + command.conversation());
            }
            case Enrolling.Admittance.NotAdmitted refused -> {
                return new RunAgentOutcome.Forbidden("not allowed to post in " + command.conversation());
            }
            case Enrolling.Admittance.CreationLimited limited -> {
                return new RunAgentOutcome.CreationLimited("at most " + limited.perMinute()
                        + " new conversations per minute", limited.retryAfter());
            }
        }
        List<InputMessage> fresh = unstored(command);
        if (fresh.size() > limits.maxNewMessages()) {
            return new RunAgentOutcome.TooLarge(fresh.size() + " messages are new to the conversation; one request "
                    + "may add at most " + limits.maxNewMessages());
        }
        for (InputMessage input : fresh) {
            posting.post(new NewMessage(command.conversation(), input.id(), MessageRole.USER, known.user(),
                    input.content(), Posting.now(clock), null));
        }
        return new RunAgentOutcome.Started(runs.requestReply(command.conversation(), Optional.of(observer),
                command.runId()));
    }

    @Override
    public void cancel(String runId) {
        runs.cancel(runId);
    }

    /** The input's messages the conversation does not hold yet, each once, in their order. */
    private List<InputMessage> unstored(RunAgent command) {
        Map<MessageId, InputMessage> byId = new LinkedHashMap<>();
        command.messages().forEach(m -> byId.putIfAbsent(m.id(), m));
        List<MessageId> ids = List.copyOf(byId.keySet());
        for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
            store.storedIds(command.conversation(), ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK)))
                    .forEach(byId::remove);
        }
        return List.copyOf(byId.values());
    }
}
