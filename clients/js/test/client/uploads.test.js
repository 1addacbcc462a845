// Uploads against the real jar (PROTOCOL §2 `upload`, §3 GET /api/attachments/{id}), with small bounds so that
// a few hundred KiB make many chunks: an upload reaching both members as a message with its attachment and the
// signed url serving the same bytes; progress over many chunks, each within max_message_bytes; a connection cut
// mid-upload and resumed, one message in the end; the server's rate limit hit mid-upload and resumed; a cancel;
// too_large before a byte leaves and at the announce.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { clientPool } from '../support/clients.js';
import { bytes, png, sha256 } from '../support/files.js';
import { ParleyServer } from '../support/parley-server.js';
import { nextEvent, waitFor } from '../support/wait.js';

const MAX_MESSAGE_BYTES = 16_384;
const MAX_UPLOAD_BYTES = 256 * 1024;
const RATE = 40;

describe('uploads', () => {
  let server;
  const pool = clientPool(() => server);
  const { clients } = pool;
  const make = (user, options) => pool.make(user, options);
  /** Two members of `conversation`, connected and joined. */
  const pair = async (conversation, options = {}) => {
    const alice = make(`alice-${conversation}`, options);
    const bob = make(`bob-${conversation}`);
    await Promise.all([alice.client.connect(), bob.client.connect()]);
    await alice.client.join(conversation);
    await bob.client.join(conversation);
    return { alice, bob };
  };
  const withAttachment = (made, conversation) => made.messages(conversation).filter((m) => m.attachment);
  const announces = (made) => made.sent.filter((f) => f.type === 'upload');
  const fetchBytes = async (url, init) => {
    const response = await fetch(server.http + url, init);
    return { response, body: new Uint8Array(await response.arrayBuffer()) };
  };

  before(async () => {
    server = await ParleyServer.start({
      env: { PARLEY_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES), PARLEY_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
        PARLEY_MESSAGES_PER_SECOND: String(RATE), PARLEY_CONNECTS_PER_MINUTE: '600' },
    });
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
  });

  test('an upload reaches both members as a message with its attachment; the signed url serves the same bytes', async () => {
    const { alice, bob } = await pair('files-1');
    const image = png(40, 24);
    const atBob = nextEvent(bob.client, 'message', (m) => m.attachment);
    const ack = await alice.client.upload('files-1', new Blob([image], { type: 'image/png' }), { name: 'dot.png' });
    assert.equal(ack.conversation, 'files-1');
    assert.equal(ack.sha256, sha256(image));
    assert.equal(ack.size, image.length);
    assert.equal(alice.client.supports.upload, true);

    const message = await atBob;
    assert.equal(message.id, ack.id);
    assert.equal(message.offset, ack.offset);
    assert.equal(message.role, 'user');
    assert.equal(message.sender, alice.client.user);
    assert.equal(message.content, 'dot.png', 'the content is the file name');
    const { attachment } = message;
    assert.deepEqual({ name: attachment.name, mime: attachment.mime, size: attachment.size, sha256: attachment.sha256 },
      { name: 'dot.png', mime: 'image/png', size: image.length, sha256: sha256(image) });
    await waitFor(() => withAttachment(alice, 'files-1').length === 1, { what: 'the uploader\'s own message' });
    assert.equal(withAttachment(alice, 'files-1')[0].id, ack.id);

    // the signed url needs no credentials; what it serves is what was sent
    assert.match(attachment.url, /^\/api\/attachments\/[^?]+\?.*expires=\d+.*signature=/);
    assert.equal(alice.client.attachmentUrl(attachment), server.http + attachment.url);
    const { response, body } = await fetchBytes(attachment.url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type').split(';')[0], 'image/png');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(response.headers.get('content-disposition') ?? '', /^inline/);
    assert.equal(Number(response.headers.get('content-length')), image.length);
    assert.deepEqual(body, image);
    assert.equal(sha256(body), attachment.sha256);
    const ranged = await fetchBytes(attachment.url, { headers: { range: 'bytes=8-23' } });
    assert.equal(ranged.response.status, 206);
    assert.deepEqual(ranged.body, image.subarray(8, 24));
    // a member's credentials work too (dev mode: ?user=)
    const asMember = await fetchBytes(`/api/attachments/${attachment.id}?user=${bob.client.user}`);
    assert.equal(asMember.response.status, 200);
    assert.deepEqual(asMember.body, image);

    // an upload starts no assistant run: the next message (without a reply) follows it directly
    await alice.client.send('files-1', 'that was a picture', { reply: false });
    await waitFor(() => bob.messages('files-1').length === 2, { what: 'the text after the upload' });
    const stored = await server.allMessages('files-1', bob.client.user);
    assert.deepEqual(stored.map((m) => [m.role, m.content]), [['user', 'dot.png'], ['user', 'that was a picture']]);
    assert.equal(stored[0].attachment.id, attachment.id, 'history carries the attachment');
    assert.equal(alice.seen.runs.size + bob.seen.runs.size, 0, 'no run started');
    assert.deepEqual([...alice.seen.errors, ...bob.seen.errors], []);
  });

  test('a file of many chunks: each within max_message_bytes, progress up to its size, history with a fresh url', async () => {
    const { alice, bob } = await pair('files-2');
    const data = bytes(200 * 1024 + 123, 7);
    const progress = [];
    const ack = await alice.client.upload('files-2', data, { name: 'report.bin',
      onProgress: ({ sent, size }) => progress.push([sent, size]) });
    const chunks = alice.sent.filter((f) => f.binary !== undefined);
    assert.equal(chunks.length, Math.ceil(data.length / MAX_MESSAGE_BYTES));
    assert.ok(chunks.every((c) => c.binary <= MAX_MESSAGE_BYTES), 'every chunk within max_message_bytes');
    assert.equal(chunks.reduce((sum, c) => sum + c.binary, 0), data.length, 'every byte sent once');
    assert.ok(progress.every(([, size]) => size === data.length));
    assert.deepEqual(progress.map(([sent]) => sent), [...progress.map(([sent]) => sent)].sort((a, b) => a - b), 'never back');
    assert.equal(progress[0][0], 0);
    assert.equal(progress.at(-1)[0], data.length);
    assert.ok(progress.length > 10, `${progress.length} progress events`);
    assert.equal(announces(alice).length, 1);
    assert.equal(announces(alice)[0].mime, 'application/octet-stream');

    const message = await waitFor(() => withAttachment(bob, 'files-2').length === 1, { what: 'bob\'s message' })
      .then(() => withAttachment(bob, 'files-2')[0]);
    assert.equal(message.id, ack.id);
    const page = await bob.client.history('files-2', { after: 0 });
    assert.equal(page.messages.length, 1);
    const fromHistory = page.messages[0].attachment;
    assert.equal(fromHistory.id, message.attachment.id);
    const { response, body } = await fetchBytes(fromHistory.url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment;.*filename\*=UTF-8''report\.bin/);
    assert.equal(sha256(body), sha256(data));
  });

  test('a connection cut mid-upload resumes where the server\'s bytes end: one message, the right bytes', async () => {
    const { alice, bob } = await pair('files-3');
    const data = bytes(180 * 1024, 11);
    let cut = false;
    const progress = [];
    const ready = [];
    alice.client.on('frame', (f) => { if (f.type === 'upload_ready') ready.push(f); });
    const ack = await alice.client.upload('files-3', data, { name: 'cut.bin', mime: 'application/x-test',
      onProgress: ({ sent }) => {
        progress.push(sent);
        if (!cut && sent >= 4 * MAX_MESSAGE_BYTES) {
          cut = true;
          alice.socket().terminate(); // as a network would: no close frame
        }
      } });
    assert.equal(alice.sockets.length, 2, 'reconnected once');
    const [first, second] = announces(alice);
    assert.equal(announces(alice).length, 2);
    assert.equal(first.upload, undefined);
    assert.equal(second.upload, ack.upload, 'resumed with the upload id');
    assert.equal(second.sha256, first.sha256);
    // the second connection sent exactly what the server did not hold: from its `received` on
    assert.equal(ready.length, 2);
    const secondAt = alice.sent.indexOf(second);
    const before = alice.sent.slice(0, secondAt).filter((f) => f.binary !== undefined).reduce((sum, f) => sum + f.binary, 0);
    const afterwards = alice.sent.slice(secondAt).filter((f) => f.binary !== undefined).reduce((sum, f) => sum + f.binary, 0);
    const { received } = ready[1];
    assert.ok(received <= before && received < data.length, `the server held ${received} of the ${before} bytes sent`);
    assert.equal(afterwards, data.length - received, 'from received on, each byte once');
    assert.ok(progress.includes(received), 'progress picked up at the server\'s count');

    await waitFor(() => withAttachment(bob, 'files-3').length >= 1 && withAttachment(alice, 'files-3').length >= 1,
      { what: 'the message at both' });
    const stored = await server.allMessages('files-3', bob.client.user);
    assert.equal(stored.length, 1, 'stored once');
    assert.equal(stored[0].id, ack.id);
    assert.equal(withAttachment(bob, 'files-3').length, 1);
    assert.equal(withAttachment(alice, 'files-3').length, 1);
    const { body } = await fetchBytes(stored[0].attachment.url);
    assert.deepEqual(body, data);
    assert.equal(stored[0].attachment.sha256, sha256(data));
    assert.equal(stored[0].attachment.mime, 'application/x-test');
  });

  test('a client that outruns the rate limit: the chunk refused rate_limited, the upload announced again, resumed', async () => {
    // this client believes it may send ten times as fast as it may, in chunks small enough that there are more of
    // them than the server's burst (2 × RATE): the server refuses a chunk, then ignores the upload's frames until
    // it is announced again. Such a client keeps outrunning it, and may well be closed 4008 on the way: it then
    // reconnects and resumes as after any drop
    const CHUNK = 2048;
    const fast = (frame) => (frame.type === 'welcome'
      ? { ...frame, limits: { ...frame.limits, messages_per_second: RATE * 10, max_message_bytes: CHUNK } } : frame);
    const { alice, bob } = await pair('files-4', { rewrite: fast });
    const limited = [];
    alice.client.on('frame', (f) => { if (f.type === 'error' && f.code === 'rate_limited') limited.push(f); });
    const data = bytes(3 * RATE * CHUNK, 5);
    const ack = await alice.client.upload('files-4', data, { name: 'fast.bin' });
    assert.ok(limited.length >= 1, 'the server refused at least one chunk');
    const refs = announces(alice).map((f) => f.ref);
    assert.ok(limited.some((f) => refs.includes(f.ref)), 'with the upload\'s ref');
    assert.ok(announces(alice).length >= 2, 'announced again');
    assert.ok(announces(alice).slice(1).every((f) => f.upload === ack.upload), 'each time with its id');
    await waitFor(() => withAttachment(bob, 'files-4').length === 1, { what: 'bob\'s message' });
    const stored = await server.allMessages('files-4', bob.client.user);
    assert.equal(stored.length, 1);
    assert.deepEqual((await fetchBytes(stored[0].attachment.url)).body, data);
  });

  test('a cancelled upload stores nothing; the next one goes through', async () => {
    const { alice, bob } = await pair('files-5');
    const controller = new AbortController();
    const cancelled = alice.client.upload('files-5', bytes(220 * 1024, 3), { name: 'cancelled.bin',
      signal: controller.signal, onProgress: ({ sent }) => { if (sent >= 2 * MAX_MESSAGE_BYTES) controller.abort(); } });
    await assert.rejects(cancelled, { code: 'aborted' });
    const small = bytes(5_000, 9);
    const ack = await alice.client.upload('files-5', small, { name: 'kept.txt', mime: 'text/plain' });
    await waitFor(() => withAttachment(bob, 'files-5').length === 1, { what: 'bob\'s message' });
    const stored = await server.allMessages('files-5', bob.client.user);
    assert.deepEqual(stored.map((m) => m.id), [ack.id], 'only the one not cancelled');
    assert.equal(stored[0].attachment.name, 'kept.txt');
    assert.deepEqual((await fetchBytes(stored[0].attachment.url)).body, small);
  });

  test('too_large: refused before a byte leaves, and by the server at the announce', async () => {
    const { alice } = await pair('files-6');
    const sentBefore = alice.sent.length;
    await assert.rejects(alice.client.upload('files-6', new Uint8Array(MAX_UPLOAD_BYTES + 1), { name: 'huge.bin' }),
      (e) => e.code === 'too_large' && /huge\.bin/.test(e.message) && e.message.includes(String(MAX_UPLOAD_BYTES)));
    assert.equal(alice.sent.length, sentBefore, 'nothing sent');

    // a client that believes the bound is higher announces it; the server refuses the announce
    const lax = (frame) => (frame.type === 'welcome'
      ? { ...frame, limits: { ...frame.limits, max_upload_bytes: MAX_UPLOAD_BYTES * 4 } } : frame);
    const carol = make('carol-files-6', { rewrite: lax });
    await carol.client.connect();
    await carol.client.join('files-6');
    await assert.rejects(carol.client.upload('files-6', new Uint8Array(MAX_UPLOAD_BYTES + 1), { name: 'huge.bin' }),
      (e) => e.code === 'too_large' && /huge\.bin/.test(e.message));
    assert.equal(announces(carol).length, 1);
    assert.equal(carol.sent.filter((f) => f.binary !== undefined).length, 0, 'not a byte after the refusal');
    await assert.rejects(carol.client.upload('files-elsewhere', new Uint8Array(10)), { code: 'not_joined' });
    assert.deepEqual(await server.allMessages('files-6', carol.client.user), []);
  });
});
