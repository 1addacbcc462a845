package io.parley.adapter.common.web;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrustedProxiesTest {

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        assertEquals("203.0.113.9", TrustedProxies.none()
                .resolve(InetAddress.getByName("203.0.113.9"), List.of("1.2.3.4")).host());
    }

    @Test
    void behindTrustedProxiesTheRightmostUntrustedHopIsTheClient() throws Exception {
        TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.1"));
        InetAddress proxy = InetAddress.getByName("10.1.2.3");
        assertEquals("198.51.100.7", proxies.resolve(proxy, List.of("1.1.1.1, 198.51.100.7, 192.168.1.1")).host(),
                "the left-most value can be forged by the client; the right-most untrusted one cannot");
        assertEquals("198.51.100.7", proxies.resolve(proxy, List.of("1.1.1.1", "198.51.100.7")).host());
        assertEquals("10.9.9.9", proxies.resolve(proxy, List.of("10.9.9.9")).host(), "all trusted: the first hop");
        assertEquals("10.1.2.3", proxies.resolve(proxy, List.of()).host());
        assertEquals("10.1.2.3", proxies.resolve(proxy, List.of("not-an-address")).host());
    }

    @Test
    void ipv6BlocksAndLiteralsAreUnderstood() throws Exception {
        TrustedProxies proxies = TrustedProxies.of(List.of("::1", "fd00::/8"));
        assertEquals("2001:db8:0:0:0:0:0:1", proxies.resolve(InetAddress.getByName("fd12::5"),
                List.of("[2001:db8::1]")).host());
        assertEquals(Optional.empty(), TrustedProxies.literal("example.com"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/33")));
    }

    @Test
    void bearerTokensComeFromTheHeaderOrTheAccessTokenParameter() {
        assertEquals(Optional.of("abc"), RequestCredentials.of(Optional.of("Bearer abc"), Optional.empty(),
                Optional.empty()).bearerToken());
        assertEquals(Optional.of("q"), RequestCredentials.of(Optional.of("Basic xyz"), Optional.of("q"),
                Optional.empty()).bearerToken());
        assertEquals(Optional.of("u"), RequestCredentials.of(Optional.empty(), Optional.empty(),
                Optional.of("u")).claimedUser());
    }
}
