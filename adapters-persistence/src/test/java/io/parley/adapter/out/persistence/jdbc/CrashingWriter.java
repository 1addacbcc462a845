package io.parley.adapter.out.persistence.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.domain.conversation.ConversationId;

/**
 * A service that dies: opens the H2 store in {@code args[0]}, appends to a conversation until it is killed, and
 * writes each acknowledged offset to {@code args[1]}, one per line. Run by {@link H2CrashTest} in a child process,
 * which kills it.
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path acks = Path.of(args[1]);
        JdbcStorage storage = JdbcStores.open(TestDatabases.h2File(Path.of(args[0])));
        ConversationStorePort store = storage.conversations();
        ConversationId conversation = new ConversationId("crash");
        store.enroll(conversation, Drafts.ALICE, Optional.empty(), Drafts.T0);
        for (int i = 1; ; i++) {
            long offset = Drafts.stored(store.append(Drafts.draft(conversation, "m" + i, Drafts.T0))).offset();
            Files.writeString(acks, offset + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
