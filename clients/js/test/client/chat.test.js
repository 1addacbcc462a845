// The client against the real jar: a conversation, the assistant's run assembled as it streams, history,
// idempotent sends, cancel, presence, the features the jar has detected as there; and against a protocol peer
// that has none of the optional ones (the jar has them all now), each detected as unsupported and remembered.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { WebSocketServer } from 'ws';

import { ParleyClient, ParleyError } from '../../src/parley.js';
import { clientPool, testClient } from '../support/clients.js';
import { ParleyServer } from '../support/parley-server.js';
import { nextEvent, waitFor } from '../support/wait.js';

describe('a conversation', () => {
  let server;
  const pool = clientPool(() => server);
  const { clients } = pool;
  const make = (user, options) => pool.make(user, options);

  before(async () => {
    server = await ParleyServer.start({ env: { PARLEY_MESSAGES_PER_SECOND: '200' } });
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
  });

  test('two users chat; each sees every message once, in order, and the assistant reply streams in', async () => {
    const alice = make('alice');
    const bob = make('bob');
    const welcome = await alice.client.connect();
    assert.equal(welcome.user, 'alice');
    assert.equal(welcome.protocol, 1);
    await bob.client.connect();
    const joined = await alice.client.join('chat-1');
    assert.equal(joined.role, 'owner');
    assert.equal((await bob.client.join('chat-1')).role, 'member');

    const deltas = [];
    bob.client.on('agui', (e) => { if (e.type === 'TEXT_MESSAGE_CONTENT') deltas.push(e.delta); });
    const finished = nextEvent(bob.client, 'run', (run) => run.status === 'finished');
    const ack = await alice.client.send('chat-1', 'hello bob');
    assert.equal(ack.offset, 1);
    assert.match(ack.id, /^[0-9a-f-]{36}$/);

    const run = await finished;
    const reply = bob.messages('chat-1').find((m) => m.role === 'assistant');
    assert.ok(reply, 'the stored reply arrives as a message');
    assert.equal(run.text, reply.content, 'the assembled text is the stored reply');
    assert.equal(deltas.join(''), reply.content);
    assert.ok(deltas.length > 3, 'it streamed in pieces');
    assert.equal(run.messages[0].offset, reply.offset);
    assert.deepEqual(run.steps, []);

    await waitFor(() => alice.messages('chat-1').length === 2, { what: 'alice sees both messages' });
    for (const seen of [alice, bob]) {
      assert.deepEqual(seen.messages('chat-1').map((m) => [m.offset, m.role]), [[1, 'user'], [2, 'assistant']]);
    }
    assert.equal(bob.messages('chat-1')[0].sender, 'alice');
  });

  test('history pages backwards and forwards', async () => {
    const carol = make('carol');
    await carol.client.connect();
    await carol.client.join('history-1');
    for (let i = 1; i <= 7; i++) await carol.client.send('history-1', `m${i}`, { reply: false });
    const newest = await carol.client.history('history-1', { limit: 3 });
    assert.deepEqual(newest.messages.map((m) => m.content), ['m5', 'm6', 'm7']);
    assert.equal(newest.has_more, true);
    const older = await carol.client.history('history-1', { before: newest.messages[0].offset, limit: 3 });
    assert.deepEqual(older.messages.map((m) => m.content), ['m2', 'm3', 'm4']);
    const all = await carol.client.fillGap('history-1', { after: 0 });
    assert.deepEqual(all.map((m) => m.content), ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    assert.deepEqual((await carol.client.fillGap('history-1', { after: 2, before: 5 })).map((m) => m.offset), [3, 4]);
    assert.ok(all.every((m) => m.type === 'message'));
  });

  test('a resend with the same id is acknowledged with the same offset and stored once', async () => {
    const dave = make('dave');
    await dave.client.connect();
    await dave.client.join('idem-1');
    const first = dave.client.send('idem-1', 'only once', { reply: false });
    const again = dave.client.send('idem-1', 'only once', { reply: false, id: first.id });
    const [a, b] = await Promise.all([first, again]);
    assert.equal(a.offset, b.offset);
    assert.equal(a.id, b.id);
    const stored = await server.allMessages('idem-1', 'dave');
    assert.deepEqual(stored.map((m) => m.content), ['only once']);
    await assert.rejects(dave.client.send('idem-1', 'other text', { id: first.id, reply: false }),
      (e) => e instanceof ParleyError && e.code === 'conflict');
  });

  test('requests are checked before they leave: not joined, empty, too large', async () => {
    const erin = make('erin');
    await erin.client.connect();
    await assert.rejects(erin.client.send('never-joined', 'x'), { code: 'not_joined' });
    await erin.client.join('checks-1');
    await assert.rejects(erin.client.send('checks-1', ''), { code: 'bad_request' });
    const limit = erin.client.welcome.limits.max_message_bytes;
    await assert.rejects(erin.client.send('checks-1', 'é'.repeat(limit)), { code: 'too_large' });
    await assert.rejects(erin.client.join('not a valid id!'), { code: 'bad_request' });
    assert.equal(erin.client.state, 'open', 'still connected');
  });

  test('what this server has is used and remembered as supported', async () => {
    const frank = make('frank');
    await frank.client.connect();
    await frank.client.join('features-1');
    const present = await frank.client.presence('features-1');
    assert.equal(present.conversation, 'features-1');
    assert.deepEqual(present.members, [{ user: 'frank', connections: 1 }]);
    assert.equal(frank.client.supports.presence, true);
    const uploaded = await frank.client.upload('features-1', new Uint8Array([1, 2, 3]), { name: 'a.bin' });
    assert.equal(uploaded.offset, 1);
    assert.equal(frank.client.supports.upload, true);
    assert.equal((await frank.client.edit('features-1', uploaded.id, 'a.bin, renamed')).offset, 2);
    assert.equal(frank.client.supports.edit, true);
    assert.equal((await frank.client.deleteMessage('features-1', uploaded.id)).offset, 3);
    assert.equal(frank.client.supports.delete, true);
    assert.deepEqual(await frank.client.listConversations(),
      [{ id: 'features-1', role: 'owner', offset: 3, read: 0, unread: 0 }],
      'GET /api/conversations lists the caller\'s conversations');
    assert.equal(frank.client.supports.conversations, true);
    assert.ok(await frank.client.ping() >= 0);
    assert.equal(frank.client.state, 'open');
    assert.deepEqual(frank.seen.errors, []);
  });

  test('members hear another user arrive and go (presence_join / presence_leave), not of themselves', async () => {
    const ivy = make('ivy');
    const jack = make('jack');
    await Promise.all([ivy.client.connect(), jack.client.connect()]);
    const told = [];
    ivy.client.on('presence', (info) => told.push(info));
    await ivy.client.join('presence-1');
    await jack.client.join('presence-1');
    await waitFor(() => told.length === 1, { what: 'jack arriving' });
    assert.deepEqual(told[0], { conversation: 'presence-1', user: 'jack', present: true });
    const members = (await ivy.client.presence('presence-1')).members
      .map((m) => `${m.user}:${m.connections}`).sort();
    assert.deepEqual(members, ['ivy:1', 'jack:1']);
    await jack.client.leave('presence-1');
    await waitFor(() => told.length === 2, { what: 'jack leaving' });
    assert.deepEqual(told[1], { conversation: 'presence-1', user: 'jack', present: false });
  });

  test('leave stops the conversation: no more messages, sends rejected', async () => {
    const gina = make('gina');
    const hank = make('hank');
    await Promise.all([gina.client.connect(), hank.client.connect()]);
    await gina.client.join('leave-1');
    await hank.client.join('leave-1');
    await gina.client.leave('leave-1');
    assert.deepEqual(gina.client.conversations(), []);
    await hank.client.send('leave-1', 'after gina left', { reply: false });
    await assert.rejects(gina.client.send('leave-1', 'x'), { code: 'not_joined' });
    await waitFor(() => hank.messages('leave-1').length === 1);
    assert.equal(gina.messages('leave-1').length, 0);
  });

  test('a client without a WebSocket implementation says how to pass one', () => {
    assert.throws(() => new ParleyClient({ url: server.ws, WebSocket: undefined }), /pass one in/);
  });
});

describe('cancel', () => {
  let server;
  let client;
  before(async () => {
    server = await ParleyServer.start({ env: { PARLEY_LLM_ECHO_DELAY: '300ms' } });
  });
  after(async () => {
    client?.close();
    await server?.stop();
  });

  test('a cancelled run ends cancelled, and nothing is stored for it', async () => {
    const ivy = testClient(server, 'ivy');
    client = ivy.client;
    await client.connect();
    await client.join('cancel-1');
    const started = nextEvent(client, 'run', (run) => run.status === 'running' && run.text.length > 0);
    await client.send('cancel-1', 'a long answer please');
    const run = await started;
    const ended = nextEvent(client, 'run', (r) => r.id === run.id && r.status !== 'running');
    const ack = await client.cancel(run.id);
    assert.equal(ack.run, run.id);
    const final = await ended;
    assert.equal(final.status, 'cancelled');
    assert.equal(final.error.code, 'cancelled');
    const stored = await server.allMessages('cancel-1', 'ivy');
    assert.deepEqual(stored.map((m) => m.role), ['user']);
  });
});

/**
 * A peer that speaks PROTOCOL's core only (welcome, join, send, history, ping) and answers every other request
 * `unknown_type`, as a server without those features does; its HTTP side has no GET /api/conversations (404).
 */
async function corePeer() {
  const http = createServer((request, response) => {
    response.writeHead(404, { 'content-type': 'application/problem+json' });
    response.end(JSON.stringify({ status: 404, code: 'not_found', title: 'Not Found' }));
  });
  const wss = new WebSocketServer({ server: http });
  const peer = { frames: [], http: [] };
  http.on('request', (request) => peer.http.push(`${request.method} ${new URL(request.url, 'http://peer').pathname}`));
  wss.on('connection', (socket, request) => {
    const user = new URL(request.url, 'http://peer').searchParams.get('user');
    const send = (frame) => socket.send(JSON.stringify(frame));
    let offset = 0;
    send({ type: 'welcome', protocol: 1, connection: 'c1', user, node: 'peer',
      heartbeat: { interval_ms: 25_000, timeout_ms: 10_000 },
      limits: { max_message_bytes: 65_536, messages_per_second: 1000, max_upload_bytes: 1_000_000 } });
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data));
      peer.frames.push(frame);
      switch (frame.type) {
        case 'join':
          return send({ type: 'joined', ref: frame.ref, conversation: frame.conversation, role: 'owner', offset });
        case 'send':
          offset += 1;
          send({ type: 'ack', ref: frame.ref, conversation: frame.conversation, offset, id: frame.id });
          return send({ type: 'message', conversation: frame.conversation, offset, id: frame.id, role: 'user',
            sender: user, content: frame.content, at: new Date().toISOString() });
        case 'ping':
          return send({ type: 'pong', ref: frame.ref });
        default:
          return send({ type: 'error', code: 'unknown_type', message: `unknown type ${frame.type}`, ref: frame.ref });
      }
    });
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  peer.url = `ws://127.0.0.1:${http.address().port}/ws`;
  peer.close = () => new Promise((resolve) => {
    for (const client of wss.clients) client.terminate();
    wss.close(() => http.close(resolve));
  });
  return peer;
}

describe('a server without the optional features (a protocol peer)', () => {
  let peer;
  let client;
  before(async () => {
    peer = await corePeer();
  });
  after(async () => {
    client?.close();
    await peer?.close();
  });

  test('each is rejected unsupported (or not sent) and remembered; the connection goes on', async () => {
    const grace = testClient({ ws: peer.url }, 'grace');
    client = grace.client;
    await client.connect();
    await client.join('plain-1');
    const ack = await client.send('plain-1', 'hello', { reply: false });
    assert.equal(ack.offset, 1);

    await assert.rejects(client.edit('plain-1', ack.id, 'edited'), (e) => e instanceof ParleyError && e.code === 'unsupported');
    assert.equal(client.supports.edit, false);
    await assert.rejects(client.deleteMessage('plain-1', ack.id), { code: 'unsupported' });
    assert.equal(client.supports.delete, false);
    await assert.rejects(client.presence('plain-1'), { code: 'unsupported' });
    assert.equal(client.supports.presence, false);
    await assert.rejects(client.upload('plain-1', new Uint8Array([1, 2, 3]), { name: 'a.bin' }), { code: 'unsupported' });
    assert.equal(client.supports.upload, false);

    // fire and forget: the first one goes, its unknown_type answer turns the feature off, the next stays home
    assert.equal(client.typing('plain-1'), true);
    assert.equal(client.markRead('plain-1', 1), true);
    await waitFor(() => client.supports.typing === false && client.supports.read === false,
      { what: 'typing and read found unsupported' });
    assert.equal(client.typing('plain-1'), false);
    assert.equal(client.markRead('plain-1', 2), false);
    assert.equal(await client.listConversations(), null, 'GET /api/conversations: 404');
    assert.equal(client.supports.conversations, false);

    assert.ok(await client.ping() >= 0);
    assert.equal(client.state, 'open');
    const sent = peer.frames.map((f) => f.type).filter((t) => t !== 'ping');
    assert.deepEqual(sent, ['join', 'send', 'edit', 'delete', 'presence', 'upload', 'typing', 'read']);
    assert.deepEqual(peer.http, ['GET /api/conversations']);
    assert.deepEqual(grace.seen.errors, [], 'an unsupported feature is no error the application hears of');
    assert.equal(grace.seen.connects, 1);
  });
});
