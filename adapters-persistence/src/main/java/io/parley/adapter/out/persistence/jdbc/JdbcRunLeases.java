package io.parley.adapter.out.persistence.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

import io.parley.application.port.out.RunLeasePort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.run.RunId;

/**
 * Run leases in the table {@code run_leases}, shared by every node on the database: one row per conversation whose
 * lease is held, and a run in one row at most. Acquiring inserts with {@code ON CONFLICT DO NOTHING} (of racing
 * inserts the database lets one win), else locks the holder's row ({@code SELECT ... FOR UPDATE}) and decides under
 * the lock: refused while it holds, taken over once it expired, renewed when it is this very run on this very node
 * (which makes a retry of a committed acquire harmless). Reaping locks expired rows with
 * {@code FOR UPDATE SKIP LOCKED} and deletes them one by one; only a delete that removed its row hands the lease
 * back, so each expired lease goes to one caller, whether a reaper or an acquirer. H2 and PostgreSQL accept all of
 * it (H2 knows no {@code DELETE ... RETURNING}). Times are kept to the microsecond, as both databases store them.
 */
final class JdbcRunLeases implements RunLeasePort {
    private static final String COLUMNS = "conversation_id, run_id, started_by, node, expires_at";
    private static final String INSERT = "INSERT INTO run_leases (" + COLUMNS + ")"
            + " VALUES (:id, :run, :user, :node, :until) ON CONFLICT DO NOTHING";
    private static final String LOCK = "SELECT " + COLUMNS + " FROM run_leases WHERE conversation_id = :id FOR UPDATE";
    private static final String OF_RUN = "SELECT " + COLUMNS + " FROM run_leases WHERE run_id = :run";
    private static final String TAKE_OVER = "UPDATE run_leases SET run_id = :run, started_by = :user, node = :node,"
            + " expires_at = :until WHERE conversation_id = :id";
    private static final String RENEW = "UPDATE run_leases SET expires_at = :until WHERE conversation_id = :id"
            + " AND run_id = :run";
    private static final String RELEASE = "DELETE FROM run_leases WHERE conversation_id = :id AND run_id = :run";
    /** Ordered along {@code run_leases_expires_at_idx}; rows another caller has locked are left to it. */
    static final String EXPIRED = "SELECT " + COLUMNS + " FROM run_leases WHERE expires_at < :now"
            + " ORDER BY expires_at, conversation_id LIMIT :limit FOR UPDATE SKIP LOCKED";
    private static final String TAKE = "DELETE FROM run_leases WHERE conversation_id = :id AND run_id = :run"
            + " AND expires_at < :now";
    /** How often an acquire tries again when the holder's row vanished between its insert and its lock. */
    private static final int ATTEMPTS = 3;
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database database;

    JdbcRunLeases(Database database) {
        this.database = database;
    }

    /**
     * {@inheritDoc} A run id leased in another conversation is refused too ({@code Held} by that lease): a run holds
     * one lease at most.
     */
    @Override
    public Acquisition acquire(RunLease lease, Instant now) {
        try {
            return database.inTransaction("acquire run lease", tx -> acquire(tx, lease, now));
        } catch (IllegalArgumentException e) {
            if (Failures.sqlState(e).equals(UNIQUE_VIOLATION)) {
                // the run id was leased elsewhere between the check and the take-over: a retry finds it
                throw new StoreUnavailableException("run lease: the run id was just leased elsewhere",
                        Failures.RETRY_AFTER, e);
            }
            throw e;
        }
    }

    @Override
    public boolean renew(ConversationId conversation, RunId run, Instant expiresAt) {
        return database.autoCommit("renew run lease", db -> renew(db, conversation, run, expiresAt));
    }

    @Override
    public void release(ConversationId conversation, RunId run) {
        database.autoCommit("release run lease", db -> release(db, conversation, run));
    }

    @Override
    public Optional<RunLease> leaseOf(RunId run) {
        return database.autoCommit("read run lease", db -> leaseOf(db, run));
    }

    @Override
    public List<RunLease> takeExpired(Instant now, int limit) {
        if (limit < 1) {
            return List.of();
        }
        return database.inTransaction("take expired run leases", tx -> takeExpired(tx, now, limit));
    }

    /** Acquires within {@code tx}, which the caller commits or rolls back. */
    static Acquisition acquire(DbTransaction tx, RunLease lease, Instant now) {
        Optional<RunLease> elsewhere = leaseOf(tx, lease.run())
                .filter(held -> !held.conversation().equals(lease.conversation()));
        if (elsewhere.isPresent()) {
            return new Acquisition.Held(elsewhere.get());
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (write(tx, "lease-insert", INSERT, lease) == 1) {
                return new Acquisition.Acquired(Optional.empty());
            }
            Optional<RunLease> found = tx.createNamedGet("lease-lock", LOCK)
                    .addParam("id", lease.conversation().value()).execute().map(JdbcRunLeases::lease);
            if (found.isEmpty()) {
                // given back or reaped after the insert met it (or the run id was leased elsewhere meanwhile)
                continue;
            }
            RunLease held = found.get();
            if (held.run().equals(lease.run()) && held.node().equals(lease.node())) {
                renew(tx, lease.conversation(), lease.run(), lease.expiresAt());
                return new Acquisition.Acquired(Optional.empty());
            }
            if (!held.expiresAt().isBefore(now)) {
                return new Acquisition.Held(held);
            }
            write(tx, "lease-take-over", TAKE_OVER, lease);
            return new Acquisition.Acquired(Optional.of(held));
        }
        return leaseOf(tx, lease.run()).<Acquisition>map(Acquisition.Held::new)
                .orElseThrow(() -> new StoreUnavailableException("run lease of " + lease.conversation()
                        + " changed hands " + ATTEMPTS + " times during one acquire", Failures.RETRY_AFTER, null));
    }

    static boolean renew(DbExecute db, ConversationId conversation, RunId run, Instant expiresAt) {
        return db.createNamedUpdate("lease-renew", RENEW).addParam("until", time(expiresAt))
                .addParam("id", conversation.value()).addParam("run", run.value()).execute() == 1;
    }

    static boolean release(DbExecute db, ConversationId conversation, RunId run) {
        return db.createNamedDelete("lease-release", RELEASE).addParam("id", conversation.value())
                .addParam("run", run.value()).execute() == 1;
    }

    static Optional<RunLease> leaseOf(DbExecute db, RunId run) {
        return db.createNamedGet("lease-of-run", OF_RUN).addParam("run", run.value()).execute()
                .map(JdbcRunLeases::lease);
    }

    /** Locks, then removes, at most {@code limit} expired leases within {@code tx}: those this call removed. */
    static List<RunLease> takeExpired(DbTransaction tx, Instant now, int limit) {
        List<RunLease> candidates;
        try (Stream<DbRow> rows = tx.createNamedQuery("leases-expired", EXPIRED).addParam("now", time(now))
                .addParam("limit", limit).execute()) {
            candidates = rows.map(JdbcRunLeases::lease).toList();
        }
        List<RunLease> taken = new ArrayList<>(candidates.size());
        for (RunLease lease : candidates) {
            if (tx.createNamedDelete("lease-take", TAKE).addParam("id", lease.conversation().value())
                    .addParam("run", lease.run().value()).addParam("now", time(now)).execute() == 1) {
                taken.add(lease);
            }
        }
        return taken;
    }

    private static long write(DbTransaction tx, String name, String sql, RunLease lease) {
        return tx.createNamedDmlStatement(name, sql).addParam("id", lease.conversation().value())
                .addParam("run", lease.run().value()).addParam("user", lease.startedBy().value())
                .addParam("node", lease.node()).addParam("until", time(lease.expiresAt())).execute();
    }

    /** The instant as both databases keep it: to the microsecond (PostgreSQL would round, not cut, nanoseconds). */
    private static OffsetDateTime time(Instant instant) {
        return Rows.timestamp(instant.truncatedTo(ChronoUnit.MICROS));
    }

    private static RunLease lease(DbRow row) {
        return new RunLease(new ConversationId(Rows.string(row, "conversation_id")),
                new RunId(Rows.string(row, "run_id")), new UserId(Rows.string(row, "started_by")),
                Rows.string(row, "node"), Rows.instant(row, "expires_at"));
    }
}
