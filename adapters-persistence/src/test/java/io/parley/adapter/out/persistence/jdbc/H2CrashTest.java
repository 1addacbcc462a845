package io.parley.adapter.out.persistence.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.testing.Eventually;
import io.parley.domain.conversation.ConversationId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing acknowledged is lost when the service dies: H2 writes each commit before the append returns. The writer
 * is killed (SIGKILL) once it has acknowledged more than a page of messages, however long that takes.
 */
class H2CrashTest {
    private static final int ACKS_BEFORE_KILL = 1_100;

    @TempDir
    Path directory;

    @Test
    void everyAcknowledgedAppendSurvivesAServiceThatIsKilled() throws Exception {
        Path acks = directory.resolve("acks.txt");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(),
                directory.toString(), acks.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("writer.log").toFile()).start();
        try {
            Eventually.until("the writer acknowledges " + ACKS_BEFORE_KILL + " appends (or dies: see writer.log)",
                    () -> !writer.isAlive() || acknowledged(acks).size() >= ACKS_BEFORE_KILL);
            assertTrue(writer.isAlive(), "the writer was still writing when killed");
        } finally {
            writer.destroyForcibly();
        }
        assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "the killed writer is gone");

        List<Long> acknowledged = acknowledged(acks);
        long lastAcknowledged = acknowledged.getLast();
        try (JdbcStorage reopened = JdbcStores.open(TestDatabases.h2File(directory))) {
            ConversationId conversation = new ConversationId("crash");
            long latest = reopened.conversations().latestOffset(conversation);
            assertTrue(latest >= lastAcknowledged, "acknowledged up to " + lastAcknowledged + ", found " + latest);
            assertEquals(latest, Drafts.offsetsIn(reopened.conversations(), conversation).size());
        }
    }

    /** The offsets on complete lines (the writer may have been killed in the middle of one). */
    private static List<Long> acknowledged(Path acks) {
        try {
            if (!Files.exists(acks)) {
                return List.of();
            }
            String text = Files.readString(acks);
            String complete = text.substring(0, text.lastIndexOf('\n') + 1);
            return complete.isEmpty() ? List.of() : Arrays.stream(complete.split("\n")).map(Long::parseLong).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
