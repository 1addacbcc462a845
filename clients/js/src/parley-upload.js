// Uploads as PROTOCOL §2 shapes them: an `upload` request {conversation, name, mime, size, sha256}, answered
// `upload_ready` {upload, received}; then the bytes from `received` on in binary frames of at most
// max_message_bytes (each one message for the server's rate limit, so they go through the client's pacer like
// every other frame); once the server holds `size` bytes whose hash matches, the `ack` {offset, id} (with the
// upload frame's ref) and a `message` with `attachment` to every member, the uploader included.
//
// The bytes stay in hand until the ack, so an upload survives what stops it half-way. After a dropped
// connection (once reconnected and every conversation joined again) and after a chunk refused `rate_limited` or
// `unavailable` (the server then ignores that upload's frames until it is announced again; the client waits
// retry_after_ms)
// the client announces it again with its id and goes on from the `received` the server holds. A resume id the
// server no longer knows (`not_found`: expired, or a restarted server) starts the upload over from 0, unless the
// upload's own message has arrived meanwhile (its ack was lost with the connection): then that is the answer,
// and nothing is stored twice.

import { ParleyError } from './parley-errors.js';

/** Rounds in a row (drops, refusals) in which the server came to hold no more bytes: then the upload gives up. */
const MAX_STALLED_ROUNDS = 10;
/** Chunks the socket may hold unsent before the next one waits, so that progress says what really left. */
const BUFFERED_CHUNKS = 2;
const DEFAULT_CHUNK = 64 * 1024;

/**
 * @param {object} port the client's internals: request, expect, sendBinary, generation, bufferedAmount, limits,
 *   whenReady, user, onMessage, timeoutMs
 * @param {string} conversation
 * @param {Blob|ArrayBuffer|ArrayBufferView} data
 * @param {{name?: string, mime?: string, onProgress?: (p: {sent: number, size: number}) => void, signal?: AbortSignal}} options
 */
export async function uploadFile(port, conversation, data, options = {}) {
  const { signal, onProgress } = options;
  checkAborted(signal);
  const size = sizeOf(data);
  const name = options.name ?? (typeof data?.name === 'string' && data.name ? data.name : 'upload');
  const mime = options.mime ?? (typeof data?.type === 'string' && data.type ? data.type : 'application/octet-stream');
  if (size === 0) throw new ParleyError('bad_request', `${name} is empty: there is nothing to upload`);
  checkSize(size, port.limits(), name); // before reading a byte, when the limits are known already
  const bytes = await toBytes(data);
  checkAborted(signal);
  const sha256 = await hexSha256(bytes);
  checkAborted(signal);

  // the upload's own message, should its ack be lost with a connection (see not_found below)
  let arrived = null;
  const stopWatching = port.onMessage((m) => {
    const a = m.attachment;
    if (m.conversation === conversation && a && m.sender === port.user() && a.size === size && a.name === name
        && (!sha256 || a.sha256 === sha256)) arrived = m;
  });
  const progress = (sent) => {
    try {
      onProgress?.({ sent, size });
    } catch {
      // the application's listener; an upload does not fail for it
    }
  };

  let upload; // the server's id for it, once it gave one
  let held = -1; // the most bytes the server said it held
  let stalled = 0;
  const anotherRound = (error) => {
    stalled += 1;
    if (stalled > MAX_STALLED_ROUNDS) throw refused(error, name, `gave up after ${stalled} rounds with no progress`);
  };
  try {
    for (;;) {
      checkAborted(signal);
      await abortable(port.whenReady(), signal);
      const limits = port.limits();
      checkSize(size, limits, name);
      const frame = { type: 'upload', conversation, name, mime, size };
      if (sha256) frame.sha256 = sha256;
      if (upload) frame.upload = upload;
      /** @type {Promise<object>|null} the final ack, expected from the moment upload_ready is in */
      let done = null;
      let connection = null; // the bytes go on the connection that announced them, or not at all
      let ready;
      try {
        ready = await abortable(port.request('upload', frame, {
          resendable: false,
          onAnswer: (answer) => {
            // at once, not a microtask later: a small upload's ack may come in the same tick
            if (answer.type !== 'upload_ready' || signal?.aborted) return;
            done = port.expect(answer.ref, 'ack');
            connection = port.generation();
          },
        }), signal);
      } catch (error) {
        if (error?.code === 'disconnected') {
          anotherRound(error);
          continue;
        }
        if (error?.code === 'not_found' && upload) {
          if (arrived) return fromMessage(arrived, upload);
          upload = undefined; // the server lost it: from the start (progress counts again past what it held)
          anotherRound(error);
          continue;
        }
        throw refused(error, name);
      }
      if (ready.type === 'ack') return { ...ready, upload, name, mime, size, sha256 }; // it was complete already
      upload = ready.upload;
      let at = Math.min(size, Math.max(0, Number(ready.received) || 0));
      if (at > held) stalled = 0;
      held = Math.max(held, at);
      progress(at);
      let failure = null;
      done ??= port.expect(ready.ref, 'ack');
      connection ??= port.generation();
      done.catch((error) => { failure = error; }); // a refusal mid-way stops the sending at once
      try {
        const chunk = Math.max(1, limits?.max_message_bytes ?? DEFAULT_CHUNK);
        while (at < size) {
          if (failure) throw failure;
          checkAborted(signal);
          await drained(port, chunk * BUFFERED_CHUNKS, signal, () => failure);
          if (failure) throw failure;
          const end = Math.min(size, at + chunk);
          await port.sendBinary(bytes.subarray(at, end), connection);
          at = end;
          progress(at);
        }
        // every byte is out: the upload is no longer the application's to cancel, only to wait for
        const ack = await withTimeout(done, port.timeoutMs(), name);
        return { ...ack, upload, name, mime, size, sha256 };
      } catch (error) {
        if (error?.code === 'disconnected') {
          if (error.closeCode === 1009) throw refused(error, name, 'the server closed with 1009 (a frame too big)');
          anotherRound(error);
          continue;
        }
        if (error?.code === 'rate_limited' || error?.code === 'unavailable') {
          // not taken (too fast, or a node draining): the server drops the upload's later frames until it is
          // announced again
          anotherRound(error);
          // at least the time for two messages at the announced rate: the announce and a chunk after it
          const rate = limits?.messages_per_second;
          const room = typeof rate === 'number' && rate > 0 ? Math.ceil(2000 / rate) : 0;
          await delay(Math.max(50, error.retryAfterMs ?? 1000, room), signal);
          continue;
        }
        throw refused(error, name);
      }
    }
  } finally {
    stopWatching();
  }
}

/** Resolves as `promise` does, or rejects `aborted` as soon as `signal` is aborted. */
export function abortable(promise, signal) {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    }, (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}

function checkAborted(signal) {
  if (signal?.aborted) throw abortError(signal);
}

function abortError(signal) {
  const reason = signal.reason;
  const why = reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : '';
  const error = new ParleyError('aborted', `the upload was cancelled${why}`);
  error.cause = reason;
  return error;
}

function checkSize(size, limits, name) {
  const max = limits?.max_upload_bytes;
  if (typeof max === 'number' && size > max) {
    throw new ParleyError('too_large', `${name} has ${size} bytes; this server takes files of at most ${max} bytes`);
  }
}

/** A server's refusal (or the client's own error) with the file's name in its message. */
function refused(error, name, why) {
  if (!(error instanceof ParleyError)) return error;
  if (error.code === 'aborted' || (!why && String(error.message).includes(name))) return error; // says it already
  const out = new ParleyError(error.code, `uploading ${name} failed: ${why ?? error.message}`, {
    ref: error.ref, retryAfterMs: error.retryAfterMs, closeCode: error.closeCode, frame: error.frame });
  out.cause = error;
  return out;
}

/** Waits until the socket holds at most `max` bytes unsent (there is no event for it: polled). */
async function drained(port, max, signal, failed) {
  while (port.bufferedAmount() > max && !failed()) {
    checkAborted(signal);
    await delay(10, signal);
  }
}

function delay(ms, signal) {
  return abortable(new Promise((resolve) => setTimeout(resolve, ms)), signal);
}

function withTimeout(promise, ms, name) {
  if (!(ms > 0)) return promise;
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new ParleyError('timeout', `no answer to the upload of ${name} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The answer made of the upload's own message, when its ack was lost. */
function fromMessage(message, upload) {
  const a = message.attachment;
  return { type: 'ack', conversation: message.conversation, offset: message.offset, id: message.id,
    upload, name: a.name, mime: a.mime, size: a.size, sha256: a.sha256 };
}

function sizeOf(data) {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  if (data && typeof data.arrayBuffer === 'function' && typeof data.size === 'number') return data.size;
  throw new TypeError('upload takes a Blob, an ArrayBuffer or a typed array');
}

async function toBytes(data) {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(await data.arrayBuffer());
}

async function hexSha256(bytes) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined; // an insecure browser context: the server checks the size alone
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
