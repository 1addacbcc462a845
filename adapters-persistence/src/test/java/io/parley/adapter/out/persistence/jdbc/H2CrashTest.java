package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.domain.conversation.ConversationId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing acknowledged is lost when the service dies: H2 writes each commit before the append returns. */
class H2CrashTest {
    @TempDir
    Path directory;

    @Test
    void everyAcknowledgedAppendSurvivesAServiceThatDiesWithoutShuttingDown() throws Exception {
        Path acks = directory.resolve("acks.txt");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(),
                directory.toString(), acks.toString(), "1500")
                .redirectErrorStream(true).redirectOutput(directory.resolve("writer.log").toFile()).start();
        assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "the writer halts by itself");

        List<String> acknowledged = Files.readAllLines(acks);
        assertTrue(acknowledged.size() > 10, "the writer got going: " + acknowledged.size());
        long lastAcknowledged = Long.parseLong(acknowledged.getLast());
        try (JdbcStorage reopened = JdbcStores.open(TestDatabases.h2File(directory))) {
            ConversationId conversation = new ConversationId("crash");
            long latest = reopened.conversations().latestOffset(conversation);
            assertTrue(latest >= lastAcknowledged, "acknowledged up to " + lastAcknowledged + ", found " + latest);
            assertEquals(latest, Drafts.offsetsIn(reopened.conversations(), conversation).size());
        }
    }
}
