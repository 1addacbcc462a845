package io.parley.bootstrap.bench;

import java.util.concurrent.TimeUnit;

/** Profiling aid: fan-out against a server that is already running on the port given. */
final class FanOutOnly {
    private FanOutOnly() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int messages = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        try (NioReceivers receivers = new NioReceivers(port, count, "bench")) {
            RawSender sender = new RawSender(port, "sender", "bench");
            receivers.expect(messages * (long) count);
            long started = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                sender.send("{\"type\":\"send\",\"conversation\":\"bench\",\"reply\":false,\"content\":\""
                        + System.nanoTime() + " m\"}");
            }
            receivers.await(5, TimeUnit.MINUTES);
            long took = System.nanoTime() - started;
            long[] lat = receivers.latenciesMicros();
            System.out.printf("%d receivers: %d msgs in %d ms; p50 %d us p99 %d us%n", count, messages,
                    took / 1_000_000, lat[lat.length / 2], lat[(int) (lat.length * 0.99)]);
        }
    }
}
