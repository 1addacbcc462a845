package com.example.chat;

import io.parley.application.port.out.ConversationStoreContract;
import io.parley.application.port.out.ConversationStorePort;

/** The application's store keeps Parley's store contract (from the {@code parley-application} test jar). */
class SortedMapConversationStoreContractTest extends ConversationStoreContract {

    @Override
    protected ConversationStorePort newStore() {
        return new SortedMapConversationStore();
    }
}
