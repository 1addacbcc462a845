package io.parley.adapter.out.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.X509CertUtils;

/**
 * A verification key read from a PEM file ({@code PARLEY_JWT_PUBLIC_KEY}): a {@code PUBLIC KEY} (X.509
 * SubjectPublicKeyInfo) or a {@code CERTIFICATE}. The key decides the algorithm: RSA (2048 bits or more) verifies
 * RS256, EC on P-256 verifies ES256.
 *
 * @param algorithm the one algorithm the key verifies
 * @param key       the public key
 */
record PemPublicKey(JWSAlgorithm algorithm, PublicKey key) {
    private static final int MIN_RSA_BITS = 2048;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    /** Reads {@code file}; fails with a message that names the file and says what is wrong with it. */
    static PemPublicKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("PARLEY_JWT_PUBLIC_KEY: no such file: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("PARLEY_JWT_PUBLIC_KEY: cannot read " + file + ": " + e.getMessage(), e);
        }
        Matcher block = BLOCK.matcher(text);
        if (!block.find()) {
            throw unsupported(file, "no PEM PUBLIC KEY or CERTIFICATE block");
        }
        PublicKey key = switch (block.group(1)) {
            case "PUBLIC KEY" -> publicKey(file, Base64.getMimeDecoder().decode(block.group(2)));
            case "CERTIFICATE" -> certificateKey(file, block.group(0));
            default -> throw unsupported(file, "a PEM " + block.group(1) + " block, where a PUBLIC KEY or a "
                    + "CERTIFICATE is needed (never a private key)");
        };
        return new PemPublicKey(algorithmOf(file, key), key);
    }

    private static PublicKey publicKey(Path file, byte[] encoded) {
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(encoded));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not of this type; try the next
            }
        }
        throw unsupported(file, "a public key that is neither RSA nor EC");
    }

    private static PublicKey certificateKey(Path file, String pem) {
        try {
            X509Certificate certificate = X509CertUtils.parseWithException(pem);
            if (certificate != null) {
                return certificate.getPublicKey();
            }
        } catch (CertificateException e) {
            // said below
        }
        throw unsupported(file, "a certificate that cannot be parsed");
    }

    private static JWSAlgorithm algorithmOf(Path file, PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw unsupported(file, "an RSA key of " + rsa.getModulus().bitLength() + " bits (at least "
                        + MIN_RSA_BITS + " are needed)");
            }
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECPublicKey ec && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
            return JWSAlgorithm.ES256;
        }
        throw unsupported(file, "a " + key.getAlgorithm() + " key that is neither RSA nor EC on P-256");
    }

    private static IllegalArgumentException unsupported(Path file, String what) {
        return new IllegalArgumentException("PARLEY_JWT_PUBLIC_KEY: " + file + " holds " + what
                + "; an RSA (RS256) or EC P-256 (ES256) public key in PEM is supported");
    }
}
