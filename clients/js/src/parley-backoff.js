// Reconnection policy: what each close code asks of a client (PROTOCOL §2, "client should"), and full-jitter
// exponential backoff.

/** The default reconnection settings: 0.5 s doubling up to 20 s (as centrifuge-js), 1 s at most after a 1001. */
export const DEFAULT_RECONNECT = Object.freeze({
  minDelayMs: 500,
  maxDelayMs: 20_000,
  shutdownDelayMs: 1_000,
  stableAfterMs: 10_000,
});

/**
 * What to do after a close with `code`:
 * - `stop`: do not reconnect until the application calls `connect()` again (1000 from the server, 1002, 1007,
 *   1008, 1009);
 * - `soon`: reconnect after a short random delay (1001: the node is shutting down, another one is up);
 * - `backoff`: reconnect with backoff (1011, 1013, 4000, 4008, 4009, a dropped connection, anything else);
 *   `penalty` extra doublings for the codes that ask to back off harder (1013 overloaded, 4008 rate);
 * - `lazy`: reconnect when needed (4001 idle): at once when conversations are joined or requests wait, else at
 *   the next request.
 */
export function closePolicy(code) {
  switch (code) {
    case 1000:
    case 1002:
    case 1007:
    case 1008:
    case 1009:
      return { action: 'stop', penalty: 0 };
    case 1001:
      return { action: 'soon', penalty: 0 };
    case 4001:
      return { action: 'lazy', penalty: 0 };
    case 1013:
      return { action: 'backoff', penalty: 2 };
    case 4008:
      return { action: 'backoff', penalty: 3 };
    default:
      return { action: 'backoff', penalty: 0 };
  }
}

/**
 * Full jitter: attempt n (0, 1, 2, …) waits a uniformly random time in [0, min(maxDelayMs, minDelayMs · 2^n)].
 */
export function backoffDelay(attempt, { minDelayMs, maxDelayMs }, random = Math.random) {
  const cap = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * cap);
}
