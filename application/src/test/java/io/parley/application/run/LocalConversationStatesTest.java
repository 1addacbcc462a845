package io.parley.application.run;

import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.ConversationStatePortContract;

/** The state contract on this node's memory. */
class LocalConversationStatesTest extends ConversationStatePortContract {
    private final LocalConversationStates states = new LocalConversationStates();

    @Override
    protected ConversationStatePort states() {
        return states;
    }
}
