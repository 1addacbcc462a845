package io.parley.adapter.out.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.application.port.out.IdentityPort.Identity;
import io.parley.domain.connection.UserId;
import io.parley.domain.testing.MutableClock;

import static io.parley.adapter.out.identity.TestTokens.assertRefused;
import static io.parley.adapter.out.identity.TestTokens.claims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RS256 and ES256 with a PEM public key file: the key's type decides the algorithm, and nothing else passes. */
class PemJwtIdentityTest {
    private static RSAKey rsa;
    private static ECKey ec;

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atEpoch();

    @BeforeAll
    static void keys() {
        rsa = TestTokens.rsa("rsa-1");
        ec = TestTokens.ec("ec-1");
    }

    @Test
    void anRsaPublicKeyVerifiesRs256() throws JOSEException {
        JwtIdentity identity = identityWith(TestTokens.pem(rsa.toRSAPublicKey()));
        Identity.Known known = assertInstanceOf(Identity.Known.class,
                identify(identity, TestTokens.sign(rsa, claims(clock).build())));
        assertEquals(new UserId("alice"), known.user());

        String otherKey = TestTokens.sign(TestTokens.rsa("rsa-1"), claims(clock).build());
        assertRefused("bad signature", identify(identity, otherKey), otherKey);
        String es256 = TestTokens.sign(ec, claims(clock).build());
        assertRefused("algorithm not accepted", identify(identity, es256), es256);
    }

    @Test
    void anEcP256PublicKeyVerifiesEs256() throws JOSEException {
        JwtIdentity identity = identityWith(TestTokens.pem(ec.toECPublicKey()));
        assertInstanceOf(Identity.Known.class, identify(identity, TestTokens.sign(ec, claims(clock).build())));

        String otherKey = TestTokens.sign(TestTokens.ec("ec-1"), claims(clock).build());
        assertRefused("bad signature", identify(identity, otherKey), otherKey);
        String rs256 = TestTokens.sign(rsa, claims(clock).build());
        assertRefused("algorithm not accepted", identify(identity, rs256), rs256);
    }

    @Test
    void aSingleKeyIsUsedWhateverKidTheTokenNames() throws JOSEException {
        JwtIdentity identity = identityWith(TestTokens.pem(rsa.toRSAPublicKey()));
        RSAKey renamed = new RSAKey.Builder(rsa).keyID("another-kid").build();
        assertInstanceOf(Identity.Known.class, identify(identity, TestTokens.sign(renamed, claims(clock).build())));
    }

    @Test
    void anHs256TokenMacedWithThePublicKeyIsRefused() throws JOSEException {
        String pem = TestTokens.pem(rsa.toRSAPublicKey());
        JwtIdentity identity = identityWith(pem);
        for (byte[] publicBytes : new byte[][] {pem.getBytes(StandardCharsets.US_ASCII),
                rsa.toRSAPublicKey().getEncoded()}) {
            String confused = TestTokens.hs256(publicBytes, claims(clock).build());
            assertRefused("algorithm not accepted", identify(identity, confused), confused);
        }
    }

    @Test
    void aSecretBesideAPublicKeyServesHs256Only() throws JOSEException {
        Path file = TestTokens.write(dir, "key.pem", TestTokens.pem(rsa.toRSAPublicKey()));
        JwtIdentity identity = new JwtIdentity(JwtSettings.ofPublicKey(file).withSecret(TestTokens.SECRET), clock);
        assertInstanceOf(Identity.Known.class, identify(identity, TestTokens.sign(rsa, claims(clock).build())));
        assertInstanceOf(Identity.Known.class, identify(identity,
                TestTokens.hs256(TestTokens.SECRET, claims(clock).build())));
        assertEquals("HS256 with the shared secret; RS256 with the public key in " + file, identity.keySources());
        String confused = TestTokens.hs256(rsa.toRSAPublicKey().getEncoded(), claims(clock).build());
        assertRefused("bad signature", identify(identity, confused), confused);
    }

    @Test
    void aCertificateBringsItsPublicKey() throws Exception {
        Path store = dir.resolve("store.p12");
        keytool("-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "parley", "-dname", "CN=parley",
                "-validity", "2", "-keystore", store.toString(), "-storepass", "changeit");
        Path certificate = dir.resolve("certificate.pem");
        keytool("-exportcert", "-rfc", "-alias", "parley", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        KeyStore keys = KeyStore.getInstance(store.toFile(), "changeit".toCharArray());
        ECPublicKey publicKey = (ECPublicKey) keys.getCertificate("parley").getPublicKey();
        ECKey signing = new ECKey.Builder(Curve.P_256, publicKey)
                .privateKey((PrivateKey) keys.getKey("parley", "changeit".toCharArray())).build();

        JwtIdentity identity = new JwtIdentity(JwtSettings.ofPublicKey(certificate), clock);
        assertInstanceOf(Identity.Known.class, identify(identity, TestTokens.sign(signing, claims(clock).build())));
    }

    @Test
    void aMissingFileIsSaidClearly() {
        Path missing = dir.resolve("nowhere.pem");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JwtIdentity(JwtSettings.ofPublicKey(missing), clock));
        assertTrue(e.getMessage().contains("PARLEY_JWT_PUBLIC_KEY") && e.getMessage().contains("no such file"),
                e.getMessage());
    }

    @Test
    void unsupportedFilesAreSaidClearly() throws Exception {
        assertUnsupported("not a pem at all", "no PEM PUBLIC KEY or CERTIFICATE block");
        assertUnsupported(TestTokens.pem("PRIVATE KEY", rsa.toRSAPrivateKey().getEncoded()), "PRIVATE KEY block");
        assertUnsupported(TestTokens.pem("PUBLIC KEY", "garbage".getBytes(StandardCharsets.US_ASCII)),
                "neither RSA nor EC");
        assertUnsupported(TestTokens.pem("CERTIFICATE", "garbage".getBytes(StandardCharsets.US_ASCII)),
                "certificate that cannot be parsed");
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertUnsupported(TestTokens.pem(p384.generateKeyPair().getPublic()), "neither RSA nor EC on P-256");
        assertUnsupported(TestTokens.pem(weakRsa()), "RSA key of 1024 bits");
    }

    private void assertUnsupported(String content, String says) {
        Path file = TestTokens.write(dir, "bad.pem", content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JwtIdentity(JwtSettings.ofPublicKey(file), clock));
        assertTrue(e.getMessage().startsWith("PARLEY_JWT_PUBLIC_KEY: ") && e.getMessage().contains(says),
                e.getMessage());
        assertFalse(e.getMessage().contains("BEGIN"), "the message does not quote the file: " + e.getMessage());
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "keytool: " + output);
    }

    private static PublicKey weakRsa() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        return generator.generateKeyPair().getPublic();
    }

    private JwtIdentity identityWith(String pem) {
        return new JwtIdentity(JwtSettings.ofPublicKey(TestTokens.write(dir, "key.pem", pem)), clock);
    }

    private static Identity identify(JwtIdentity identity, String token) {
        return identity.identify(new Credentials(Optional.of(token), Optional.empty()));
    }
}
