package io.parley.adapter.out.identity;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.locks.ReentrantLock;

import io.parley.application.port.out.IdGeneratorPort;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.run.RunId;

/**
 * Identifiers from a secure random source: 64-bit connection ids, and message ids as time-ordered UUIDs (version 7,
 * RFC 9562: the millisecond they were made, then 74 random bits). A store indexes message ids; ids that follow
 * time go in at the index's hot end, where random ones (version 4) landed on a random page of it, which a store's
 * cache held less and less as its history grew. The source's bytes are drawn {@value #POOL} at a time and handed
 * out once each: a draw of the JDK's DRBG costs about what it costs for 8 bytes, and one per connect was a tenth of
 * a connect's CPU.
 */
public final class RandomIds implements IdGeneratorPort {
    private static final HexFormat HEX = HexFormat.of();
    private static final int POOL = 1024;

    private final Clock clock;
    private final SecureRandom random = drbg();
    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] pool = new byte[POOL];
    private int used = POOL;

    /** Message ids that carry the time of the system's clock. */
    public RandomIds() {
        this(Clock.systemUTC());
    }

    /** Message ids that carry the time of {@code clock}. */
    public RandomIds(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ConnectionId newConnectionId() {
        return new ConnectionId("c-" + hex(8));
    }

    @Override
    public MessageId newMessageId() {
        return MessageId.timeOrdered(clock.millis(), randomBytes(10));
    }

    @Override
    public RunId newRunId() {
        return new RunId("run-" + hex(8));
    }

    @Override
    public UserId newAnonymousUser() {
        return new UserId("anon-" + hex(4));
    }

    /**
     * The JDK's DRBG (NIST SP 800-90A), seeded once from the system: as unpredictable as the default source, without
     * the default's read of /dev/urandom under a lock for every id (a connect's largest cost after its handshake).
     */
    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private String hex(int bytes) {
        return HEX.formatHex(randomBytes(bytes));
    }

    /** {@code count} bytes from the source that no other id got, and that are no longer kept here. */
    private byte[] randomBytes(int count) {
        byte[] value = new byte[count];
        lock.lock();
        try {
            if (used + count > POOL) {
                random.nextBytes(pool);
                used = 0;
            }
            System.arraycopy(pool, used, value, 0, count);
            Arrays.fill(pool, used, used + count, (byte) 0);
            used += count;
        } finally {
            lock.unlock();
        }
        return value;
    }
}
