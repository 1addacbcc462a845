// Waiting for a condition, never for a fixed time: polls until `condition` holds, or fails after a deadline
// generous enough for a loaded machine.

export async function waitFor(condition, { timeoutMs = 30_000, intervalMs = 20, what = 'a condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves with the first `type` event of `client` that `match` accepts. */
export function nextEvent(client, type, match = () => true, { timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for a "${type}" event`));
    }, timeoutMs);
    const off = client.on(type, (...args) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args[0]);
    });
  });
}
