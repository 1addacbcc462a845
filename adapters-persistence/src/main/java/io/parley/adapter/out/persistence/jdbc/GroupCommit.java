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
    private final int retries;
    private final Duration retryDelay;

    /**
     * @param closeWait  how long {@link #close()} lets queued appends commit before it gives up on them
     * @param retries    how often a batch's pipelined appends are tried again when the store is unavailable, by
     *                   the lane's writer before it goes on (so that the lane's order holds)
     * @param retryDelay the wait before the first of them, doubling after each
     */
    GroupCommit(AppendTransaction transaction, int laneCount, int maxBatch, Duration closeWait, int retries,
                Duration retryDelay) {
        this.transaction = transaction;
        this.laneCount = laneCount;
        this.maxBatch = maxBatch;
        this.closeWait = closeWait;
        this.retries = retries;
        this.retryDelay = retryDelay;
    }

    /** Queues {@code message} behind the conversation's earlier ones and waits until it is committed. */
    Appended append(NewMessage message) {
        try {
            return queue(message, false).join();
        } catch (CompletionException e) {
            throw rethrown(e.getCause(), e);
        }
    }

    /**
     * Queues {@code message} behind the conversation's earlier ones; completes once it is committed (on the lane's
     * writer, in the lane's order), exceptionally with what {@link #append} would throw.
     */
    CompletableFuture<Appended> appendPipelined(NewMessage message) {
        return queue(message, true).handle((appended, failure) -> {
            if (failure != null) {
                throw rethrown(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure, failure);
            }
            return appended;
        });
    }

    private CompletableFuture<Appended> queue(NewMessage message, boolean pipelined) {
        Pending pending = new Pending(message, new CompletableFuture<>(), pipelined);
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
        write(batch, 0);
    }

    /**
     * Commits {@code batch}. When the store is unavailable, the callers that wait get the failure (their retries
     * are their own), and the pipelined appends are tried again here, after a pause, before the lane goes on:
     * retried anywhere else, they could be stored after the same connection's later messages.
     */
    private void write(List<Pending> batch, int attempt) {
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
                batch.forEach(pending -> write(List.of(pending), attempt));
            }
        } catch (StoreUnavailableException e) {
            List<Pending> again = batch.stream().filter(Pending::pipelined).toList();
            fail(batch.stream().filter(p -> !p.pipelined()).toList(), e);
            if (again.isEmpty()) {
                return;
            }
            if (attempt >= retries || e instanceof StoreMisconfiguredException || !pause(attempt)) {
                fail(again, e);
                return;
            }
            write(again, attempt + 1);
        } catch (Throwable e) {
            fail(batch, e);
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    /** Waits before retry {@code attempt + 1}; false when interrupted (the store closes). */
    private boolean pause(int attempt) {
        try {
            Thread.sleep(retryDelay.multipliedBy(1L << Math.min(attempt, 10)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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

    /** @param pipelined whether its caller does not wait (its failure is retried here, in the lane's order) */
    private record Pending(NewMessage message, CompletableFuture<Appended> outcome, boolean pipelined) {
    }
}
