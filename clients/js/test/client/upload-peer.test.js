// Upload cases that the real jar cannot be made to show on demand, against a peer on a real socket that answers
// as PROTOCOL §2 and the server's upload rules say, frame by frame: a chunk refused `rate_limited` or
// `unavailable` (the peer then ignores the upload's frames until it is announced again); an ack lost with the
// connection, the resume answered upload_ready with every byte and the ack again (as the jar does) or not_found
// (the upload's own message answers), either way nothing uploaded twice; a resume id the server forgot (the
// upload starts over); a wrong hash; a cancel. The same flows against the jar are in uploads.test.js.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';

import { WebSocketServer } from 'ws';

import { testClient } from '../support/clients.js';
import { waitFor } from '../support/wait.js';

const CHUNK = 1000;

/** A peer with uploads kept across connections (resume by id), stored messages replayed on `join` `since`. */
async function uploadPeer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const peer = { script: {}, frames: [], binaries: 0, uploads: new Map(), completed: new Map(), messages: [],
    sockets: [], seq: 0 };
  wss.on('connection', (socket, request) => {
    peer.sockets.push(socket);
    const user = new URL(request.url, 'http://peer').searchParams.get('user');
    const send = (frame) => socket.send(JSON.stringify(frame));
    let current = null; // the upload under way on this connection
    let ignoring = false; // after a rate_limited chunk, until the upload is announced again
    send({ type: 'welcome', protocol: 1, connection: `c${peer.sockets.length}`, user, node: 'peer',
      heartbeat: { interval_ms: 25_000, timeout_ms: 10_000 },
      limits: { max_message_bytes: CHUNK, messages_per_second: 1000, max_upload_bytes: 50_000 } });
    socket.on('message', (data, binary) => {
      if (socket.readyState !== socket.OPEN) return; // cut: what was in the same read is lost with it
      if (binary) {
        peer.binaries += 1;
        if (!current) return send({ type: 'error', code: 'bad_request', message: 'no upload under way' });
        if (ignoring) return;
        const upload = current;
        const index = upload.chunks++;
        const refusal = peer.script.refuseChunk?.(index, upload); // 'rate_limited' or 'unavailable' (a drain)
        if (refusal) {
          ignoring = true;
          return send({ type: 'error', code: refusal, message: 'not now', ref: upload.ref, retry_after_ms: 60 });
        }
        upload.parts.push(Buffer.from(data));
        upload.received += data.length;
        if (peer.script.cutAfter?.(upload)) return socket.terminate();
        if (upload.received < upload.size) return;
        const bytes = Buffer.concat(upload.parts);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        peer.uploads.delete(upload.id);
        current = null;
        if (upload.received > upload.size || sha256 !== (peer.script.expectHash ?? upload.sha256)) {
          return send({ type: 'error', code: 'bad_request', message: 'the bytes do not match the hash', ref: upload.ref });
        }
        const message = { type: 'message', conversation: upload.conversation, offset: ++peer.seq, id: `msg-${peer.seq}`,
          role: 'user', sender: user, content: upload.name, at: new Date().toISOString(),
          attachment: { id: `att-${peer.seq}`, name: upload.name, mime: upload.mime, size: upload.size, sha256,
            url: `/api/attachments/att-${peer.seq}` } };
        peer.messages.push({ message, bytes });
        peer.completed.set(upload.id, message);
        if (peer.script.loseAck?.(upload)) return socket.terminate(); // stored, but neither ack nor message left
        send({ type: 'ack', ref: upload.ref, conversation: upload.conversation, offset: message.offset, id: message.id });
        for (const other of wss.clients) other.send(JSON.stringify(message));
        return;
      }
      const frame = JSON.parse(String(data));
      peer.frames.push(frame);
      switch (frame.type) {
        case 'join':
          send({ type: 'joined', ref: frame.ref, conversation: frame.conversation, role: 'member', offset: peer.seq });
          for (const { message } of peer.messages) if (frame.since !== undefined && message.offset > frame.since) send(message);
          return;
        case 'ping':
          return send({ type: 'pong', ref: frame.ref });
        case 'upload': {
          let upload;
          const done = frame.upload && peer.completed.get(frame.upload);
          if (done && peer.script.rememberCompleted) {
            // as the jar does: a stored upload announced again is ready with every byte, and acked again
            send({ type: 'upload_ready', ref: frame.ref, upload: frame.upload, received: frame.size });
            return send({ type: 'ack', ref: frame.ref, conversation: done.conversation, offset: done.offset, id: done.id });
          }
          if (frame.upload) {
            upload = peer.uploads.get(frame.upload);
            if (!upload) return send({ type: 'error', code: 'not_found', message: 'no such upload', ref: frame.ref });
          } else {
            const id = `up-${peer.uploads.size + 1}-${Date.now()}`;
            upload = { id, conversation: frame.conversation, name: frame.name, mime: frame.mime, size: frame.size,
              sha256: frame.sha256, received: 0, parts: [], chunks: 0, announces: 0 };
            peer.uploads.set(id, upload);
          }
          upload.ref = frame.ref;
          upload.announces += 1;
          current = upload;
          ignoring = false;
          if (peer.script.forget?.(upload)) peer.uploads.delete(upload.id); // say ready, then lose it with the socket
          return send({ type: 'upload_ready', ref: frame.ref, upload: upload.id, received: upload.received });
        }
        default:
          return send({ type: 'error', code: 'unknown_type', message: frame.type, ref: frame.ref });
      }
    });
  });
  peer.url = `ws://127.0.0.1:${wss.address().port}/ws`;
  peer.close = () => new Promise((resolve) => {
    for (const client of wss.clients) client.terminate();
    wss.close(resolve);
  });
  return peer;
}

const file = (n, seed = 7) => new Uint8Array(n).map((_, i) => (i * seed + (i >> 8)) % 256);
const hex = (bytes) => createHash('sha256').update(bytes).digest('hex');

describe('uploads against a protocol peer', () => {
  let peer;
  const clients = [];
  const make = (user) => {
    const made = testClient({ ws: peer.url }, user);
    clients.push(made.client);
    return made;
  };
  before(async () => {
    peer = await uploadPeer();
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await peer?.close();
  });

  for (const refusal of ['rate_limited', 'unavailable']) {
    test(`a chunk refused ${refusal}: the client waits, announces the upload again with its id, goes on`, async () => {
      peer.script = { refuseChunk: (index, upload) => upload.announces === 1 && index === 3 && refusal };
      const { client, seen } = make(`rita-${refusal}`);
      await client.connect();
      await client.join(`limited-${refusal}`);
      const bytes = file(7_500);
      const ack = await client.upload(`limited-${refusal}`, bytes, { name: 'limited.bin' });
      const stored = peer.messages.at(-1);
      assert.equal(ack.id, stored.message.id);
      assert.deepEqual([...stored.bytes], [...bytes], 'every byte once, in order');
      const announces = peer.frames.filter((f) => f.type === 'upload' && f.conversation === `limited-${refusal}`);
      assert.equal(announces.length, 2);
      assert.equal(announces[1].upload, ack.upload, 'the second announce resumes the first');
      assert.deepEqual(seen.errors, [], 'nothing reported beside the upload');
      await waitFor(() => (seen.messages.get(`limited-${refusal}`) ?? []).length === 1, { what: 'the message' });
    });
  }

  // the jar answers a stored upload announced again with upload_ready {received: size} and the ack again; a server
  // that forgot it answers not_found, and the upload's own message, replayed on the rejoin, is the answer
  const answers = ['upload_ready and the ack again', 'not_found'];
  for (const answer of answers) {
    test(`the ack lost with the connection, the resume answered ${answer}: stored once`, async () => {
      let lost = false;
      peer.script = { rememberCompleted: answer === 'upload_ready and the ack again',
        loseAck: (upload) => upload.name === 'lost-ack.bin' && !lost && (lost = true) };
      const conversation = `lost-${answers.indexOf(answer)}`;
      const { client, seen, sockets } = make(`lara-${answers.indexOf(answer)}`);
      await client.connect();
      await client.join(conversation);
      const before = peer.messages.length;
      const ack = await client.upload(conversation, file(2_500), { name: 'lost-ack.bin', mime: 'application/x-test' });
      assert.equal(sockets.length, 2, 'reconnected once');
      assert.equal(peer.messages.length, before + 1, 'stored once: not uploaded again');
      assert.equal(ack.id, peer.messages.at(-1).message.id);
      assert.equal(ack.offset, peer.messages.at(-1).message.offset);
      assert.equal(ack.mime, 'application/x-test');
      assert.equal(peer.frames.filter((f) => f.type === 'upload' && f.conversation === conversation).length, 2);
      assert.equal((seen.messages.get(conversation) ?? []).filter((m) => m.attachment).length, 1);
    });
  }

  test('a resume id the server forgot: the upload starts over from 0 and is stored once', async () => {
    let cut = false;
    peer.script = {
      forget: (upload) => upload.name === 'forgotten.bin' && upload.announces === 1,
      cutAfter: (upload) => upload.name === 'forgotten.bin' && upload.received >= 2 * CHUNK && !cut && (cut = true),
    };
    const { client } = make('fred');
    await client.connect();
    await client.join('forgot');
    const bytes = file(4_200, 13);
    const progress = [];
    const ack = await client.upload('forgot', bytes, { name: 'forgotten.bin', onProgress: (p) => progress.push(p.sent) });
    const announces = peer.frames.filter((f) => f.type === 'upload' && f.name === 'forgotten.bin');
    assert.deepEqual(announces.map((f) => Boolean(f.upload)), [false, true, false], 'announce, resume (not_found), new');
    assert.deepEqual([...peer.messages.at(-1).bytes], [...bytes]);
    assert.equal(ack.sha256, hex(bytes));
    assert.ok(progress.includes(0) && progress.lastIndexOf(0) > progress.indexOf(2 * CHUNK), `progress went back to 0: ${progress}`);
    assert.equal(progress.at(-1), 4_200);
  });

  test('refusals: a wrong hash, over max_upload_bytes before a byte leaves, not joined, cancelled', async () => {
    const { client } = make('rose');
    await client.connect();
    await client.join('refusals');
    peer.script = { expectHash: 'not-the-hash' };
    await assert.rejects(client.upload('refusals', file(1_500), { name: 'bad.bin' }),
      (e) => e.code === 'bad_request' && /bad\.bin/.test(e.message) && /hash/.test(e.message));
    peer.script = {};
    const binaries = peer.binaries;
    await assert.rejects(client.upload('refusals', new Blob([new Uint8Array(50_001)]), { name: 'big.bin' }),
      (e) => e.code === 'too_large' && /big\.bin/.test(e.message) && /50000/.test(e.message));
    await assert.rejects(client.upload('elsewhere', file(10)), { code: 'not_joined' });
    await assert.rejects(client.upload('refusals', new Uint8Array(0), { name: 'empty.bin' }),
      (e) => e.code === 'bad_request' && /empty\.bin is empty/.test(e.message));
    assert.equal(peer.binaries, binaries, 'not a byte sent for them');

    // cancelled while another one waits for its turn, and one cancelled half-way
    const slow = new AbortController();
    const first = client.upload('refusals', file(20_000), { name: 'cancelled.bin', signal: slow.signal,
      onProgress: ({ sent }) => { if (sent >= 3 * CHUNK) slow.abort(); } });
    const waiting = new AbortController();
    const second = client.upload('refusals', file(100), { name: 'never.bin', signal: waiting.signal });
    waiting.abort();
    await assert.rejects(second, { code: 'aborted' });
    await assert.rejects(first, { code: 'aborted' });
    assert.ok(peer.binaries - binaries < 20, `stopped half-way (${peer.binaries - binaries} chunks)`);
    const after = await client.upload('refusals', file(1_200), { name: 'after.bin' });
    assert.equal(after.name, 'after.bin', 'the next upload goes on as usual');
    assert.equal(peer.frames.filter((f) => f.name === 'never.bin').length, 0, 'the one cancelled in its turn never went');
  });
});
