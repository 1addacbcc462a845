package io.parley.adapter.out.identity;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

import io.parley.application.port.out.IdGeneratorPort;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.run.RunId;

/** Identifiers from a secure random source: 64-bit connection ids, UUID message ids. */
public final class RandomIds implements IdGeneratorPort {
    private static final HexFormat HEX = HexFormat.of();

    private final SecureRandom random = drbg();

    @Override
    public ConnectionId newConnectionId() {
        return new ConnectionId("c-" + hex(8));
    }

    @Override
    public MessageId newMessageId() {
        return new MessageId(UUID.randomUUID().toString());
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
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HEX.formatHex(value);
    }
}
