package io.parley.adapter.out.cluster;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;

import io.parley.application.port.out.ClientCountsPort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ClientKey;

/**
 * Connections per client across the cluster ({@code clients.lua}): each node keeps its counts in the hash
 * {@code {prefix}:clients:{node}}. {@link #claim} counts one more here and adds up those of the other live nodes in
 * one script, and waits for it: a connection admitted counts on every node from then on. {@link #add} never waits
 * for Redis: its command goes out asynchronously (a failure is logged at DEBUG). This
 * node's counts are kept in memory too, and written back whole after each heartbeat of {@link NodeLiveness}
 * that follows a failure, a reconnection or a lost registration. While Redis cannot be reached, other nodes count
 * 0 (logged once per outage). A dead node's hash is removed when it is cleaned ({@link RedisPresence#refresh()}).
 */
public final class RedisClientCounts implements ClientCountsPort {
    private static final System.Logger LOG = System.getLogger(RedisClientCounts.class.getName());
    private static final LuaScript SCRIPT = LuaScript.load("clients");

    private final RedisLinks links;
    private final NodeLiveness liveness;
    private final String prefix;
    private final String node;
    private final Map<String, Integer> local = new HashMap<>();
    /** Orders the updates of {@link #local} with the commands that mirror them. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Outage outage;
    private volatile boolean inSync;
    private volatile long syncedGeneration;
    private volatile long syncedReannouncements;

    /** Counts on {@code links}' Redis, dropping what an earlier run of this node id left (Redis must answer). */
    public RedisClientCounts(RedisLinks links, NodeLiveness liveness) {
        this.links = links;
        this.liveness = liveness;
        this.prefix = links.settings().prefix();
        this.node = links.settings().node();
        this.outage = new Outage(LOG, links.settings(), "client_counts_unknown", "client_counts_known");
        try {
            SCRIPT.<Long>run(links.commands(), ScriptOutputType.INTEGER, "rewrite", prefix, node);
        } catch (RedisException e) {
            throw new IllegalStateException("cannot reset this node's client counts in Redis: "
                    + links.settings().scrub(e.getMessage()), e);
        }
        syncedGeneration = links.generation();
        syncedReannouncements = liveness.reannouncements();
        inSync = true;
        liveness.afterEachBeat(this::writeBackIfNeeded);
    }

    @Override
    public int claim(ClientKey client) {
        RedisFuture<Long> sent = null;
        lock.lock();
        try {
            local.merge(client.value(), 1, Integer::sum);
            if (shared()) {
                sent = SCRIPT.runAsync(links.commands(), ScriptOutputType.INTEGER, "claim", prefix, node,
                        client.value());
            }
        } finally {
            lock.unlock();
        }
        if (sent == null) {
            return elsewhere(client);
        }
        try {
            long total = sent.get(links.settings().commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            outage.succeeded();
            return Math.clamp(total, 0, Integer.MAX_VALUE);
        } catch (ExecutionException | TimeoutException e) {
            inSync = false; // the claim may not be in Redis: written back after the next heartbeat
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                return elsewhere(client); // the whole script, which Redis then knows
            }
            outage.failed(cause);
            return 0;
        } catch (InterruptedException e) {
            inSync = false;
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** How many connections {@code client} holds on the other live nodes (0 when that cannot be known now). */
    public int elsewhere(ClientKey client) {
        if (!links.isOpen()) {
            outage.failed(null);
            return 0;
        }
        try {
            long total = SCRIPT.<Long>run(links.commands(), ScriptOutputType.INTEGER, "elsewhere", prefix, node,
                    client.value());
            outage.succeeded();
            return Math.clamp(total, 0, Integer.MAX_VALUE);
        } catch (RedisException e) {
            outage.failed(e);
            return 0;
        }
    }

    @Override
    public void add(ClientKey client, int delta) {
        if (delta == 0) {
            return;
        }
        lock.lock();
        try {
            local.compute(client.value(), (k, count) -> {
                int now = (count == null ? 0 : count) + delta;
                return now > 0 ? now : null;
            });
            if (!shared()) {
                return;
            }
            RedisFuture<Long> sent = SCRIPT.runAsync(links.commands(), ScriptOutputType.INTEGER, "add", prefix, node,
                    client.value(), Integer.toString(delta));
            sent.whenComplete((count, failure) -> {
                if (failure != null) {
                    inSync = false;
                    LOG.log(Level.DEBUG, () -> LogLine.event("client_count_not_written").with("node", node)
                            .with("reason", links.settings().scrub(failure.getMessage())).toString());
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /** This node's count for {@code client}, as it knows it (for tests and diagnostics). */
    public int here(ClientKey client) {
        lock.lock();
        try {
            return local.getOrDefault(client.value(), 0);
        } finally {
            lock.unlock();
        }
    }

    /** After a heartbeat: writes this node's counts back whole when Redis may have lost or missed some. */
    void writeBackIfNeeded() {
        if (shared() || !links.isOpen()) {
            return;
        }
        long generation = links.generation();
        long reannouncements = liveness.reannouncements();
        RedisFuture<Long> written;
        lock.lock();
        try {
            List<String> args = new ArrayList<>(3 + 2 * local.size());
            args.addAll(List.of("rewrite", prefix, node));
            local.forEach((client, count) -> args.addAll(List.of(client, Integer.toString(count))));
            written = SCRIPT.runWhole(links.commands(), ScriptOutputType.INTEGER, args.toArray(String[]::new));
            syncedGeneration = generation;
            syncedReannouncements = reannouncements;
            inSync = true;
        } finally {
            lock.unlock();
        }
        try {
            long clients = written.get(2 * links.settings().commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, () -> LogLine.event("client_counts_written_back").with("node", node)
                    .with("clients", clients).toString());
        } catch (ExecutionException | TimeoutException e) {
            inSync = false;
            LOG.log(Level.DEBUG, () -> LogLine.event("client_counts_not_written_back").with("node", node)
                    .with("reason", links.settings().scrub(String.valueOf(e.getMessage()))).toString());
        } catch (InterruptedException e) {
            inSync = false;
            Thread.currentThread().interrupt();
        }
    }

    private boolean shared() {
        return inSync && links.isOpen() && syncedGeneration == links.generation()
                && syncedReannouncements == liveness.reannouncements();
    }
}
