// One conversation's stored events in offset order, each exactly once. Offsets are per conversation, start at 1
// and grow by one (PROTOCOL §2), so `last`, the highest offset delivered with nothing missing below it, is the
// whole recovery position: a rejoin asks for `since: last`.
//
// A live event above last + 1 means something is missing in between. With `hold` (the default) it waits, bounded,
// while the gap is paged in over `history`; without, it is delivered at once and the gap is reported for the
// application to page (PROTOCOL: recovered false, "page the rest").
//
// Not every offset is shown, though: a deleted message is gone from replays and history pages (its offset is not
// reused; its `message_deleted` follows at an offset of its own). What a join's replay or a history page carries is
// every entry of its range still shown, in order, so a hole there is a deleted message, not a gap: `accept` takes
// such events at once.

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
   * Takes an event from a source that carries every entry of its range still shown, in order (a join's replay, a
   * history page `after` an offset at or below `last`): the offsets between `last` and it are not shown (deleted
   * messages, or purged), so it is delivered at once. Events held below it (heard live) are delivered first, in
   * order. Returns `delivered` or `duplicate`.
   */
  accept(event) {
    const offset = event.offset;
    if (!Number.isInteger(offset) || offset <= this.last) return 'duplicate';
    this.#releaseBelow(offset);
    this.#held.delete(offset); // the same entry, in hand
    this.last = offset;
    this.#deliver(event);
    this.#drain();
    return 'delivered';
  }

  /**
   * Gives up on the offsets up to `offset` (history no longer shows them: purged by retention, or deleted),
   * delivering what waits there and above them. Returns the range given up, or null.
   */
  skipTo(offset) {
    if (offset <= this.last) return null;
    const lost = { after: this.last, before: offset + 1 };
    this.#releaseBelow(offset + 1);
    this.last = Math.max(this.last, offset);
    this.#drain();
    return lost;
  }

  /** Delivers, in order, the held events below `offset` (events that did arrive are never dropped). */
  #releaseBelow(offset) {
    const below = [...this.#held.keys()].filter((held) => held < offset).sort((a, b) => a - b);
    for (const held of below) {
      const event = this.#held.get(held);
      this.#held.delete(held);
      this.last = held;
      this.#deliver(event);
    }
  }

  #drain() {
    for (let next = this.#held.get(this.last + 1); next; next = this.#held.get(this.last + 1)) {
      this.#held.delete(this.last + 1);
      this.last += 1;
      this.#deliver(next);
    }
  }
}
