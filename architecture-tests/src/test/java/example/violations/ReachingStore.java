package example.violations;

import io.parley.adapter.out.persistence.memory.InMemoryConversationStore;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.service.ConversationLimits;
import io.parley.bootstrap.Parley;

/**
 * An application's store that breaks every embedded-adapter rule: it reaches into the core's settings, builds on
 * Parley's own in-memory store and starts a gateway. {@code EmbeddedAdapterRulesTest} shows each rule catching it.
 */
public abstract class ReachingStore implements ConversationStorePort {
    private final ConversationStorePort inner = new InMemoryConversationStore();
    private final long pageBytes = ConversationLimits.defaults().maxPageBytes();

    public Parley startAnother() {
        return Parley.start(null);
    }

    public long pageBytes() {
        return pageBytes;
    }
}
