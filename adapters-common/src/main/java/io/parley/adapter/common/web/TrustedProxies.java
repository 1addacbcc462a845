package io.parley.adapter.common.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.parley.domain.connection.ClientAddress;

/**
 * Works out a client's address: the peer's own, unless the peer is a trusted proxy; then the right-most address
 * in {@code X-Forwarded-For} that is not itself a trusted proxy. {@code X-Forwarded-For} from anyone else is
 * ignored, so clients cannot choose the address their limits are counted by.
 */
public final class TrustedProxies {
    private final List<Cidr> trusted;

    private TrustedProxies(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** Proxies given as addresses or CIDR blocks, such as {@code 10.0.0.0/8} or {@code ::1}. */
    public static TrustedProxies of(List<String> proxies) {
        List<Cidr> parsed = new ArrayList<>();
        for (String proxy : proxies) {
            if (!proxy.isBlank()) {
                parsed.add(Cidr.parse(proxy.trim()));
            }
        }
        return new TrustedProxies(parsed);
    }

    /** Trusts nobody. */
    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /** The client's address given the peer's and the {@code X-Forwarded-For} values, in header order. */
    public ClientAddress resolve(InetAddress peer, List<String> forwardedFor) {
        if (!isTrusted(peer)) {
            return new ClientAddress(peer.getHostAddress());
        }
        List<String> hops = new ArrayList<>();
        forwardedFor.forEach(value -> {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    hops.add(part.trim());
                }
            }
        });
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.get(i));
            if (hop.isEmpty()) {
                break;
            }
            if (!isTrusted(hop.get()) || i == 0) {
                return new ClientAddress(hop.get().getHostAddress());
            }
        }
        return new ClientAddress(peer.getHostAddress());
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(c -> c.contains(address));
    }

    /** An IP literal (no DNS lookups: a forwarded value that is not an address is not trusted). */
    static Optional<InetAddress> literal(String value) {
        String v = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        boolean ipv4 = v.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = v.contains(":") && v.matches("[0-9a-fA-F:.%a-zA-Z]+");
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(v));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An address block. */
    private record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            InetAddress address = literal(host).orElseThrow(
                    () -> new IllegalArgumentException("not an IP address or CIDR block: " + text));
            byte[] bytes = address.getAddress();
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
