package io.parley.adapter.out.cluster;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import io.parley.application.port.out.PresencePort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;

/**
 * Presence across the cluster, in Redis ({@code presence.lua}): per conversation a count of each user's
 * connections anywhere and the users in the order of their ids, per node its entries. Arrivals and departures are
 * one atomic script each, so "first anywhere" and "last anywhere" hold however the nodes race.
 * <p>
 * This node's own entries are kept in memory too. While Redis cannot be reached (or after it came back, until
 * the next {@link #refresh()}), the node answers from them as if it were alone; {@code refresh()} then writes
 * them back (Redis ends up with exactly this node's entries), also when Redis restarted empty or the node's
 * heartbeats were missed. It also cleans dead nodes, whose users depart, and the leftovers of an earlier run of
 * this node id (cleaned at construction, reported by the first refresh).
 */
public final class RedisPresence implements PresencePort {
    private static final System.Logger LOG = System.getLogger(RedisPresence.class.getName());
    private static final LuaScript SCRIPT = LuaScript.load("presence");

    private final RedisLinks links;
    private final NodeLiveness liveness;
    private final NodeReaper reaper;
    private final String prefix;
    private final String node;
    private final OwnEntries own = new OwnEntries();
    /** Read: an arrival or departure (here, then in Redis); write: this node's entries written back whole. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Queue<Departure> leftovers = new ConcurrentLinkedQueue<>();
    private final Outage outage;
    private volatile boolean inSync;
    private volatile long syncedGeneration;
    private volatile long syncedReannouncements;

    /** Presence on {@code links}' Redis, cleaning this node id's leftovers first (Redis must answer now). */
    public RedisPresence(RedisLinks links, NodeLiveness liveness) {
        this.links = links;
        this.liveness = liveness;
        this.reaper = new NodeReaper(links, liveness);
        this.prefix = links.settings().prefix();
        this.node = links.settings().node();
        this.outage = new Outage(LOG, links.settings(), "presence_local_only", "presence_shared");
        try {
            leftovers.addAll(reaper.reapOwnLeftovers());
        } catch (RedisException e) {
            throw new IllegalStateException("cannot clean this node's earlier presence in Redis: "
                    + links.settings().scrub(e.getMessage()), e);
        }
        syncedGeneration = links.generation();
        syncedReannouncements = liveness.reannouncements();
        inSync = true;
    }

    @Override
    public boolean arrived(ConversationId conversation, UserId user, ConnectionId connection) {
        return change(() -> own.arrived(conversation, user, connection), "arrive", conversation.value(),
                connection.value(), user.value());
    }

    @Override
    public boolean departed(ConversationId conversation, UserId user, ConnectionId connection) {
        return change(() -> own.departed(conversation, user, connection), "depart", conversation.value(),
                connection.value());
    }

    /**
     * Applies an arrival or a departure here ({@code here}: whether it was the first or last on this node), then
     * in Redis ({@code operation} of the script): whether it was the first or last anywhere, or here alone while
     * Redis does not hold this node's entries.
     */
    private boolean change(BooleanSupplier here, String operation, String... args) {
        lock.readLock().lock();
        try {
            boolean alone = here.getAsBoolean();
            if (!shared()) {
                return alone;
            }
            List<String> all = new ArrayList<>(List.of(operation, prefix, node));
            all.addAll(List.of(args));
            try {
                return SCRIPT.<Long>run(links.commands(), ScriptOutputType.INTEGER, all.toArray(String[]::new)) == 1L;
            } catch (RedisException e) {
                lost(e);
                return alone;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Present> present(ConversationId conversation, int limit) {
        if (limit < 1) {
            return List.of();
        }
        if (shared()) {
            try {
                List<String> answer = SCRIPT.run(links.commands(), ScriptOutputType.MULTI, "present", prefix,
                        conversation.value(), Integer.toString(limit));
                List<Present> present = new ArrayList<>(answer.size() / 2);
                for (int i = 0; i + 1 < answer.size(); i += 2) {
                    present.add(new Present(new UserId(answer.get(i)), Integer.parseInt(answer.get(i + 1))));
                }
                return present;
            } catch (RedisException e) {
                lost(e);
            }
        }
        return own.present(conversation, limit);
    }

    /**
     * Writes this node's entries back if Redis may have lost or missed some, then cleans dead nodes; the
     * departures of users whose last connection went with a dead node (or with an earlier run of this node).
     */
    @Override
    public List<Departure> refresh() {
        List<Departure> departures = new ArrayList<>();
        for (Departure gone = leftovers.poll(); gone != null; gone = leftovers.poll()) {
            departures.add(gone);
        }
        if (!links.isOpen()) {
            lost(null);
            return departures;
        }
        try {
            if (!shared()) {
                sync();
            }
            reaper.reapDead(departures);
        } catch (RedisException e) {
            lost(e);
        }
        return departures;
    }

    /** Whether Redis holds this node's entries now, as far as this node knows: answers come from there. */
    boolean shared() {
        return inSync && links.isOpen() && syncedGeneration == links.generation()
                && syncedReannouncements == liveness.reannouncements();
    }

    private void sync() {
        long generation = links.generation();
        long reannouncements = liveness.reannouncements();
        lock.writeLock().lock();
        try {
            List<String> args = new ArrayList<>(List.of("sync", prefix, node));
            args.addAll(own.asArguments());
            List<Long> changed = SCRIPT.run(links.commands(), ScriptOutputType.MULTI, args.toArray(String[]::new));
            syncedGeneration = generation;
            syncedReannouncements = reannouncements;
            inSync = true;
            outage.succeeded();
            if (changed.get(0) + changed.get(1) > 0) {
                LOG.log(Level.INFO, () -> LogLine.event("presence_written_back").with("node", node)
                        .with("added", changed.get(0)).with("removed", changed.get(1)).toString());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void lost(Throwable cause) {
        inSync = false;
        outage.failed(cause);
    }
}
