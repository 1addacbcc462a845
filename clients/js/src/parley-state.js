// Each joined conversation's shared state (PROTOCOL `state`): a JSON document and its version, kept from
// STATE_SNAPSHOT (taken whole) and STATE_DELTA (an RFC 6902 patch that is applied only when its version is exactly
// the one held + 1). A delta that skips a version is not applied: the state is then `stale` until a snapshot comes
// (the next join brings one, and so does a refused change, `conflict`).
//
// The documents handed out are frozen: change the state with the client's `changeState`, not in place.

import { ParleyError } from './parley-errors.js';
import { applyPatch, clone, jsonEqual } from './parley-patch.js';

/** How long a refused state change waits for the snapshot the server sends after `conflict`. */
const SNAPSHOT_WAIT_MS = 10_000;

export class SharedStates {
  /** @type {Map<string, {state: unknown, version: number, stale: boolean, snapshots: number}>} */
  #states = new Map();
  /** @type {{conversation: string, mark: number, resolve: () => void, timer: any}[]} */
  #waiters = [];

  /**
   * What is known of `conversation`'s state: {conversation, state, version, stale}. A conversation without a
   * state yet is version 0 with an empty object.
   */
  get(conversation) {
    const held = this.#entry(conversation);
    return { conversation, state: held.state, version: held.version, stale: held.stale };
  }

  /** How many snapshots `conversation` has taken (to wait for the one that follows a `conflict`). */
  snapshots(conversation) {
    return this.#states.get(conversation)?.snapshots ?? 0;
  }

  /**
   * A STATE_SNAPSHOT: taken unless it is older than what is held. Returns the change to report, or null.
   * @param {{conversation: string, snapshot: unknown, version: number}} frame
   */
  snapshot(frame) {
    const held = this.#entry(frame.conversation);
    const version = Number(frame.version);
    held.snapshots += 1;
    queueMicrotask(() => this.#release(frame.conversation));
    if (!Number.isInteger(version) || version < held.version) return null; // an older one, overtaken
    const changed = version !== held.version || held.stale;
    held.state = freeze(clone(frame.snapshot ?? {}));
    held.version = version;
    held.stale = false;
    return changed ? this.#change('snapshot', frame.conversation, { frame }) : null;
  }

  /**
   * A STATE_DELTA: applied when its version is the one held + 1, ignored when it is not newer (seen already, e.g.
   * this client's own change), ignored and the state marked stale when it skips a version.
   * @param {{conversation: string, delta: object[], version: number}} frame
   */
  delta(frame) {
    const held = this.#entry(frame.conversation);
    const version = Number(frame.version);
    if (!Number.isInteger(version) || version <= held.version) return null;
    if (version !== held.version + 1 || held.stale) return this.#markStale(frame.conversation, { frame });
    try {
      held.state = freeze(applyPatch(held.state, frame.delta));
    } catch {
      return this.#markStale(frame.conversation, { frame }); // the server applied it; if we cannot, we are behind
    }
    held.version = version;
    return this.#change('delta', frame.conversation, { frame, delta: frame.delta });
  }

  /**
   * This client's own change was acknowledged: `patch` took the state from `base` to `version`. When the state held
   * is still at `base`, the same patch gives the same result, so it is applied now (the STATE_DELTA that follows is
   * then seen already). Returns the change to report, or null.
   */
  acknowledged(conversation, base, patch, version) {
    const held = this.#entry(conversation);
    if (held.stale || held.version !== base || version !== base + 1) return null;
    try {
      held.state = freeze(applyPatch(held.state, patch));
    } catch {
      return this.#markStale(conversation, {});
    }
    held.version = version;
    return this.#change('ack', conversation, { delta: patch });
  }

  /** The version held was refused (`conflict`): stale until the snapshot that follows. */
  conflict(conversation) {
    return this.#markStale(conversation, {});
  }

  forget(conversation) {
    this.#states.delete(conversation);
    this.#release(conversation, true);
  }

  /**
   * Resolves once `conversation` took a snapshot after its `mark`-th (see `snapshots`), or it was forgotten, or
   * none came within `timeoutMs`.
   */
  snapshotAfter(conversation, mark, timeoutMs = SNAPSHOT_WAIT_MS) {
    if (this.snapshots(conversation) > mark || !this.#states.has(conversation)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { conversation, mark, resolve, timer: null };
      waiter.timer = setTimeout(() => this.#settle(waiter), timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  #release(conversation, all = false) {
    for (const waiter of [...this.#waiters]) {
      if (waiter.conversation === conversation && (all || this.snapshots(conversation) > waiter.mark)) this.#settle(waiter);
    }
  }

  #settle(waiter) {
    const at = this.#waiters.indexOf(waiter);
    if (at >= 0) this.#waiters.splice(at, 1);
    clearTimeout(waiter.timer);
    waiter.resolve();
  }

  #entry(conversation) {
    let held = this.#states.get(conversation);
    if (!held) {
      held = { state: freeze({}), version: 0, stale: false, snapshots: 0 };
      this.#states.set(conversation, held);
    }
    return held;
  }

  #markStale(conversation, extra) {
    const held = this.#entry(conversation);
    if (held.stale) return null;
    held.stale = true;
    return this.#change('stale', conversation, extra);
  }

  #change(source, conversation, extra) {
    const held = this.#entry(conversation);
    return { conversation, state: held.state, version: held.version, stale: held.stale, source, ...extra };
  }
}

function freeze(value) {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) freeze(value[key]);
  }
  return value;
}

/**
 * A change of the shared state against the version held, as the client's `changeState` makes it: on `conflict`
 * it waits for the snapshot that follows, resolves when a resend turns out to have been applied already, retries
 * once when `retry` asks (true: the same patch; a function of (state, version): a new one, or null to give up),
 * else rejects with a ParleyError `conflict` carrying the `state` and `version` now held.
 * @param {{states: SharedStates, check: (patch: object[]) => void, send: (version: number, patch: object[]) => Promise<object>, joined: () => boolean}} port
 * @param {string} conversation
 * @param {object[]} patch
 * @param {boolean | ((state: unknown, version: number) => object[] | null | undefined)} retry
 */
export async function changeState(port, conversation, patch, retry) {
  port.check(patch);
  let attempt = patch;
  for (let round = 0; ; round++) {
    const base = port.states.get(conversation);
    try {
      const ack = await port.send(base.version, attempt);
      return { ...ack, state: port.states.get(conversation).state };
    } catch (error) {
      if (!(error instanceof ParleyError) || error.code !== 'conflict' || error.snapshotMark === undefined) throw error;
      await port.states.snapshotAfter(conversation, error.snapshotMark);
      const now = port.states.get(conversation);
      if (error.resent && now.version === base.version + 1 && jsonEqual(now.state, patched(base.state, attempt))) {
        // the first try was applied before the connection dropped; only its resend was refused
        return { type: 'ack', conversation, version: now.version, state: now.state };
      }
      if (round === 0 && retry && !error.resent && port.joined()) {
        const next = typeof retry === 'function' ? retry(now.state, now.version) : attempt;
        if (next) {
          port.check(next);
          attempt = next;
          continue;
        }
      }
      throw conflictError(conversation, now, error);
    }
  }
}

/** `patch` applied to `state`, or undefined when it does not apply. */
function patched(state, patch) {
  try {
    return applyPatch(state, patch);
  } catch {
    return undefined;
  }
}

/** The rejection of a state change that someone else's change overtook: with the state as it is now. */
function conflictError(conversation, now, cause) {
  const error = new ParleyError('conflict', `the state of ${conversation} changed first (it is at version ${now.version}`
    + `${now.stale ? ', and no snapshot came' : ''}); the change was not applied: make it again against the current state`,
  { ref: cause.ref, frame: cause.frame });
  error.state = now.state;
  error.version = now.version;
  return error;
}
