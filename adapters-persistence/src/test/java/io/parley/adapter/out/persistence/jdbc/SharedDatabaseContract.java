package io.parley.adapter.out.persistence.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.persistence.resilience.ResilienceSettings;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.Role;

import static io.parley.adapter.out.persistence.jdbc.Drafts.ALICE;
import static io.parley.adapter.out.persistence.jdbc.Drafts.BOB;
import static io.parley.adapter.out.persistence.jdbc.Drafts.T0;
import static io.parley.adapter.out.persistence.jdbc.Drafts.draft;
import static io.parley.adapter.out.persistence.jdbc.Drafts.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two service instances (two stores, two pools) on one database: the database alone keeps offsets gapless and
 * ids unique, with no in-memory counter shared between them, and the row locks of appends to several conversations
 * at once never deadlock. Each database takes its locks its own way ({@code AppendTransaction.RowLock}).
 */
abstract class SharedDatabaseContract {
    private JdbcStorage first;
    private JdbcStorage second;

    @BeforeEach
    void openTwoInstances() {
        // No retries: a deadlock or a duplicate key between the instances would fail the test instead of being
        // retried away.
        JdbcStoreSettings pg = database();
        JdbcStoreSettings settings = new JdbcStoreSettings(pg.url(), pg.user(), pg.password(), 5,
                pg.connectionTimeout(), pg.maxBatch(), new ResilienceSettings(0, Duration.ofMillis(50),
                Duration.ofSeconds(5), 100, Duration.ofSeconds(1)));
        first = JdbcStores.open(settings);
        second = JdbcStores.open(settings);
    }

    /** The database both instances open. */
    abstract JdbcStoreSettings database();

    @AfterEach
    void closeThem() {
        for (JdbcStorage storage : new JdbcStorage[] {first, second}) {
            if (storage != null) {
                storage.close();
            }
        }
    }

    @Test
    void twentySendersOnTwoInstancesGetOffsetsOneToAThousand() throws Exception {
        ConversationId conversation = Drafts.created(first.conversations(), "shared");
        List<Long> offsets = Collections.synchronizedList(new ArrayList<>());
        sendOnBothInstances(20, (sender, store) -> {
            for (int i = 0; i < 50; i++) {
                offsets.add(stored(store.append(draft(conversation, "s" + sender + "-" + i, T0))).offset());
            }
        });
        assertEquals(1000, offsets.size());
        assertEquals(LongStream.rangeClosed(1, 1000).boxed().toList(), offsets.stream().sorted().toList(),
                "no gap, no duplicate");
        assertEquals(LongStream.rangeClosed(1, 1000).boxed().toList(),
                Drafts.offsetsIn(second.conversations(), conversation));
        assertEquals(1000, first.conversations().latestOffset(conversation));
    }

    @Test
    void theSameIdRacedFromBothInstancesIsStoredOnce() throws Exception {
        ConversationId conversation = Drafts.created(first.conversations(), "race");
        int rounds = 50;
        try (ExecutorService pair = Executors.newFixedThreadPool(2)) {
            for (int round = 1; round <= rounds; round++) {
                String id = "raced-" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                List<CompletableFuture<Appended>> both = new ArrayList<>();
                for (JdbcStorage instance : new JdbcStorage[] {first, second}) {
                    both.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return instance.conversations().append(draft(conversation, id, T0));
                    }, pair));
                }
                Appended a = both.get(0).get();
                Appended b = both.get(1).get();
                assertEquals(1, List.of(a, b).stream().filter(Appended.Stored.class::isInstance).count(),
                        "one instance stores it: " + a + " / " + b);
                assertEquals(message(a), message(b), "the other gets the original");
                assertEquals(round, message(a).offset());
            }
        }
        assertEquals(rounds, second.conversations().latestOffset(conversation));
        assertEquals(LongStream.rangeClosed(1, rounds).boxed().toList(),
                Drafts.offsetsIn(first.conversations(), conversation));
    }

    @Test
    void twoUsersJoiningOneNewConversationThroughTwoInstancesMakeOneOwner() throws Exception {
        for (int round = 0; round < 20; round++) {
            ConversationId conversation = Drafts.freshConversation("join");
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<Enrollment> alice = CompletableFuture.supplyAsync(() -> {
                await(start);
                return first.conversations().enroll(conversation, ALICE, Optional.of(Role.MEMBER), T0);
            });
            CompletableFuture<Enrollment> bob = CompletableFuture.supplyAsync(() -> {
                await(start);
                return second.conversations().enroll(conversation, BOB, Optional.of(Role.MEMBER), T0);
            });
            List<Enrollment> outcomes = List.of(alice.get(), bob.get());
            assertEquals(new HashSet<>(List.of(new Enrollment.Enrolled(Role.OWNER, true),
                    new Enrollment.Enrolled(Role.MEMBER, false))), new HashSet<>(outcomes), outcomes.toString());
        }
    }

    @Test
    void sendersToManyConversationsOnTwoInstancesNeitherDeadlockNorSkip() throws Exception {
        List<ConversationId> conversations = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            conversations.add(Drafts.created(first.conversations(), "many"));
        }
        sendOnBothInstances(40, (sender, store) -> {
            for (int i = 0; i < 30; i++) {
                ConversationId target = conversations.get((sender * 7 + i * 3) % conversations.size());
                stored(store.append(draft(target, "s" + sender + "-" + i, T0)));
            }
        });
        long total = 0;
        for (ConversationId conversation : conversations) {
            long latest = first.conversations().latestOffset(conversation);
            assertEquals(LongStream.rangeClosed(1, latest).boxed().toList(),
                    Drafts.offsetsIn(second.conversations(), conversation));
            total += latest;
        }
        assertEquals(40 * 30, total);
    }

    private static Message message(Appended appended) {
        return switch (appended) {
            case Appended.Stored s -> s.message();
            case Appended.AlreadyStored s -> s.message();
            case Appended.NoSuchConversation n -> throw new AssertionError("the conversation exists");
        };
    }

    /** Runs {@code count} senders at once, even ones on the first instance and odd ones on the second. */
    private void sendOnBothInstances(int count, BiConsumer<Integer, ConversationStorePort> send) throws Exception {
        try (ExecutorService senders = Executors.newFixedThreadPool(count)) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int s = 0; s < count; s++) {
                int sender = s;
                ConversationStorePort store = (s % 2 == 0 ? first : second).conversations();
                all.add(CompletableFuture.runAsync(() -> send.accept(sender, store), senders));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
