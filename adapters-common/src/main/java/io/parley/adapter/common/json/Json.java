package io.parley.adapter.common.json;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.adapter.common.attachment.AttachmentLinks;

/** The Jackson set-up of the wire format: strict on input (no duplicate keys, nothing after the object). */
public final class Json {
    private final ObjectMapper mapper;
    private final AttachmentLinks links;

    private Json(ObjectMapper mapper, AttachmentLinks links) {
        this.mapper = mapper;
        this.links = links;
    }

    /**
     * How many sets of Jackson's buffers (an 8 000-byte output buffer, a 4 000-char text buffer and their kin, about
     * 16 KiB a set) wait for reuse: enough for the threads that encode and parse at the same moment, few enough to
     * bound what is kept.
     */
    static final int RECYCLED_BUFFERS = 32;

    /**
     * A strict set-up; {@code maxNesting} bounds how deep client JSON may nest. Jackson's buffers are recycled
     * through one bounded pool shared by every thread, not per thread: with a virtual thread per connection (and
     * per drain) a thread-local pool would keep ~16 KiB alive per connection for its whole life, and no pool at
     * all allocates those buffers afresh for every frame encoded or parsed (pooling them took one sender to ten
     * members on the memory store from about 57 000 to 75 000-80 000 messages per second, docs/performance.md).
     */
    public static Json strict(int maxNesting) {
        JsonFactory factory = sharedBuffers()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNesting).build())
                .build();
        ObjectMapper mapper = new ObjectMapper(factory)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return new Json(mapper, null);
    }

    /**
     * A factory's builder whose buffers are recycled as {@link #strict}'s are, through a bounded pool of its own
     * shared by every thread: for any JSON encoded or parsed on virtual threads.
     */
    public static JsonFactoryBuilder sharedBuffers() {
        return new JsonFactoryBuilder().recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLED_BUFFERS));
    }

    /** This set-up, its event writers giving attachments links made by {@code links}. */
    public Json withLinks(AttachmentLinks links) {
        return new Json(mapper, links);
    }

    /** The links attachments get, if this set-up makes them. */
    public Optional<AttachmentLinks> links() {
        return Optional.ofNullable(links);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public JsonFactory factory() {
        return mapper.getFactory();
    }

    public EventWriter eventWriter() {
        return new EventWriter(factory(), links);
    }
}
