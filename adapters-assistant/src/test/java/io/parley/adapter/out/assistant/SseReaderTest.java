package io.parley.adapter.out.assistant;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written Server-Sent Events reader, line rules first. */
class SseReaderTest {

    @Test
    void dataWithAndWithoutTheSpaceAndEveryLineEndIsRead() throws IOException {
        assertEquals(List.of("a", "b", "c", " d"), events("data: a\n\ndata:b\r\n\r\ndata: c\r\rdata:  d\n\n"));
    }

    @Test
    void commentsAndOtherFieldsAreSkipped() throws IOException {
        assertEquals(List.of("x"), events(": hi\n\nevent: message\nid: 3\nretry: 10\ndata: x\n\n: bye\n\n"));
    }

    @Test
    void severalDataLinesMakeOneEventJoinedByNewlines() throws IOException {
        assertEquals(List.of("one\ntwo", ""), events("data: one\ndata: two\n\ndata\n\n"));
    }

    @Test
    void theLastEventCountsWithoutItsBlankLineAndAByteOrderMarkIsDropped() throws IOException {
        assertEquals(List.of("first", "[DONE]"), events("\uFEFFdata: first\n\ndata: [DONE]"));
    }

    private static List<String> events(String stream) throws IOException {
        SseReader reader = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        List<String> events = new ArrayList<>();
        for (String data = reader.next(); data != null; data = reader.next()) {
            events.add(data);
        }
        return events;
    }
}
