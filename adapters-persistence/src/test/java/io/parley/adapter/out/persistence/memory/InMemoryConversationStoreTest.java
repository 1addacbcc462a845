package io.parley.adapter.out.persistence.memory;

import io.parley.application.port.out.ConversationStoreContract;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.RevisionContract;

/** The store contract, in memory. */
class InMemoryConversationStoreTest extends ConversationStoreContract implements RevisionContract {

    @Override
    protected ConversationStorePort newStore() {
        return new InMemoryConversationStore();
    }
}
