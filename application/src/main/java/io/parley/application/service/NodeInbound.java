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
 */
public final class NodeInbound implements DeliverLocallyUseCase {
    private final LocalDelivery local;
    private final AssistantRuns runs;
    private final RunMirrors mirrors;

    public NodeInbound(LocalDelivery local, AssistantRuns runs, RunMirrors mirrors) {
        this.local = local;
        this.runs = runs;
        this.mirrors = mirrors;
    }

    @Override
    public int deliverLocally(ConversationId conversation, ServerEvent event) {
        if (!(event instanceof ServerEvent.RunEvent run)) {
            return local.deliverLocally(conversation, event);
        }
        mirrors.observe(run);
        int delivered = local.deliverLocally(conversation, event);
        if (run.event() instanceof AgUiEvent.RunFinished || run.event() instanceof AgUiEvent.RunError) {
            runs.remoteRunEnded(conversation);
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
        runs.cancel(run);
    }

    @Override
    public void catchUpFromStore() {
        local.catchUpFromStore();
    }
}
