package io.parley.application.service;

import java.util.Optional;

import io.parley.application.delivery.LocalDelivery;
import io.parley.application.port.in.DeliverLocallyUseCase;
import io.parley.application.run.AssistantRuns;
import io.parley.application.run.RunMirrors;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * What other nodes send this one, as the cluster adapter hands it over: delivered to the members here as if it
 * happened here; the runs of other nodes are mirrored (a member who joins here mid-run is shown the run so far),
 * a run that ends there lets what waited here start, and a cancel reaches the run if it runs here.
 * <p>
 * It is made before the node's runs (the fan-out it is handed to is what the runs publish through), and
 * {@link #serve serves} them once they exist; until then no run of this node waits or runs.
 */
public final class NodeInbound implements DeliverLocallyUseCase {
    private final LocalDelivery local;
    private final RunMirrors mirrors;
    private volatile AssistantRuns runs;

    public NodeInbound(LocalDelivery local, RunMirrors mirrors) {
        this.local = local;
        this.mirrors = mirrors;
    }

    /** From now on, runs that end elsewhere and cancels reach {@code runs}, this node's runs. */
    public void serve(AssistantRuns served) {
        this.runs = served;
    }

    @Override
    public int deliverLocally(ConversationId conversation, ServerEvent event) {
        if (!(event instanceof ServerEvent.RunEvent run)) {
            return local.deliverLocally(conversation, event);
        }
        mirrors.observe(run);
        int delivered = local.deliverLocally(conversation, event);
        AssistantRuns here = runs;
        boolean ended = run.event() instanceof AgUiEvent.RunFinished || run.event() instanceof AgUiEvent.RunError;
        if (here != null && ended) {
            here.remoteRunEnded(conversation);
        }
        return delivered;
    }

    @Override
    public int deliverToUserLocally(UserId user, ServerEvent event) {
        return local.deliverToUserLocally(user, event);
    }

    @Override
    public int deliverToEveryoneLocally(ServerEvent event, Exclusions exclusions) {
        return local.deliverToEveryoneLocally(event, exclusions);
    }

    @Override
    public void membershipChangedLocally(ConversationId conversation, UserId user, Optional<Role> role) {
        local.membershipChangedLocally(conversation, user, role);
    }

    @Override
    public void conversationDeletedLocally(ConversationId conversation) {
        local.conversationDeletedLocally(conversation);
    }

    @Override
    public void cancelRunLocally(RunId run) {
        AssistantRuns here = runs;
        if (here != null) {
            here.cancel(run);
        }
    }

    @Override
    public void catchUpFromStore() {
        local.catchUpFromStore();
    }
}
