// Shared state against the real jar: a change reaches every member (as a STATE_DELTA the client applies itself),
// a stale change is refused `conflict` and the client takes the snapshot that follows (and retries once when
// asked), a late joiner gets the snapshot, a skipped delta is not applied and the state is stale until the next
// snapshot, a change resent after a drop is not applied twice, and the refusals (bad patch, too large).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ParleyError } from '../../src/parley.js';
import { testClient } from '../support/clients.js';
import { ParleyServer } from '../support/parley-server.js';
import { nextEvent, waitFor } from '../support/wait.js';

describe('shared state', () => {
  let server;
  const clients = [];
  const make = (user, options) => {
    const made = testClient(server, user, options);
    made.changes = [];
    made.client.on('state', (change) => made.changes.push(change));
    clients.push(made.client);
    return made;
  };
  const stateOf = (who, conversation) => who.client.sharedState(conversation);
  /**
   * Makes `who` miss the next frame that `match` accepts (as if the network lost it) and hear again after it;
   * resolves with that frame.
   */
  const miss = (who, match) => {
    const socket = who.socket();
    socket.deafen();
    return new Promise((resolve) => {
      const onRaw = (data) => {
        const frame = JSON.parse(String(data));
        if (!match(frame)) return;
        socket.off('message', onRaw);
        socket.deaf = false;
        resolve(frame);
      };
      socket.on('message', onRaw);
    });
  };
  /** The state as the server has it: the snapshot a fresh member gets after `joined`. */
  const serverState = async (conversation) => {
    const probe = make(`probe-${Math.random().toString(36).slice(2, 8)}`);
    await probe.client.connect();
    const snapshot = nextEvent(probe.client, 'state', (c) => c.conversation === conversation && c.source === 'snapshot');
    await probe.client.join(conversation);
    const { state, version } = await snapshot;
    probe.client.close();
    return { state, version };
  };

  before(async () => {
    server = await ParleyServer.start({
      env: { PARLEY_MESSAGES_PER_SECOND: '200', PARLEY_CONNECTS_PER_MINUTE: '600', PARLEY_MAX_STATE_BYTES: '2KiB' },
    });
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
  });

  test('a change by one member reaches the other, applied from its patch, in version order', async () => {
    const alice = make('alice');
    const bob = make('bob');
    await Promise.all([alice.client.connect(), bob.client.connect()]);
    await alice.client.join('plan-1');
    await bob.client.join('plan-1');
    assert.deepEqual(stateOf(bob, 'plan-1'), { conversation: 'plan-1', state: {}, version: 0, stale: false });

    const reaches = nextEvent(bob.client, 'state', (c) => c.version === 1);
    const ack = await alice.client.changeState('plan-1', [{ op: 'add', path: '/todo', value: [] }]);
    assert.equal(ack.version, 1);
    assert.deepEqual(ack.state, { todo: [] });
    const change = await reaches;
    assert.equal(change.source, 'delta');
    assert.deepEqual(change.delta, [{ op: 'add', path: '/todo', value: [] }]);
    assert.deepEqual(change.state, { todo: [] });

    await bob.client.changeState('plan-1', [{ op: 'add', path: '/todo/-', value: 'book' }]);
    await waitFor(() => stateOf(alice, 'plan-1').version === 2, { what: 'alice has bob\'s change' });
    await alice.client.changeState('plan-1', [{ op: 'add', path: '/todo/-', value: 'pack' },
      { op: 'add', path: '/owner~1s', value: ['alice'] }]);
    const expected = { todo: ['book', 'pack'], 'owner/s': ['alice'] };
    await waitFor(() => stateOf(bob, 'plan-1').version === 3, { what: 'bob at version 3' });
    for (const who of [alice, bob]) {
      assert.deepEqual(stateOf(who, 'plan-1'), { conversation: 'plan-1', state: expected, version: 3, stale: false });
      assert.deepEqual(who.changes.map((c) => c.version), [1, 2, 3], 'each version once, in order');
    }
    assert.equal(alice.changes[1].source, 'delta', 'bob\'s change reached her as a delta');
    assert.ok(alice.changes.every((c) => c.source === 'ack' || c.source === 'delta'), 'her own at their acks or deltas');
    assert.deepEqual(await serverState('plan-1'), { state: expected, version: 3 });
    assert.ok(Object.isFrozen(stateOf(alice, 'plan-1').state), 'handed out frozen');

    // the state goes with every run (the echo assistant's too), as a STATE_SNAPSHOT run event
    const finished = nextEvent(bob.client, 'run', (run) => run.status === 'finished');
    await alice.client.send('plan-1', 'what is the plan?');
    assert.deepEqual((await finished).state, { snapshot: expected, version: 3 });
  });

  test('a stale change gets conflict and the snapshot; with retry it is made again against it', async () => {
    const carol = make('carol');
    const dave = make('dave');
    await Promise.all([carol.client.connect(), dave.client.connect()]);
    await carol.client.join('plan-2');
    await dave.client.join('plan-2');
    await carol.client.changeState('plan-2', [{ op: 'add', path: '/n', value: 0 }]);
    await waitFor(() => stateOf(dave, 'plan-2').version === 1, { what: 'dave at version 1' });

    // the raw request with an old version: conflict, and the client takes the snapshot that follows
    await carol.client.changeState('plan-2', [{ op: 'replace', path: '/n', value: 1 }]);
    await assert.rejects(dave.client.patchState('plan-2', 1, [{ op: 'replace', path: '/n', value: 99 }]),
      (e) => e instanceof ParleyError && e.code === 'conflict');
    await waitFor(() => !stateOf(dave, 'plan-2').stale && stateOf(dave, 'plan-2').version === 2, { what: 'dave current' });
    assert.deepEqual(stateOf(dave, 'plan-2').state, { n: 1 });

    // two changes at once from the same version: one wins, the other is refused with the state now
    const results = await Promise.allSettled([
      carol.client.changeState('plan-2', [{ op: 'replace', path: '/n', value: 'carol' }]),
      dave.client.changeState('plan-2', [{ op: 'replace', path: '/n', value: 'dave' }]),
    ]);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
    assert.equal(refused.length, 1, `one change wins: ${results.map((r) => r.status)}`);
    const [conflict] = refused;
    assert.equal(conflict.code, 'conflict');
    assert.match(conflict.message, /changed first/);
    assert.equal(conflict.version, 3);
    const winner = results.find((r) => r.status === 'fulfilled').value;
    assert.deepEqual(conflict.state, winner.state, 'the error carries the state that won');
    for (const who of [carol, dave]) {
      await waitFor(() => stateOf(who, 'plan-2').version === 3 && !stateOf(who, 'plan-2').stale, { what: 'both current' });
      assert.deepEqual(stateOf(who, 'plan-2').state, winner.state);
    }

    // again at once, now with retry: both end up applied, one of them against the other's result
    const retried = await Promise.all([
      carol.client.changeState('plan-2', [{ op: 'test', path: '/n', value: winner.state.n }, { op: 'add', path: '/by', value: ['carol'] }], {
        retry: (state) => [{ op: 'add', path: '/by', value: [...(state.by ?? []), 'carol'] }],
      }),
      dave.client.changeState('plan-2', [{ op: 'add', path: '/by', value: ['dave'] }], {
        retry: (state) => [{ op: 'add', path: '/by', value: [...(state.by ?? []), 'dave'] }],
      }),
    ].map((p) => p.catch((e) => e)));
    assert.ok(retried.every((r) => !(r instanceof Error)), `both applied: ${retried.map((r) => r.message ?? r.version)}`);
    const final = await serverState('plan-2');
    assert.equal(final.version, 5);
    assert.deepEqual([...final.state.by].sort(), ['carol', 'dave']);
    await waitFor(() => stateOf(carol, 'plan-2').version === 5 && stateOf(dave, 'plan-2').version === 5, { what: 'both at 5' });
    assert.deepEqual(stateOf(carol, 'plan-2').state, final.state);
    assert.deepEqual(stateOf(dave, 'plan-2').state, final.state);

    // retry: true sends the same patch once more; a retry function may give up (null). Dave misses carol's delta
    // (so he holds an old version without knowing it), then changes.
    let missed = miss(dave, (f) => f.type === 'STATE_DELTA' && f.version === 6);
    await carol.client.changeState('plan-2', [{ op: 'replace', path: '/n', value: 'x' }]);
    await missed;
    assert.equal(stateOf(dave, 'plan-2').version, 5);
    const ack = await dave.client.changeState('plan-2', [{ op: 'add', path: '/dave', value: true }], { retry: true });
    assert.equal(ack.version, 7);
    assert.deepEqual(ack.state, { ...final.state, n: 'x', dave: true });
    await waitFor(() => stateOf(carol, 'plan-2').version === 7, { what: 'carol has dave\'s change' });
    missed = miss(dave, (f) => f.type === 'STATE_DELTA' && f.version === 8);
    await carol.client.changeState('plan-2', [{ op: 'remove', path: '/dave' }]);
    await missed;
    let asked = null;
    const gaveUp = await dave.client.changeState('plan-2', [{ op: 'replace', path: '/dave', value: false }], {
      retry: (state, version) => {
        asked = { state, version };
        return null;
      },
    }).catch((e) => e);
    assert.ok(gaveUp instanceof ParleyError, 'not applied to a state without /dave');
    assert.equal(gaveUp.code, 'conflict');
    assert.equal(gaveUp.version, 8);
    assert.deepEqual(asked, { state: { ...final.state, n: 'x' }, version: 8 }, 'the retry function saw the snapshot');
    assert.deepEqual(gaveUp.state, asked.state);
  });

  test('a late joiner gets the snapshot; a delta that skips a version is not applied, the state is stale till a snapshot', async () => {
    const frank = make('frank');
    await frank.client.connect();
    await frank.client.join('plan-3');
    await frank.client.changeState('plan-3', [{ op: 'add', path: '/items', value: ['a'] }]);
    await frank.client.changeState('plan-3', [{ op: 'add', path: '/items/-', value: 'b' }]);

    const gina = make('gina');
    await gina.client.connect();
    const snapshot = nextEvent(gina.client, 'state', (c) => c.conversation === 'plan-3');
    await gina.client.join('plan-3');
    const got = await snapshot;
    assert.equal(got.source, 'snapshot');
    assert.deepEqual({ state: got.state, version: got.version }, { state: { items: ['a', 'b'] }, version: 2 });
    assert.equal(got.frame.type, 'STATE_SNAPSHOT');
    assert.equal(got.frame.seq, undefined, 'the snapshot after joined is no run event');
    assert.deepEqual(stateOf(gina, 'plan-3'), { conversation: 'plan-3', state: { items: ['a', 'b'] }, version: 2, stale: false });

    // gina misses the delta to 3, then gets the one to 4: not applied, the state is stale
    const missed = miss(gina, (f) => f.type === 'STATE_DELTA' && f.version === 3);
    await frank.client.changeState('plan-3', [{ op: 'add', path: '/items/-', value: 'c' }]);
    await missed;
    const stale = nextEvent(gina.client, 'state', (c) => c.source === 'stale');
    await frank.client.changeState('plan-3', [{ op: 'add', path: '/items/-', value: 'd' }]);
    const marked = await stale;
    assert.equal(marked.version, 2);
    assert.deepEqual(stateOf(gina, 'plan-3'), { conversation: 'plan-3', state: { items: ['a', 'b'] }, version: 2, stale: true });

    // the next join (after a reconnect) brings the snapshot
    const fresh = nextEvent(gina.client, 'state', (c) => c.source === 'snapshot');
    gina.socket().terminate();
    const taken = await fresh;
    assert.equal(taken.version, 4);
    assert.deepEqual(stateOf(gina, 'plan-3'), { conversation: 'plan-3', state: { items: ['a', 'b', 'c', 'd'] }, version: 4, stale: false });
  });

  test('a change resent after a drop is applied once', async () => {
    const hana = make('hana');
    const ivan = make('ivan');
    await Promise.all([hana.client.connect(), ivan.client.connect()]);
    await hana.client.join('plan-4');
    await ivan.client.join('plan-4');
    await hana.client.changeState('plan-4', [{ op: 'add', path: '/log', value: [] }]);
    await waitFor(() => stateOf(ivan, 'plan-4').version === 1, { what: 'ivan at 1' });

    hana.socket().deafen(); // the ack is lost: the change is resent on the next connection, with the same version
    const sent = hana.client.changeState('plan-4', [{ op: 'add', path: '/log/-', value: 'once' }], { retry: true });
    await waitFor(() => stateOf(ivan, 'plan-4').version === 2, { what: 'the change is applied' });
    hana.socket().terminate();
    const ack = await sent;
    assert.equal(ack.version, 2);
    assert.deepEqual(ack.state, { log: ['once'] }, 'applied once, not retried on top of itself');
    assert.deepEqual(await serverState('plan-4'), { state: { log: ['once'] }, version: 2 });
  });

  test('refusals: a patch that does not apply, one that is no patch, a state over its bound, not joined', async () => {
    const jack = make('jack');
    await jack.client.connect();
    await jack.client.join('plan-5');
    await assert.rejects(jack.client.changeState('plan-5', [{ op: 'remove', path: '/nothing' }]), (e) => e.code === 'bad_request');
    await assert.rejects(jack.client.changeState('plan-5', [{ op: 'merge', path: '/a', value: 1 }]),
      (e) => e.code === 'bad_request' && /not a JSON Patch/.test(e.message), 'checked before it leaves');
    await assert.rejects(jack.client.changeState('plan-5', { op: 'add' }), (e) => e.code === 'bad_request');
    await assert.rejects(jack.client.changeState('plan-5', [{ op: 'add', path: '/big', value: 'x'.repeat(4000) }]),
      (e) => e.code === 'too_large');
    await assert.rejects(jack.client.changeState('nowhere', [{ op: 'add', path: '/a', value: 1 }]), (e) => e.code === 'not_joined');
    assert.deepEqual(stateOf(jack, 'plan-5'), { conversation: 'plan-5', state: {}, version: 0, stale: false });
    const ok = await jack.client.changeState('plan-5', [{ op: 'add', path: '/a', value: 1 }]);
    assert.equal(ok.version, 1, 'nothing refused was applied');
    await jack.client.leave('plan-5');
    assert.equal(jack.client.sharedState('plan-5'), undefined, 'forgotten on leave');
  });
});
