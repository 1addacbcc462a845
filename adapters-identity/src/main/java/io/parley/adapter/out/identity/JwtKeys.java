package io.parley.adapter.out.identity;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jose.util.DefaultResourceRetriever;

/**
 * The keys tokens are verified with, each for the algorithm it serves: HS256 for the shared secret, RS256 or ES256
 * for a PEM public key (the key's type decides), RS256 and ES256 for a JWK set. A token of any other algorithm finds
 * no key, so an HS256 token cannot be verified with a public key's bytes. A single configured key is used whatever
 * {@code kid} a token names; in a JWK set the {@code kid} picks the key.
 *
 * <p>The JWK set is fetched with nimbus' {@link JWKSourceBuilder}: cached for the cache lifetime, fetched again when a
 * token names a {@code kid} the cached set lacks (so keys rotate without a restart), at most twice in each minimum
 * re-read interval (so a flood of unknown kids cannot hammer the server), with connect and read timeouts and a size
 * limit, one retry on a failed fetch, and the last good set kept through an outage of up to ten cache lifetimes.
 */
final class JwtKeys implements JWSKeySelector<SecurityContext> {
    private final Map<JWSAlgorithm, JWSKeySelector<SecurityContext>> byAlgorithm = new LinkedHashMap<>();
    private final List<String> sources = new ArrayList<>();

    JwtKeys(JwtSettings settings) {
        settings.secret().ifPresent(secret -> {
            Key key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            byAlgorithm.put(JWSAlgorithm.HS256, new SingleKeyJWSKeySelector<>(JWSAlgorithm.HS256, key));
            sources.add("HS256 with the shared secret");
        });
        settings.publicKey().ifPresent(file -> {
            PemPublicKey pem = PemPublicKey.read(file);
            byAlgorithm.put(pem.algorithm(), new SingleKeyJWSKeySelector<>(pem.algorithm(), pem.key()));
            sources.add(pem.algorithm() + " with the public key in " + file);
        });
        settings.jwksUrl().ifPresent(url -> {
            Set<JWSAlgorithm> algorithms = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
            JWSVerificationKeySelector<SecurityContext> selector =
                    new JWSVerificationKeySelector<>(algorithms, jwkSource(url, settings));
            algorithms.forEach(algorithm -> byAlgorithm.put(algorithm, selector));
            sources.add("RS256 and ES256 with the JWK set at " + url);
        });
    }

    /** The algorithms some key verifies; a token of another is refused before any key is looked for. */
    Set<JWSAlgorithm> algorithms() {
        return byAlgorithm.keySet();
    }

    /** What verifies which algorithm, for the log. */
    String describe() {
        return String.join("; ", sources);
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        JWSKeySelector<SecurityContext> selector = byAlgorithm.get(header.getAlgorithm());
        return selector == null ? List.of() : selector.selectJWSKeys(header, context);
    }

    private static JWKSource<SecurityContext> jwkSource(URI url, JwtSettings settings) {
        int connect = Math.toIntExact(settings.jwksConnectTimeout().toMillis());
        int read = Math.toIntExact(settings.jwksReadTimeout().toMillis());
        try {
            return JWKSourceBuilder.<SecurityContext>create(url.toURL(),
                            new DefaultResourceRetriever(connect, read, settings.jwksSizeLimit()))
                    .cache(settings.jwksCacheLifetime().toMillis(), 2L * (connect + read))
                    .refreshAheadCache(false)
                    .rateLimited(settings.jwksMinRereadInterval().toMillis())
                    .retrying(true)
                    .outageTolerant(true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("PARLEY_JWT_JWKS_URL is no URL that can be fetched: " + url, e);
        }
    }
}
