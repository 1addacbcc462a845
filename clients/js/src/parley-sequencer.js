// One conversation's stored events in offset order, each exactly once. Offsets are per conversation, start at 1
// and grow by one (PROTOCOL §2), so `last`, the highest offset delivered with nothing missing below it, is the
// whole recovery position: a rejoin asks for `since: last`.
//
// An event above last + 1 means something is missing in between. With `hold` (the default) it waits, bounded,
// while the gap is paged in over `history`; without, it is delivered at once and the gap is reported for the
// application to page (PROTOCOL: recovered false, "page the rest").

export class Sequencer {
  /**
   * @param {(event: object) => void} deliver called once per offset, in order
   * @param {(gap: {after: number, before: number}) => void} onGap called when an event arrives above a gap
   * @param {{hold?: boolean, maxHeld?: number}} [options]
   */
  constructor(deliver, onGap, { hold = true, maxHeld = 5_000 } = {}) {
    this.last = 0;
    this.#deliver = deliver;
    this.#onGap = onGap;
    this.#hold = hold;
    this.#maxHeld = maxHeld;
  }

  #deliver;
  #onGap;
  #hold;
  #maxHeld;
  /** @type {Map<number, object>} */
  #held = new Map();

  /** Starts at `offset` (a join without `since`: what is older is history, not missed). */
  reset(offset) {
    this.last = offset;
    this.#held.clear();
  }

  get heldCount() {
    return this.#held.size;
  }

  /** The lowest offset waiting above a gap, or null. */
  get lowestHeld() {
    let lowest = null;
    for (const offset of this.#held.keys()) if (lowest === null || offset < lowest) lowest = offset;
    return lowest;
  }

  /** Takes one stored event; returns `delivered`, `duplicate` or `held`. */
  push(event) {
    const offset = event.offset;
    if (!Number.isInteger(offset) || offset <= this.last) return 'duplicate';
    if (offset === this.last + 1) {
      this.last = offset;
      this.#deliver(event);
      this.#drain();
      return 'delivered';
    }
    if (!this.#hold) {
      const gap = { after: this.last, before: offset };
      this.last = offset;
      this.#deliver(event);
      this.#onGap(gap);
      return 'delivered';
    }
    if (this.#held.has(offset)) return 'duplicate';
    if (this.#held.size < this.#maxHeld) this.#held.set(offset, event); // beyond: paged in again later
    this.#onGap({ after: this.last, before: this.lowestHeld ?? offset });
    return 'held';
  }

  /**
   * Gives up on the offsets up to `offset` (history no longer has them: purged by retention), delivering what
   * waits above them. Returns the range given up, or null.
   */
  skipTo(offset) {
    if (offset <= this.last) return null;
    const lost = { after: this.last, before: offset + 1 };
    this.last = offset;
    for (const held of this.#held.keys()) if (held <= offset) this.#held.delete(held);
    this.#drain();
    return lost;
  }

  #drain() {
    for (let next = this.#held.get(this.last + 1); next; next = this.#held.get(this.last + 1)) {
      this.#held.delete(this.last + 1);
      this.last += 1;
      this.#deliver(next);
    }
  }
}
