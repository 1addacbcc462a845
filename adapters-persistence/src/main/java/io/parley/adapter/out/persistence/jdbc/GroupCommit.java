package io.parley.adapter.out.persistence.jdbc;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.StoreMisconfiguredException;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.LogLine;
import io.parley.domain.conversation.NewMessage;

/**
 * Group commit: appends queue up in arrival order on one of a few lanes (a conversation always on the same lane),
 * and each lane's writer, a virtual thread that lives while its queue is non-empty, commits what has queued up
 * meanwhile, at most {@code maxBatch} messages, in one transaction. Busy conversations and many quiet ones alike
 * share commits. Every caller returns only after the transaction holding its message has committed.
 */
final class GroupCommit implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());

    private final Map<Integer, ArrayDeque<Pending>> lanes = new ConcurrentHashMap<>();
    private final ExecutorService writers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("parley-store-writer-", 0).factory());
    private final AppendTransaction transaction;
    private final int laneCount;
    private final int maxBatch;
    private final Duration closeWait;

    /** @param closeWait how long {@link #close()} lets queued appends commit before it gives up on them */
    GroupCommit(AppendTransaction transaction, int laneCount, int maxBatch, Duration closeWait) {
        this.transaction = transaction;
        this.laneCount = laneCount;
        this.maxBatch = maxBatch;
        this.closeWait = closeWait;
    }

    /** Queues {@code message} behind the conversation's earlier ones and waits until it is committed. */
    Appended append(NewMessage message) {
        try {
            return queue(message).join();
        } catch (CompletionException e) {
            throw rethrown(e.getCause(), e);
        }
    }

    /**
     * Queues {@code message} behind the conversation's earlier ones; completes once it is committed (on the lane's
     * writer, in the lane's order), exceptionally with what {@link #append} would throw.
     */
    CompletableFuture<Appended> appendPipelined(NewMessage message) {
        return queue(message).handle((appended, failure) -> {
            if (failure != null) {
                throw rethrown(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure, failure);
            }
            return appended;
        });
    }

    private CompletableFuture<Appended> queue(NewMessage message) {
        Pending pending = new Pending(message, new CompletableFuture<>());
        int lane = Math.floorMod(message.conversation().hashCode(), laneCount);
        boolean[] startWriter = {false};
        lanes.compute(lane, (id, queued) -> {
            ArrayDeque<Pending> queue = queued == null ? new ArrayDeque<>() : queued;
            startWriter[0] = queued == null;
            queue.addLast(pending);
            return queue;
        });
        if (startWriter[0]) {
            try {
                writers.execute(() -> drain(lane));
            } catch (RejectedExecutionException e) {
                fail(lanes.remove(lane), new StoreUnavailableException("the conversation store is closed",
                        Failures.RETRY_AFTER, e));
            }
        }
        return pending.outcome();
    }

    /** A fresh exception per caller, so that each carries its own stack; the writer's is the cause. */
    private static RuntimeException rethrown(Throwable cause, Throwable wrapper) {
        return switch (cause) {
            case StoreMisconfiguredException e -> new StoreMisconfiguredException(e.getMessage(), e.problem(),
                    e.retryAfter(), e);
            case StoreUnavailableException e -> new StoreUnavailableException(e.getMessage(), e.retryAfter(), e);
            case RuntimeException e -> e;
            default -> new CompletionException(wrapper);
        };
    }

    /** Commits the lane's batches until it is empty; the lane disappears in the same atomic step. */
    private void drain(int lane) {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            lanes.computeIfPresent(lane, (id, queue) -> {
                while (batch.size() < maxBatch && !queue.isEmpty()) {
                    batch.add(queue.pollFirst());
                }
                return batch.isEmpty() ? null : queue;
            });
            if (batch.isEmpty()) {
                return;
            }
            write(batch);
        }
    }

    private void write(List<Pending> batch) {
        try {
            List<Appended> outcomes = transaction.store(batch.stream().map(Pending::message).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).outcome().complete(outcomes.get(i));
            }
        } catch (IllegalArgumentException e) {
            if (batch.size() == 1) {
                fail(batch, e);
            } else {
                // One message the database cannot hold spoils its batch: store them one by one, so that only it fails.
                batch.forEach(pending -> write(List.of(pending)));
            }
        } catch (Throwable e) {
            fail(batch, e);
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private static void fail(Collection<Pending> pending, Throwable cause) {
        if (pending != null) {
            pending.forEach(p -> p.outcome().completeExceptionally(cause));
        }
    }

    /**
     * Lets the writers commit what is queued, for at most {@code closeWait} (a database that stops answering must
     * not hold up shutdown); then fails the appends that have not started. A batch being written ends with its
     * statement or socket timeout, or when the pool closes its connection.
     */
    @Override
    public void close() {
        writers.shutdown();
        boolean finished;
        try {
            finished = writers.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            int abandoned = 0;
            for (Integer lane : List.copyOf(lanes.keySet())) {
                ArrayDeque<Pending> queued = lanes.remove(lane);
                abandoned += queued == null ? 0 : queued.size();
                fail(queued, new StoreUnavailableException("the conversation store closed before this message"
                        + " was written", Failures.RETRY_AFTER, null));
            }
            int count = abandoned;
            LOG.log(Level.WARNING, () -> LogLine.event("store_close_abandoned").with("appends", count)
                    .with("waited_ms", closeWait.toMillis()).toString());
        }
    }

    private record Pending(NewMessage message, CompletableFuture<Appended> outcome) {
    }
}
