package io.parley.adapter.out.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.parley.application.port.out.IdentityPort.Identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real tokens signed with nimbus, keys, PEM files, and the check that a refusal gives nothing of the token away. */
final class TestTokens {
    static final String SECRET = "a-test-secret-of-more-than-32-bytes-0123456789";
    static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private TestTokens() {
    }

    /** Claims for {@code alice}, issued now, expiring in ten minutes. */
    static JWTClaimsSet.Builder claims(Clock clock) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().subject("alice").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TEN_MINUTES)));
    }

    static String hs256(String secret, JWTClaimsSet claims) {
        return sign(new JWSHeader(JWSAlgorithm.HS256), claims, macSigner(secret.getBytes(StandardCharsets.UTF_8)));
    }

    static String hs256(byte[] secret, JWTClaimsSet claims) {
        return sign(new JWSHeader(JWSAlgorithm.HS256), claims, macSigner(secret));
    }

    static MACSigner macSigner(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with {@code key} (RS256 for RSA, ES256 for EC), naming its {@code kid}. */
    static String sign(JWK key, JWTClaimsSet claims) {
        try {
            if (key instanceof RSAKey rsa) {
                return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(), claims,
                        new RSASSASigner(rsa));
            }
            ECKey ec = (ECKey) key;
            return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(), claims,
                    new ECDSASigner(ec));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A token put together by hand: {@code base64url(header).base64url(payload).signature}. */
    static String byHand(String header, String payload, String signature) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code key} as a PEM {@code PUBLIC KEY} text. */
    static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts that {@code identity} refuses {@code token} with a reason starting with {@code reason}, and that the
     * reason holds neither the token nor any of its parts.
     */
    static Identity.Rejected assertRefused(String reason, Identity identity, String token) {
        Identity.Rejected rejected = assertInstanceOf(Identity.Rejected.class, identity, "for " + reason);
        assertTrue(rejected.reason().startsWith(reason), "expected '" + reason + "', was '" + rejected.reason() + "'");
        assertFalse(rejected.reason().contains(token), "the reason holds the token");
        for (String part : token.split("\\.")) {
            if (part.length() >= 6) {
                assertFalse(rejected.reason().contains(part), "the reason holds a part of the token: " + part);
            }
        }
        return rejected;
    }
}
