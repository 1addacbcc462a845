package io.parley.application.run;

import java.util.Optional;
import java.util.function.Function;

import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.JsonPatchPort;
import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.ConversationState;
import io.parley.domain.protocol.AgUiEvent;

/**
 * What an agent does to a conversation's shared state during its run: a snapshot replaces it, a delta patches the
 * state as it is now (a member's change meanwhile goes first; a conflict is tried again on the state after it);
 * each stored with its new version and given back as the AG-UI event the members get. A change that does not apply
 * or outgrows the bound is the agent's error ({@link Outcome.Broken}).
 */
public final class RunState {
    private static final int ATTEMPTS = 3;

    private final ConversationStatePort states;
    private final JsonPatchPort patches;
    private final ContentLimit bound;

    /** @param bound the largest state a conversation may hold */
    public RunState(ConversationStatePort states, JsonPatchPort patches, ContentLimit bound) {
        this.states = states;
        this.patches = patches;
        this.bound = bound;
    }

    /** The state {@code conversation} has now, if any. */
    Optional<ConversationState> current(ConversationId conversation) {
        ConversationState state = states.state(conversation);
        return state.exists() ? Optional.of(state) : Optional.empty();
    }

    /** State in this node's memory, patched by nobody: for runs whose agents keep no state. */
    static RunState inMemory() {
        return new RunState(new LocalConversationStates(),
                (document, patch) -> new JsonPatchPort.Patched.Refused("no JSON Patch here"),
                new ContentLimit(ConversationState.DEFAULT_MAX_BYTES));
    }

    /** What a change came to: the event to send, or why the agent's change was refused. */
    sealed interface Outcome {
        record Changed(AgUiEvent event) implements Outcome {
        }

        record Broken(String reason) implements Outcome {
        }
    }

    Outcome snapshot(ConversationId conversation, String snapshot) {
        return change(conversation, current -> new JsonPatchPort.Patched.Applied(snapshot), next ->
                new AgUiEvent.StateSnapshot(next.json(), next.version()));
    }

    Outcome delta(ConversationId conversation, String patch) {
        return change(conversation, current -> patches.apply(current.json(), patch), next ->
                new AgUiEvent.StateDelta(patch, next.version()));
    }

    private Outcome change(ConversationId conversation, Function<ConversationState, JsonPatchPort.Patched> apply,
                           Function<ConversationState, AgUiEvent> event) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ConversationState current = states.state(conversation);
            switch (apply.apply(current)) {
                case JsonPatchPort.Patched.Refused refused -> {
                    return new Outcome.Broken("the agent's state change does not apply: " + refused.reason());
                }
                case JsonPatchPort.Patched.Applied applied -> {
                    if (!bound.admits(applied.document())) {
                        return new Outcome.Broken("the agent's state would grow past " + bound.maxBytes()
                                + " bytes");
                    }
                    ConversationState next = current.next(applied.document());
                    if (states.replace(next)) {
                        return new Outcome.Changed(event.apply(next));
                    }
                }
            }
        }
        return new Outcome.Broken("the state kept changing under the agent's change");
    }
}
