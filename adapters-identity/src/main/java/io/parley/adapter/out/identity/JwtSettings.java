package io.parley.adapter.out.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How {@link JwtIdentity} verifies tokens: which keys, and what the claims must say. At least one key source is
 * needed; a secret may sit beside a public key or a JWKS URL (HS256 tokens then go to the secret, RS256 and ES256
 * ones to the other), but a public key and a JWKS URL cannot both be set.
 *
 * @param secret                 {@code PARLEY_JWT_SECRET}: the HS256 shared secret (its UTF-8 bytes), at least
 *                               32 bytes
 * @param publicKey              {@code PARLEY_JWT_PUBLIC_KEY}: a PEM file with an RSA (RS256) or EC P-256 (ES256)
 *                               public key or certificate; read when the identity is made
 * @param jwksUrl                {@code PARLEY_JWT_JWKS_URL}: an http(s) URL of a JWK set (RS256 and ES256 keys)
 * @param issuer                 {@code PARLEY_JWT_ISSUER}: when set, the {@code iss} every token must have
 * @param audience               {@code PARLEY_JWT_AUDIENCE}: when set, a value the {@code aud} must contain
 * @param leeway                 {@code PARLEY_JWT_LEEWAY}: how far {@code exp}, {@code nbf} and {@code iat} may be
 *                               off (whole seconds), 0 to 1 hour
 * @param jwksCacheLifetime      how long a fetched JWK set is used before it is fetched again
 * @param jwksMinRereadInterval  the window in which at most two fetches happen (the one that fills the cache and one
 *                               re-read for an unknown {@code kid}); shorter than the cache lifetime
 * @param jwksConnectTimeout     how long a JWKS fetch may wait for the connection
 * @param jwksReadTimeout        how long a JWKS fetch may wait for data
 * @param jwksSizeLimit          the most bytes a JWK set may have
 */
public record JwtSettings(Optional<String> secret, Optional<Path> publicKey, Optional<URI> jwksUrl,
                          Optional<String> issuer, Optional<String> audience, Duration leeway,
                          Duration jwksCacheLifetime, Duration jwksMinRereadInterval, Duration jwksConnectTimeout,
                          Duration jwksReadTimeout, int jwksSizeLimit) {
    /** The fewest bytes a shared secret may have: 256 bits, as HS256 needs. */
    public static final int MIN_SECRET_BYTES = 32;
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JWKS_CACHE_LIFETIME = Duration.ofMinutes(5);
    public static final Duration DEFAULT_JWKS_MIN_REREAD_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JWKS_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_JWKS_SIZE_LIMIT = 64 * 1024;
    private static final Duration MAX_LEEWAY = Duration.ofHours(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    public JwtSettings {
        if (secret == null || publicKey == null || jwksUrl == null || issuer == null || audience == null) {
            throw new IllegalArgumentException("jwt settings: secret, public key, JWKS URL, issuer and audience "
                    + "must be given (empty when not set)");
        }
        if (secret.isEmpty() && publicKey.isEmpty() && jwksUrl.isEmpty()) {
            throw new IllegalArgumentException("jwt identity needs a key: set PARLEY_JWT_SECRET (HS256), "
                    + "PARLEY_JWT_PUBLIC_KEY (a PEM file, RS256 or ES256) or PARLEY_JWT_JWKS_URL");
        }
        if (publicKey.isPresent() && jwksUrl.isPresent()) {
            throw new IllegalArgumentException("set PARLEY_JWT_PUBLIC_KEY or PARLEY_JWT_JWKS_URL, not both");
        }
        secret.ifPresent(JwtSettings::requireStrongSecret);
        jwksUrl.ifPresent(JwtSettings::requireHttpUrl);
        if (issuer.filter(String::isBlank).isPresent() || audience.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("PARLEY_JWT_ISSUER and PARLEY_JWT_AUDIENCE must not be blank when set");
        }
        if (leeway == null || leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
            throw new IllegalArgumentException("PARLEY_JWT_LEEWAY must be between 0 and 1 hour: " + leeway);
        }
        requirePositive(jwksCacheLifetime, "the JWKS cache lifetime");
        requirePositive(jwksMinRereadInterval, "the JWKS minimum re-read interval");
        if (jwksMinRereadInterval.compareTo(jwksCacheLifetime) >= 0) {
            throw new IllegalArgumentException("the JWKS minimum re-read interval (" + jwksMinRereadInterval
                    + ") must be shorter than the JWKS cache lifetime (" + jwksCacheLifetime + ")");
        }
        requireTimeout(jwksConnectTimeout, "the JWKS connect timeout");
        requireTimeout(jwksReadTimeout, "the JWKS read timeout");
        if (jwksSizeLimit < 1) {
            throw new IllegalArgumentException("the JWKS size limit must be at least 1 byte: " + jwksSizeLimit);
        }
    }

    /** HS256 with {@code secret}, and the defaults. */
    public static JwtSettings ofSecret(String secret) {
        return of(Optional.of(secret), Optional.empty(), Optional.empty());
    }

    /** RS256 or ES256 with the PEM public key in {@code file}, and the defaults. */
    public static JwtSettings ofPublicKey(Path file) {
        return of(Optional.empty(), Optional.of(file), Optional.empty());
    }

    /** RS256 and ES256 with the keys of the JWK set at {@code url}, and the defaults. */
    public static JwtSettings ofJwks(URI url) {
        return of(Optional.empty(), Optional.empty(), Optional.of(url));
    }

    /** These key sources, no issuer or audience, and the default leeway, cache and fetch limits. */
    public static JwtSettings of(Optional<String> secret, Optional<Path> publicKey, Optional<URI> jwksUrl) {
        return new JwtSettings(secret, publicKey, jwksUrl, Optional.empty(), Optional.empty(), DEFAULT_LEEWAY,
                DEFAULT_JWKS_CACHE_LIFETIME, DEFAULT_JWKS_MIN_REREAD_INTERVAL, DEFAULT_JWKS_TIMEOUT,
                DEFAULT_JWKS_TIMEOUT, DEFAULT_JWKS_SIZE_LIMIT);
    }

    /** The same settings with a shared secret too (or instead). */
    public JwtSettings withSecret(String other) {
        return new JwtSettings(Optional.of(other), publicKey, jwksUrl, issuer, audience, leeway, jwksCacheLifetime,
                jwksMinRereadInterval, jwksConnectTimeout, jwksReadTimeout, jwksSizeLimit);
    }

    /** The same settings, with tokens needing this {@code iss}. */
    public JwtSettings withIssuer(String other) {
        return new JwtSettings(secret, publicKey, jwksUrl, Optional.of(other), audience, leeway, jwksCacheLifetime,
                jwksMinRereadInterval, jwksConnectTimeout, jwksReadTimeout, jwksSizeLimit);
    }

    /** The same settings, with tokens needing this value in their {@code aud}. */
    public JwtSettings withAudience(String other) {
        return new JwtSettings(secret, publicKey, jwksUrl, issuer, Optional.of(other), leeway, jwksCacheLifetime,
                jwksMinRereadInterval, jwksConnectTimeout, jwksReadTimeout, jwksSizeLimit);
    }

    /** The same settings with another leeway for {@code exp}, {@code nbf} and {@code iat}. */
    public JwtSettings withLeeway(Duration other) {
        return new JwtSettings(secret, publicKey, jwksUrl, issuer, audience, other, jwksCacheLifetime,
                jwksMinRereadInterval, jwksConnectTimeout, jwksReadTimeout, jwksSizeLimit);
    }

    /** The same settings with another JWKS cache lifetime and minimum re-read interval. */
    public JwtSettings withJwksCache(Duration lifetime, Duration minRereadInterval) {
        return new JwtSettings(secret, publicKey, jwksUrl, issuer, audience, leeway, lifetime, minRereadInterval,
                jwksConnectTimeout, jwksReadTimeout, jwksSizeLimit);
    }

    /** The same settings with other bounds on a JWKS fetch. */
    public JwtSettings withJwksFetch(Duration connectTimeout, Duration readTimeout, int sizeLimit) {
        return new JwtSettings(secret, publicKey, jwksUrl, issuer, audience, leeway, jwksCacheLifetime,
                jwksMinRereadInterval, connectTimeout, readTimeout, sizeLimit);
    }

    /** Like the record's, but never shows the secret. */
    @Override
    public String toString() {
        return "JwtSettings[secret=" + (secret.isPresent() ? "***" : "none") + ", publicKey="
                + publicKey.map(Path::toString).orElse("none") + ", jwksUrl=" + jwksUrl.map(URI::toString)
                .orElse("none") + ", issuer=" + issuer.orElse("any") + ", audience=" + audience.orElse("any")
                + ", leeway=" + leeway + ", jwksCacheLifetime=" + jwksCacheLifetime + ", jwksMinRereadInterval="
                + jwksMinRereadInterval + ", jwksConnectTimeout=" + jwksConnectTimeout + ", jwksReadTimeout="
                + jwksReadTimeout + ", jwksSizeLimit=" + jwksSizeLimit + "]";
    }

    /** Refuses a secret HS256 cannot use safely; the message never holds the secret. */
    static void requireStrongSecret(String secret) {
        int bytes = secret == null ? 0 : secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("PARLEY_JWT_SECRET must be at least " + MIN_SECRET_BYTES
                    + " bytes (256 bits) for HS256, but has " + bytes + "; generate one with: openssl rand -base64 48");
        }
    }

    private static void requireHttpUrl(URI url) {
        if (url == null || !url.isAbsolute() || url.getHost() == null || url.getUserInfo() != null
                || !url.getScheme().toLowerCase(Locale.ROOT).matches("https?")) {
            throw new IllegalArgumentException("PARLEY_JWT_JWKS_URL must be an http(s) URL without credentials, "
                    + "such as https://login.example.com/.well-known/jwks.json");
        }
    }

    private static void requirePositive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }

    private static void requireTimeout(Duration value, String what) {
        requirePositive(value, what);
        if (value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_TIMEOUT + ": " + value);
        }
    }
}
