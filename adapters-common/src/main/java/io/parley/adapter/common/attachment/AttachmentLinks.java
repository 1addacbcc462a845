package io.parley.adapter.common.attachment;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.parley.domain.conversation.AttachmentId;

/**
 * Signed, expiring links to attachments: {@code /api/attachments/{id}?expires=<epoch seconds>&signature=<…>},
 * the signature an HMAC-SHA256 of the id and the expiry under a key the gateway holds (every node of a cluster the
 * same). The link is what an {@code <img>} can use where the browser sends no {@code Authorization} header (jwt
 * mode); whoever holds it may read the file until it expires, as with a cloud store's pre-signed URL. Expiries are
 * rounded up to the minute, so that the links made within one minute are the same (and a browser caches them).
 */
public final class AttachmentLinks {
    /** Where attachments are read. */
    public static final String PATH = "/api/attachments/";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param secret   the signing key (at least 32 bytes)
     * @param lifetime how long a link works after it was made
     */
    public AttachmentLinks(byte[] secret, Duration lifetime, Clock clock) {
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("the attachment link key needs at least 32 bytes");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("attachment links must live a while");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A link to {@code id}, working for the configured lifetime from now. */
    public String url(AttachmentId id) {
        long expires = Math.ceilDiv(clock.instant().plus(lifetime).getEpochSecond(), 60) * 60;
        return PATH + id.value() + "?expires=" + expires + "&signature=" + signature(id, expires);
    }

    /** Whether {@code expires} and {@code signature} (a link's query) are this gateway's for {@code id}, unexpired. */
    public boolean admits(AttachmentId id, String expires, String signature) {
        if (expires == null || signature == null || !expires.matches("[0-9]{1,12}")) {
            return false;
        }
        long at = Long.parseLong(expires);
        return clock.instant().getEpochSecond() < at && MessageDigest.isEqual(
                signature(id, at).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(AttachmentId id, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((id.value() + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
