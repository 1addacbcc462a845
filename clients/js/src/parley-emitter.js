// A tiny event emitter: listeners are called in the order they were added; a listener that throws is reported
// to the logger and never breaks the client or the other listeners.

export class Emitter {
  #listeners = new Map();
  #logger;

  constructor(logger) {
    this.#logger = logger;
  }

  /** Adds a listener; returns a function that removes it. */
  on(type, listener) {
    if (typeof listener !== 'function') throw new TypeError('a listener must be a function');
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => this.off(type, listener);
  }

  /** Adds a listener that is removed after its first call. */
  once(type, listener) {
    const off = this.on(type, (...args) => {
      off();
      listener(...args);
    });
    return off;
  }

  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  emit(type, ...args) {
    const set = this.#listeners.get(type);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        this.#logger.error?.(`parley: a "${type}" listener threw`, error);
      }
    }
  }
}
