// Recovery against the real jar: a server restart on the same database mid-conversation, a slow consumer closed
// with 4009 whose rejoin cannot be replayed whole (the gap is paged over history), and a bounded offline queue.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { offsetsProblem, testClient } from '../support/clients.js';
import { ParleyServer, freePort, tempDir } from '../support/parley-server.js';
import { nextEvent, waitFor } from '../support/wait.js';

describe('a server restart mid-conversation (same H2 file)', () => {
  let server;
  let db;
  const clients = [];
  before(async () => {
    db = tempDir();
    server = await ParleyServer.start({
      env: { PARLEY_STORE: 'jdbc', PARLEY_DB_URL: `jdbc:h2:file:${db.dir}/parley`, PARLEY_MESSAGES_PER_SECOND: '200' },
    });
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
    db?.cleanup();
  });

  test('both clients come back by themselves, sends made while it was down go out once, nothing is missing', async () => {
    const alice = testClient(server, 'alice');
    const bob = testClient(server, 'bob');
    clients.push(alice.client, bob.client);
    await Promise.all([alice.client.connect(), bob.client.connect()]);
    await alice.client.join('restart-1');
    await bob.client.join('restart-1');
    for (let i = 1; i <= 5; i++) await alice.client.send('restart-1', `before ${i}`, { reply: false });
    await waitFor(() => bob.messages('restart-1').length === 5);

    const inFlight = [];
    for (let i = 1; i <= 5; i++) inFlight.push(alice.client.send('restart-1', `during ${i}`, { reply: false }));
    const bobGone = nextEvent(bob.client, 'disconnected');
    await server.stop();
    const gone = await bobGone;
    assert.equal(gone.code, 1001, 'the node said it was shutting down');
    assert.ok(gone.willReconnect && gone.delayMs <= 200, `a short random delay after 1001: ${gone.delayMs}`);
    for (let i = 1; i <= 3; i++) inFlight.push(alice.client.send('restart-1', `offline ${i}`, { reply: false }));
    assert.notEqual(alice.client.state, 'open');

    await server.start();
    const acks = await Promise.all(inFlight);
    await bob.client.send('restart-1', 'bob is back', { reply: false });
    await waitFor(() => alice.messages('restart-1').length === 14 && bob.messages('restart-1').length === 14,
      { what: 'both have all 14 messages' });

    const stored = await server.allMessages('restart-1', 'alice');
    const expected = [1, 2, 3, 4, 5].map((i) => `before ${i}`)
      .concat([1, 2, 3, 4, 5].map((i) => `during ${i}`), [1, 2, 3].map((i) => `offline ${i}`), ['bob is back']);
    assert.deepEqual(stored.map((m) => m.content), expected);
    assert.deepEqual(acks.map((a) => a.offset), [6, 7, 8, 9, 10, 11, 12, 13]);
    for (const who of [alice, bob]) {
      assert.equal(offsetsProblem(who.messages('restart-1'), 14), null);
      assert.deepEqual(who.messages('restart-1').map((m) => m.id), stored.map((m) => m.id));
      assert.ok(who.seen.recoveries.some((r) => r.conversation === 'restart-1' && r.complete));
    }
  });
});

describe('a slow consumer closed with 4009', () => {
  let server;
  const clients = [];
  before(async () => {
    server = await ParleyServer.start({
      env: {
        PARLEY_MAX_MESSAGE_BYTES: '1KiB', PARLEY_OUTBOUND_QUEUE_BYTES: '2KiB', PARLEY_MESSAGES_PER_SECOND: '1000',
        // a consumer that stopped reading gets its close frame once it reads again, however long the test took
        // to get there: neither the close timeout nor the write timeout cuts its socket first (that is a 1006)
        PARLEY_CLOSE_TIMEOUT: '120s', PARLEY_WRITE_TIMEOUT: '120s',
      },
    });
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
  });

  test('reconnects, learns the replay was cut (recovered false), pages the gap, ends with every message once', async () => {
    const bob = testClient(server, 'bob');
    clients.push(bob.client);
    await bob.client.connect();
    await bob.client.join('slow-1');
    // the messages come over HTTP (server key): bob is the one connection that can fall behind
    const post = (content) => server.json('/api/conversations/slow-1/messages', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content }),
    });
    await post('first');
    await waitFor(() => bob.messages('slow-1').length === 1);

    // bob stops reading: once the socket's buffers are full, the server's 2 KiB queue for him overflows. Sending
    // goes on until the server logs that it is closing bob's own connection as a slow consumer.
    const connection = bob.client.welcome.connection;
    const bobClosed = () => server.log.some((line) => line.includes('event=slow_consumer')
      && line.includes(`connection=${connection} `));
    bob.socket().pause();
    const text = (i) => `${String(i).padStart(4, '0')} ${'x'.repeat(600)}`;
    let sent = 1;
    while (!bobClosed()) {
      await Promise.all(Array.from({ length: 10 }, () => post(text(++sent))));
      assert.ok(sent < 20_000, 'the server should have closed the slow consumer by now');
    }
    // more than a replay holds (half the queue: one of these messages), so the rejoin cannot recover them all
    for (let i = 0; i < 30; i++) await post(text(++sent));

    const cut = nextEvent(bob.client, 'disconnected');
    const recovered = nextEvent(bob.client, 'recovery', (r) => r.complete && r.paged > 0, { timeoutMs: 60_000 });
    bob.socket().resume();
    assert.equal((await cut).code, 4009);
    const recovery = await recovered;
    assert.equal(recovery.recovered, false, 'the replay was cut by the small queue');
    await waitFor(() => bob.messages('slow-1').length >= sent, { timeoutMs: 60_000, what: `bob has all ${sent}` });

    const stored = await server.allMessages('slow-1', 'bob');
    assert.equal(stored.length, sent);
    assert.equal(offsetsProblem(bob.messages('slow-1'), sent), null);
    assert.deepEqual(bob.messages('slow-1').map((m) => m.id), stored.map((m) => m.id));
    const first = bob.seen.recoveries.find((r) => r.conversation === 'slow-1');
    assert.equal(first.complete, false);
    assert.ok(first.gap.after < first.gap.before, JSON.stringify(first));
    assert.deepEqual(bob.seen.disconnects.map((d) => d.code), [4009], 'closed once, as a slow consumer');
  });

  test('with autoFillGaps false the application is told the gap and pages it with fillGap', async () => {
    const carol = testClient(server, 'carol', { autoFillGaps: false });
    const dave = testClient(server, 'dave');
    clients.push(carol.client, dave.client);
    await Promise.all([carol.client.connect(), dave.client.connect()]);
    await carol.client.join('slow-2');
    await dave.client.join('slow-2');
    carol.client.disconnect();
    for (let i = 1; i <= 12; i++) await dave.client.send('slow-2', `${i} ${'y'.repeat(300)}`, { reply: false });
    const told = nextEvent(carol.client, 'recovery');
    await carol.client.connect();
    const recovery = await told;
    assert.equal(recovery.recovered, false);
    assert.equal(recovery.complete, false);
    const replayed = carol.messages('slow-2').length;
    assert.ok(replayed < 12, `the replay was cut (${replayed} of 12)`);
    const missing = await carol.client.fillGap('slow-2', recovery.gap);
    assert.deepEqual([...carol.messages('slow-2'), ...missing].map((m) => m.offset),
      Array.from({ length: 12 }, (_, i) => i + 1));
    await dave.client.send('slow-2', 'live again', { reply: false });
    await waitFor(() => carol.messages('slow-2').at(-1)?.content === 'live again');
    assert.equal(carol.client.lastOffset('slow-2'), 13);
  });
});

describe('the offline queue', () => {
  let server;
  let client;
  after(async () => {
    client?.close();
    await server?.stop();
  });

  test('holds at most maxQueued requests while no server answers, and delivers them once one does', async () => {
    const port = await freePort();
    const nobody = { ws: `ws://127.0.0.1:${port}/ws` };
    const erin = testClient(nobody, 'erin', { maxQueued: 3 });
    client = erin.client;
    const connected = client.connect();
    const joined = client.join('queue-1');
    const sends = [1, 2, 3].map((i) => client.send('queue-1', `queued ${i}`, { reply: false }));
    await assert.rejects(client.send('queue-1', 'one too many', { reply: false }), (e) => {
      assert.equal(e.code, 'queue_full');
      assert.match(e.message, /maxQueued 3/);
      return true;
    });
    await waitFor(() => erin.seen.disconnects.length >= 2, { what: 'connection attempts fail and back off' });
    assert.ok(erin.seen.disconnects.every((d) => d.willReconnect));

    server = await ParleyServer.start({ port });
    await connected;
    await joined;
    const acks = await Promise.all(sends);
    assert.deepEqual(acks.map((a) => a.offset), [1, 2, 3]);
    const stored = await server.allMessages('queue-1', 'erin');
    assert.deepEqual(stored.map((m) => m.content), ['queued 1', 'queued 2', 'queued 3']);
    await waitFor(() => erin.messages('queue-1').length === 3);
    assert.equal(offsetsProblem(erin.messages('queue-1'), 3), null);
  });
});
