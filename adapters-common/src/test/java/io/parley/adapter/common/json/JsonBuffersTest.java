package io.parley.adapter.common.json;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.RecyclerPool;
import org.junit.jupiter.api.Test;

import io.parley.domain.protocol.ServerEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Jackson's buffers are shared by the threads that come and go (a virtual thread per drain), up to a bound. */
class JsonBuffersTest {
    private final Json json = Json.strict(32);
    private final RecyclerPool<?> pool = json.factory()._getRecyclerPool();

    @Test
    void theNextThreadReusesTheBuffersTheLastOneGaveBack() throws Exception {
        EventWriter writer = json.eventWriter();
        AtomicReference<String> last = new AtomicReference<>();
        for (int i = 0; i < 50; i++) {
            Thread.ofVirtual().start(() -> last.set(new String(writer.utf8(new ServerEvent.Ping())))).join();
            assertEquals(1, pool.pooledCount(), "one set of buffers, whichever thread used it last");
        }
        assertEquals("{\"type\":\"ping\"}", last.get());
    }

    @Test
    void keepsNoMoreSetsThanItsBoundWhenManyAreInUseAtOnce() throws Exception {
        List<JsonParser> open = new ArrayList<>();
        for (int i = 0; i < Json.RECYCLED_BUFFERS * 2; i++) {
            open.add(json.factory().createParser("{\"type\":\"ping\"}"));
        }
        for (JsonParser parser : open) {
            parser.close();
        }
        assertEquals(Json.RECYCLED_BUFFERS, pool.pooledCount());
    }
}
