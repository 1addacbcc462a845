// Client-side pacing: a token bucket that keeps the client under the server's message rate (announced in
// `welcome` as limits.messages_per_second; the server allows bursts of twice that, this client uses one), so
// that a queue flushed after a reconnect does not earn `rate_limited` errors and a 4008 close.

export class Pacer {
  #rate;
  #burst;
  #tokens;
  #at;
  #now;

  constructor({ rate = 20, burst = rate, now = () => Date.now() } = {}) {
    this.#now = now;
    this.configure(rate, burst);
  }

  /** New limits (a welcome): the bucket starts full. */
  configure(rate, burst = rate) {
    this.#rate = Math.max(1, rate);
    this.#burst = Math.max(1, Math.floor(burst));
    this.#tokens = this.#burst;
    this.#at = this.#now();
  }

  /** Takes a token when one is there and returns 0; else returns the milliseconds until one will be. */
  take() {
    this.#refill();
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.#tokens) * 1000) / this.#rate));
  }

  /** Takes a token whether or not one is there (a frame that cannot wait, such as a pong). */
  charge() {
    this.#refill();
    this.#tokens -= 1;
  }

  #refill() {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#at) * this.#rate) / 1000);
    this.#at = now;
  }
}
