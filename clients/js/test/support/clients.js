// ParleyClients for tests, on the `ws` package, each socket remembered so that a test can drop it, pause it or
// read its state, and what the client wrote recorded: real sockets, nothing mocked. `rewrite` changes text frames
// as they arrive (a test that needs a client to believe other limits than the server's, to provoke the server).

import WebSocket from 'ws';

import { ParleyClient } from '../../src/parley.js';

/** Fast reconnection for tests: the policy is the same, the delays short. */
export const FAST_RECONNECT = { minDelayMs: 50, maxDelayMs: 1_000, shutdownDelayMs: 200 };

export function trackedWebSocket({ rewrite } = {}) {
  const sockets = [];
  /** What the client wrote, over every socket: text frames parsed, binary frames as {binary: byteLength}. */
  const sent = [];
  class Tracked extends WebSocket {
    constructor(...args) {
      super(...args);
      this.deaf = false;
      sockets.push(this);
    }

    send(data, ...rest) {
      if (typeof data === 'string') {
        try {
          sent.push(JSON.parse(data));
        } catch {
          sent.push({ text: data });
        }
      } else {
        sent.push({ binary: data.byteLength });
      }
      return super.send(data, ...rest);
    }

    /** From now on what arrives is lost, as if the network dropped it (the socket itself stays up). */
    deafen() {
      this.deaf = true;
    }

    get onmessage() {
      return super.onmessage;
    }

    set onmessage(listener) {
      super.onmessage = listener && ((event) => {
        if (this.deaf) return;
        if (rewrite && typeof event.data === 'string' && event.data.startsWith('{')) {
          const frame = rewrite(JSON.parse(event.data));
          listener({ data: JSON.stringify(frame) });
          return;
        }
        listener(event);
      });
    }
  }
  return { WebSocket: Tracked, sockets, sent, current: () => sockets.at(-1) };
}

/**
 * A client for `user` on `server`, recording what the application would see: messages per conversation, every
 * stored event (messages, edits, deletes) per conversation, runs, disconnections and recoveries.
 */
export function testClient(server, user, { rewrite, ...options } = {}) {
  const tracked = trackedWebSocket({ rewrite });
  const client = new ParleyClient({
    url: server.ws, user, WebSocket: tracked.WebSocket, reconnect: FAST_RECONNECT, ...options,
  });
  const seen = { messages: new Map(), stored: new Map(), disconnects: [], recoveries: [], errors: [], runs: new Map(),
    connects: 0 };
  const keep = (map, event) => {
    if (!map.has(event.conversation)) map.set(event.conversation, []);
    map.get(event.conversation).push(event);
  };
  client.on('message', (m) => {
    keep(seen.messages, m);
    keep(seen.stored, m);
  });
  for (const type of ['message_edited', 'message_deleted']) client.on(type, (event) => keep(seen.stored, event));
  client.on('disconnected', (d) => seen.disconnects.push(d));
  client.on('recovery', (r) => seen.recoveries.push(r));
  client.on('error', (e) => seen.errors.push(e));
  client.on('connected', () => { seen.connects += 1; });
  client.on('run', (run) => seen.runs.set(run.id, run));
  return { client, seen, sockets: tracked.sockets, socket: tracked.current, sent: tracked.sent,
    messages: (conversation) => seen.messages.get(conversation) ?? [],
    stored: (conversation) => seen.stored.get(conversation) ?? [] };
}

/** Offsets 1..n, each once, in order, or a description of what is wrong. */
export function offsetsProblem(messages, n) {
  const offsets = messages.map((m) => m.offset);
  for (let i = 0; i < offsets.length; i++) {
    if (offsets[i] !== i + 1) return `at position ${i} offset ${offsets[i]} (expected ${i + 1}); offsets: ${offsets.join(',')}`;
  }
  if (n !== undefined && offsets.length !== n) return `${offsets.length} messages, expected ${n}`;
  return null;
}

/**
 * The clients one suite makes, closed together after it: `make(user, options)` is {@link testClient} on the
 * suite's server (`server()` asks for it when a client is made, as suites start theirs in `before`).
 */
export function clientPool(server) {
  const clients = [];
  return {
    clients,
    make(user, options) {
      const made = testClient(server(), user, options);
      clients.push(made.client);
      return made;
    },
    closeAll() {
      clients.forEach((c) => c.close());
    },
  };
}
