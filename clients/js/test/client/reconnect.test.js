// Dropped connections against the real jar: sockets cut mid-conversation and mid-run, a send stored but never
// acknowledged, the close codes that ask the client to stop. Every check ends with what the application saw:
// each message once, in offset order, and the same as the server stored.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { clientPool, offsetsProblem, testClient } from '../support/clients.js';
import { ParleyServer } from '../support/parley-server.js';
import { nextEvent, waitFor } from '../support/wait.js';

describe('reconnecting', () => {
  let server;
  const pool = clientPool(() => server);
  const { clients } = pool;
  const make = (user, options) => pool.make(user, options);

  before(async () => {
    server = await ParleyServer.start({
      env: { PARLEY_MESSAGES_PER_SECOND: '500', PARLEY_LLM_ECHO_DELAY: '150ms', PARLEY_CONNECTS_PER_MINUTE: '600' },
    });
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
  });

  test('sockets dropped mid-conversation: every message once, in order, on both sides', async () => {
    const alice = make('alice');
    const bob = make('bob');
    await Promise.all([alice.client.connect(), bob.client.connect()]);
    await alice.client.join('drops-1');
    await bob.client.join('drops-1');

    // cut sockets as messages flow: bob's when he has seen 7 and 23, alice's when she has seen 14 and 31
    const cuts = { bob: new Set([7, 23]), alice: new Set([14, 31]) };
    for (const [name, who] of [['bob', bob], ['alice', alice]]) {
      who.client.on('message', () => {
        if (cuts[name].delete(who.messages('drops-1').length)) who.socket().terminate();
      });
    }
    const total = 40;
    for (let batch = 0; batch < total / 5; batch++) {
      const sends = [];
      for (let i = 1; i <= 5; i++) sends.push(alice.client.send('drops-1', `m${batch * 5 + i}`, { reply: false }));
      await Promise.all(sends);
    }
    await waitFor(() => bob.messages('drops-1').length >= total && alice.messages('drops-1').length >= total,
      { what: 'both see every message' });

    const stored = await server.allMessages('drops-1', 'bob');
    assert.deepEqual(stored.map((m) => m.content), Array.from({ length: total }, (_, i) => `m${i + 1}`),
      'the server stored each send once, in the order sent');
    for (const who of [alice, bob]) {
      assert.equal(offsetsProblem(who.messages('drops-1'), total), null);
      assert.deepEqual(who.messages('drops-1').map((m) => m.id), stored.map((m) => m.id));
    }
    assert.ok(bob.seen.disconnects.length >= 2 && alice.seen.disconnects.length >= 2, 'the cuts happened');
    assert.ok(bob.seen.disconnects.every((d) => d.code === 1006 && d.willReconnect));
    assert.ok(bob.seen.recoveries.every((r) => r.complete), JSON.stringify(bob.seen.recoveries));
  });

  test('a socket dropped mid-run: the run resumes from the text so far, its reply is there once', async () => {
    const carol = make('carol');
    const dave = make('dave');
    await Promise.all([carol.client.connect(), dave.client.connect()]);
    await carol.client.join('midrun-1');
    await dave.client.join('midrun-1');
    const generations = new Set();
    dave.client.on('agui', (e) => {
      if (e.type === 'RUN_STARTED') generations.add(dave.sockets.length);
    });
    let cut = false;
    dave.client.on('agui', (e) => {
      if (e.type === 'TEXT_MESSAGE_CONTENT' && !cut) {
        cut = true;
        dave.socket().terminate();
      }
    });
    const words = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
    const finished = nextEvent(dave.client, 'run', (run) => run.status === 'finished', { timeoutMs: 60_000 });
    await carol.client.send('midrun-1', words);
    const run = await finished;

    const stored = await server.allMessages('midrun-1', 'dave');
    assert.deepEqual(stored.map((m) => m.role), ['user', 'assistant']);
    assert.equal(run.text, stored[1].content, 'the text so far was replaced, not appended twice');
    assert.equal(offsetsProblem(dave.messages('midrun-1'), 2), null);
    assert.deepEqual(dave.messages('midrun-1').map((m) => m.id), stored.map((m) => m.id));
    assert.deepEqual([...generations], [1, 2], 'the run was announced again on the new connection, mid-run');
  });

  test('a run that ends while the client is away is finished from its stored reply', async () => {
    const erin = make('erin');
    const frank = make('frank');
    await Promise.all([erin.client.connect(), frank.client.connect()]);
    await erin.client.join('away-1');
    await frank.client.join('away-1');
    const started = nextEvent(frank.client, 'run', (run) => run.text.length > 0);
    await erin.client.send('away-1', 'short one');
    const run = await started;
    frank.client.disconnect();
    await waitFor(() => erin.seen.runs.get(run.id)?.status === 'finished', { what: 'the run finishes' });
    const finished = nextEvent(frank.client, 'run', (r) => r.id === run.id && r.status !== 'running');
    await frank.client.connect();
    const final = await finished;
    assert.equal(final.status, 'finished');
    const stored = await server.allMessages('away-1', 'frank');
    assert.equal(final.text, stored[1].content);
    assert.equal(offsetsProblem(frank.messages('away-1'), 2), null);
  });

  test('a send stored but not acknowledged before the drop is resent with its id and stored once', async () => {
    const gina = make('gina');
    await gina.client.connect();
    await gina.client.join('idem-2');
    gina.socket().deafen(); // the ack is lost on the way
    const sent = gina.client.send('idem-2', 'stored once', { reply: false });
    await waitFor(async () => (await server.allMessages('idem-2', 'gina')).length === 1, { what: 'the send is stored' });
    gina.socket().terminate();
    const ack = await sent;
    assert.equal(ack.offset, 1);
    assert.equal(ack.id, sent.id);
    const stored = await server.allMessages('idem-2', 'gina');
    assert.deepEqual(stored.map((m) => [m.offset, m.content, m.id]), [[1, 'stored once', sent.id]]);
    await waitFor(() => gina.messages('idem-2').length === 1);
    assert.equal(offsetsProblem(gina.messages('idem-2'), 1), null);
    assert.ok(gina.sockets.length >= 2, 'it reconnected');
  });

  test('leaving a conversation while the client joins it again does not hold the others back', async () => {
    const kim = make('kim');
    await kim.client.connect();
    await kim.client.join('rejoin-a');
    await kim.client.join('rejoin-b');
    kim.client.on('joined', ({ conversation, rejoin }) => {
      if (rejoin && conversation === 'rejoin-a') kim.client.leave('rejoin-b');
    });
    kim.socket().terminate();
    await waitFor(() => kim.sockets.length === 2 && kim.client.ready, { what: 'ready again' });
    assert.deepEqual(kim.client.conversations().map((c) => c.conversation), ['rejoin-a']);
    assert.equal((await kim.client.send('rejoin-a', 'still here', { reply: false })).offset, 1);
  });

  test('1008 and 1009 stop reconnection until the application connects again', async () => {
    const hank = make('hank');
    await hank.client.connect();
    await hank.client.join('fatal-1');
    const stopped = nextEvent(hank.client, 'disconnected');
    for (let i = 0; i < 20; i++) hank.socket().send('not json'); // a broken client: the server closes with 1008
    const closed = await stopped;
    assert.equal(closed.code, 1008);
    assert.equal(closed.willReconnect, false);
    assert.equal(hank.client.state, 'stopped');
    const sockets = hank.sockets.length;
    const queued = hank.client.send('fatal-1', 'waits for connect()', { reply: false });

    await hank.client.connect();
    assert.equal(hank.sockets.length, sockets + 1);
    assert.equal((await queued).offset, 1, 'the queued send went out once the application connected');

    const tooBig = nextEvent(hank.client, 'disconnected');
    hank.socket().send('x'.repeat(hank.client.welcome.limits.max_message_bytes + 1));
    const big = await tooBig;
    assert.equal(big.code, 1009);
    assert.equal(big.willReconnect, false);
    assert.equal(hank.client.state, 'stopped');
    await hank.client.connect();
    assert.equal(hank.client.state, 'open');
    await waitFor(() => hank.client.ready);
    assert.deepEqual(hank.client.conversations().map((c) => c.conversation), ['fatal-1'], 'rejoined');
  });
});

describe('idle connections (4001)', () => {
  let server;
  const clients = [];
  before(async () => {
    server = await ParleyServer.start({ env: { PARLEY_IDLE_TIMEOUT: '1s', PARLEY_HEARTBEAT_INTERVAL: '300ms', PARLEY_HEARTBEAT_TIMEOUT: '2s' } });
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
  });

  test('with nothing joined the client waits for the next request; with conversations it reconnects', async () => {
    const lazy = testClient(server, 'ivy');
    const busy = testClient(server, 'jack');
    clients.push(lazy.client, busy.client);
    // listening first: on a loaded machine the idle second may be over before connect() returns
    const lazyClosed = nextEvent(lazy.client, 'disconnected', (d) => d.code === 4001, { timeoutMs: 60_000 });
    const busyClosed = nextEvent(busy.client, 'disconnected', (d) => d.code === 4001, { timeoutMs: 60_000 });
    const joining = busy.client.join('idle-1');
    await Promise.all([lazy.client.connect(), busy.client.connect()]);
    await joining;
    const [l, b] = await Promise.all([lazyClosed, busyClosed]);
    assert.equal(l.willReconnect, false);
    assert.equal(lazy.client.state, 'idle');
    assert.equal(b.willReconnect, true);
    await waitFor(() => busy.client.ready, { what: 'the client with a conversation is back' });

    const joined = await lazy.client.join('idle-2'); // a request: the idle client connects again
    assert.equal(joined.conversation, 'idle-2');
    assert.equal(lazy.sockets.length, 2);
  });
});
