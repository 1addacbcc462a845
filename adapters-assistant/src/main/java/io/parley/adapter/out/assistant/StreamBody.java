package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.util.function.Consumer;

import io.helidon.webclient.api.HttpClientResponse;

/**
 * How the body of an upstream's 2xx answer becomes {@link StreamEvent}s, in the upstream's protocol (Chat
 * Completions {@link Chunks}, AG-UI {@link AguiBody}); read on the exchange's reader thread.
 */
interface StreamBody {

    /** Reads the body to its end, handing each event to {@code events}, the last one for the end of the body. */
    void read(HttpClientResponse answer, Consumer<StreamEvent> events) throws IOException;
}
