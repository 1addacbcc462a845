package io.parley.application.run;

import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.ConversationToolsPortContract;

/** The tools contract on this node's memory. */
class LocalConversationToolsTest extends ConversationToolsPortContract {
    private final LocalConversationTools tools = new LocalConversationTools();

    @Override
    protected ConversationToolsPort tools() {
        return tools;
    }
}
