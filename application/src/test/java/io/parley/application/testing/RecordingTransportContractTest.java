package io.parley.application.testing;

import java.util.List;

import io.parley.application.port.out.ConnectionTransportPort;
import io.parley.application.port.out.ConnectionTransportPortContract;

/** The tests' recording transport keeps the port's contract, so that what the queue tests show holds on sockets. */
class RecordingTransportContractTest extends ConnectionTransportPortContract {

    @Override
    protected Wire connect() {
        RecordingTransport transport = new RecordingTransport();
        return new Wire() {
            private int read;

            @Override
            public ConnectionTransportPort transport() {
                return transport;
            }

            @Override
            public List<Seen> receive(int count) {
                List<Seen> seen = transport.written().stream().skip(read).limit(count).map(Seen::of).toList();
                read += seen.size();
                return seen;
            }

            @Override
            public void stopReading() {
                transport.stall();
            }

            @Override
            public void hangUp() {
                transport.breakDown();
            }

            @Override
            public void close() {
                transport.abort();
            }
        };
    }
}
