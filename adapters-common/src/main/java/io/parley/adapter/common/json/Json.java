package io.parley.adapter.common.json;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
     * A strict set-up; {@code maxNesting} bounds how deep client JSON may nest. Jackson's thread-local buffer
     * recycling is off: with a virtual thread per connection it would keep ~16 KiB of buffers alive per
     * connection for the connection's whole life.
     */
    public static Json strict(int maxNesting) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNesting).build())
                .disable(JsonFactory.Feature.USE_THREAD_LOCAL_FOR_BUFFER_RECYCLING)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return new Json(mapper, null);
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
