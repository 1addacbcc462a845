// The one error type the client rejects with: a server error code (bad_request, not_joined, rate_limited, …)
// or one of the client's own (queue_full, too_large, closed, timeout, unsupported, stopped, aborted).

export class ParleyError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{ref?: string, retryAfterMs?: number, closeCode?: number, frame?: object}} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'ParleyError';
    this.code = code;
    if (details.ref !== undefined) this.ref = details.ref;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.closeCode !== undefined) this.closeCode = details.closeCode;
    if (details.frame !== undefined) this.frame = details.frame;
  }

  /** The error a server `error` frame stands for. */
  static fromFrame(frame) {
    const code = frame.code === 'unknown_type' ? 'unsupported' : String(frame.code ?? 'internal');
    return new ParleyError(code, String(frame.message ?? code), {
      ref: frame.ref,
      retryAfterMs: typeof frame.retry_after_ms === 'number' ? frame.retry_after_ms : undefined,
      frame,
    });
  }
}
