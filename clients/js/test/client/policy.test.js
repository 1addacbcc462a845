// The client's pure parts: the close-code policy, backoff, the offset sequencer, token expiry, pacing.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DEFAULT_RECONNECT, Sequencer, backoffDelay, closePolicy, tokenExpiry } from '../../src/parley.js';
import { Pacer } from '../../src/parley-pacer.js';
import { refreshDelay } from '../../src/parley-token.js';

describe('the close-code policy (PROTOCOL "client should")', () => {
  const cases = {
    stop: [1000, 1002, 1007, 1008, 1009],
    soon: [1001],
    lazy: [4001],
    backoff: [1006, 1011, 1013, 4000, 4008, 4009, 1005, 4999],
  };
  for (const [action, codes] of Object.entries(cases)) {
    test(`${codes.join(', ')}: ${action}`, () => {
      for (const code of codes) assert.equal(closePolicy(code).action, action, String(code));
    });
  }
  test('1013 and 4008 back off harder', () => {
    assert.ok(closePolicy(4008).penalty > 0 && closePolicy(1013).penalty > 0);
    assert.equal(closePolicy(4009).penalty, 0);
  });
});

describe('full-jitter backoff', () => {
  test('attempt n waits within [0, min(max, min * 2^n)]: 0.5 s doubling to 20 s by default', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 10, 40].map((n) => backoffDelay(n, DEFAULT_RECONNECT, () => 0.999999));
    assert.deepEqual(ceilings, [499, 999, 1999, 3999, 7999, 15999, 19999, 19999, 19999]);
    assert.equal(backoffDelay(7, DEFAULT_RECONNECT, () => 0), 0);
    for (let i = 0; i < 1000; i++) {
      const delay = backoffDelay(3, DEFAULT_RECONNECT);
      assert.ok(delay >= 0 && delay < 4000);
    }
  });
});

describe('the sequencer', () => {
  const events = (...offsets) => offsets.map((offset) => ({ type: 'message', offset, id: `m${offset}` }));

  test('delivers in offset order, once, holding what comes above a gap until the gap is filled', () => {
    const delivered = [];
    const gaps = [];
    const seq = new Sequencer((e) => delivered.push(e.offset), (g) => gaps.push(g));
    seq.reset(2);
    for (const e of events(3, 3, 2, 6, 5, 4, 7)) seq.push(e);
    assert.deepEqual(delivered, [3, 4, 5, 6, 7]);
    assert.deepEqual(gaps[0], { after: 3, before: 6 });
    assert.equal(seq.last, 7);
    assert.equal(seq.heldCount, 0);
  });

  test('skipTo gives up on offsets the store no longer has and delivers what waited', () => {
    const delivered = [];
    const seq = new Sequencer((e) => delivered.push(e.offset), () => {});
    for (const e of events(1, 5, 6)) seq.push(e);
    assert.deepEqual(delivered, [1]);
    assert.deepEqual(seq.skipTo(4), { after: 1, before: 5 });
    assert.deepEqual(delivered, [1, 5, 6]);
  });

  test('without holding, it delivers at once and reports the gap', () => {
    const delivered = [];
    const gaps = [];
    const seq = new Sequencer((e) => delivered.push(e.offset), (g) => gaps.push(g), { hold: false });
    for (const e of events(1, 4, 4, 5)) seq.push(e);
    assert.deepEqual(delivered, [1, 4, 5]);
    assert.deepEqual(gaps, [{ after: 1, before: 4 }]);
  });
});

describe('tokens', () => {
  const jwt = (payload) => ['e30', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'sig'].join('.');

  test('the expiry of a JWT is read from its payload; anything else has none', () => {
    assert.equal(tokenExpiry(jwt({ sub: 'alice', exp: 2_000_000_000 })), 2_000_000_000_000);
    assert.equal(tokenExpiry(jwt({ sub: 'alice' })), null);
    assert.equal(tokenExpiry('opaque-token'), null);
    assert.equal(tokenExpiry('a.b.c'), null);
  });

  test('a refresh comes refreshBefore ahead of expiry, and within the first two thirds of a short life', () => {
    assert.equal(refreshDelay(1_000_000 + 3_600_000, 1_000_000, 60_000), 2_400_000);
    assert.equal(refreshDelay(1_000_000 + 600_000, 1_000_000, 300_000), 300_000);
    assert.equal(refreshDelay(1_000_000 + 30_000, 1_000_000, 60_000), 0);
    assert.equal(refreshDelay(1_000_000 + 90_000, 1_000_000, 60_000), 30_000);
    assert.equal(refreshDelay(1_000_000 + 120_000, 1_000_000, 10_000), 80_000);
  });
});

describe('pacing', () => {
  test('a burst of the rate goes at once, then one per 1/rate seconds', () => {
    let now = 0;
    const pacer = new Pacer({ rate: 10, now: () => now });
    for (let i = 0; i < 10; i++) assert.equal(pacer.take(), 0);
    assert.equal(pacer.take(), 100);
    now += 100;
    assert.equal(pacer.take(), 0);
    pacer.charge();
    assert.ok(pacer.take() > 100, 'a charged frame (a pong) is paid for');
  });
});
