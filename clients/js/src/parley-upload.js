// Uploads as PROTOCOL §2 shapes them: an `upload` request, `upload_ready` {upload, received}, the bytes from
// `received` on in binary frames of at most max_message_bytes, then `ack` {offset, id} and a `message` with
// `attachment`. A connection carries one upload at a time; a dropped connection resumes with the upload id.
// (The server side is still to come: today the request is answered `unknown_type`, rejected as `unsupported`.)

import { ParleyError } from './parley-errors.js';

const MAX_RESUMES = 5;

/**
 * @param {object} port the client's internals: request, expect, sendBinary, limits, whenReady
 * @param {string} conversation
 * @param {Blob|ArrayBuffer|ArrayBufferView} data
 * @param {{name?: string, mime?: string, onProgress?: (p: {sent: number, size: number}) => void, signal?: AbortSignal}} options
 */
export async function uploadFile(port, conversation, data, options = {}) {
  const bytes = await toBytes(data);
  const size = bytes.byteLength;
  const name = options.name ?? (typeof data?.name === 'string' ? data.name : 'upload');
  const mime = options.mime ?? (typeof data?.type === 'string' && data.type ? data.type : 'application/octet-stream');
  const sha256 = await hexSha256(bytes);
  let upload;
  for (let resumes = 0; ; resumes++) {
    options.signal?.throwIfAborted();
    await port.whenReady();
    const limits = port.limits();
    if (limits && typeof limits.max_upload_bytes === 'number' && size > limits.max_upload_bytes) {
      throw new ParleyError('too_large', `the file has ${size} bytes; this server takes at most ${limits.max_upload_bytes}`);
    }
    const frame = { type: 'upload', conversation, name, mime, size };
    if (sha256) frame.sha256 = sha256;
    if (upload) frame.upload = upload;
    const ready = await port.request('upload', frame, { resendable: false });
    upload = ready.upload;
    const done = port.expect(ready.ref, 'ack');
    done.catch(() => {}); // awaited below; a drop while sending must not be reported twice
    try {
      const chunk = Math.max(1, (limits?.max_message_bytes ?? 64 * 1024) - 64);
      for (let at = ready.received ?? 0; at < size;) {
        options.signal?.throwIfAborted();
        const end = Math.min(size, at + chunk);
        await port.sendBinary(bytes.subarray(at, end));
        at = end;
        options.onProgress?.({ sent: at, size });
      }
      return await done;
    } catch (error) {
      if (error?.code === 'disconnected' && resumes < MAX_RESUMES) continue;
      throw error;
    }
  }
}

async function toBytes(data) {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data && typeof data.arrayBuffer === 'function') return new Uint8Array(await data.arrayBuffer());
  throw new TypeError('upload takes a Blob, an ArrayBuffer or a typed array');
}

async function hexSha256(bytes) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined; // an insecure browser context: the server checks the size alone
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
