// The JSON Patch applier (RFC 6902) and JSON Pointer (RFC 6901) of the client, on their RFCs' own examples and
// the error cases they name, and the shared-state bookkeeping built on them (versions in order, stale on a skip).
// Plain unit tests: no server.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PatchError, SharedStates, applyPatch, formatPointer, jsonEqual, parsePointer, resolvePointer, validatePatch }
  from '../../src/parley.js';

/** Asserts that applying `patch` to `doc` fails with a PatchError `code`, at operation `index`, changing nothing. */
function refuses(doc, patch, code, index) {
  const before = JSON.stringify(doc);
  assert.throws(() => applyPatch(doc, patch), (error) => {
    assert.ok(error instanceof PatchError, `a PatchError, not ${error}`);
    assert.equal(error.code, code, error.message);
    if (index !== undefined) assert.equal(error.index, index);
    return true;
  });
  assert.equal(JSON.stringify(doc), before, 'the document given is unchanged');
}

describe('RFC 6902 appendix A', () => {
  test('A.1 adding an object member', () => {
    assert.deepEqual(applyPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }]), { baz: 'qux', foo: 'bar' });
  });
  test('A.2 adding an array element', () => {
    assert.deepEqual(applyPatch({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }]),
      { foo: ['bar', 'qux', 'baz'] });
  });
  test('A.3 removing an object member', () => {
    assert.deepEqual(applyPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }]), { foo: 'bar' });
  });
  test('A.4 removing an array element', () => {
    assert.deepEqual(applyPatch({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }]), { foo: ['bar', 'baz'] });
  });
  test('A.5 replacing a value', () => {
    assert.deepEqual(applyPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }]),
      { baz: 'boo', foo: 'bar' });
  });
  test('A.6 moving a value', () => {
    assert.deepEqual(applyPatch({ foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]),
    { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } });
  });
  test('A.7 moving an array element', () => {
    assert.deepEqual(applyPatch({ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]),
      { foo: ['all', 'cows', 'eat', 'grass'] });
  });
  test('A.8 testing a value: success', () => {
    const doc = { baz: 'qux', foo: ['a', 2, 'c'] };
    assert.deepEqual(applyPatch(doc, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }]), doc);
  });
  test('A.9 testing a value: error', () => {
    refuses({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], 'test_failed', 0);
  });
  test('A.10 adding a nested member object', () => {
    assert.deepEqual(applyPatch({ foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }]),
      { foo: 'bar', child: { grandchild: {} } });
  });
  test('A.11 ignoring unrecognized elements', () => {
    assert.deepEqual(applyPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }]), { foo: 'bar', baz: 'qux' });
  });
  test('A.12 adding to a nonexistent target', () => {
    refuses({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }], 'not_found', 0);
  });
  test('A.14 ~ escape ordering', () => {
    const doc = { '/': 9, '~1': 10 };
    assert.deepEqual(applyPatch(doc, [{ op: 'test', path: '/~01', value: 10 }]), doc);
  });
  test('A.15 comparing strings and numbers', () => {
    refuses({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }], 'test_failed');
  });
  test('A.16 adding an array value', () => {
    assert.deepEqual(applyPatch({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }]),
      { foo: ['bar', ['abc', 'def']] });
  });
});

describe('RFC 6902 operations, further', () => {
  test('add at the root replaces the document; replace at the root too', () => {
    assert.deepEqual(applyPatch({ a: 1 }, [{ op: 'add', path: '', value: [1] }]), [1]);
    assert.deepEqual(applyPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }]), { b: 2 });
  });
  test('add replaces an existing member; add at the end of an array by its length', () => {
    assert.deepEqual(applyPatch({ a: 1 }, [{ op: 'add', path: '/a', value: 2 }]), { a: 2 });
    assert.deepEqual(applyPatch([1, 2], [{ op: 'add', path: '/2', value: 3 }]), [1, 2, 3]);
  });
  test('replace keeps the member order; replacing null is replacing a value that is there', () => {
    assert.deepEqual(Object.keys(applyPatch({ a: 1, b: 2, c: 3 }, [{ op: 'replace', path: '/a', value: 0 }])), ['a', 'b', 'c']);
    assert.deepEqual(applyPatch({ a: null }, [{ op: 'replace', path: '/a', value: 1 }]), { a: 1 });
    assert.deepEqual(applyPatch([1, 2, 3], [{ op: 'replace', path: '/1', value: 'x' }]), [1, 'x', 3]);
  });
  test('copy copies deeply: changing the copy leaves the original', () => {
    const out = applyPatch({ a: { b: [1] } }, [{ op: 'copy', from: '/a', path: '/c' }, { op: 'add', path: '/c/b/-', value: 2 }]);
    assert.deepEqual(out, { a: { b: [1] }, c: { b: [1, 2] } });
  });
  test('move to the same place is a no-op; move within an array; move of a whole member to a new name', () => {
    assert.deepEqual(applyPatch({ a: 1 }, [{ op: 'move', from: '/a', path: '/a' }]), { a: 1 });
    assert.deepEqual(applyPatch([1, 2, 3], [{ op: 'move', from: '/2', path: '/0' }]), [3, 1, 2]);
    assert.deepEqual(applyPatch({ a: { x: 1 } }, [{ op: 'move', from: '/a', path: '/b' }]), { b: { x: 1 } });
  });
  test('test compares objects whatever their member order, arrays in order, and types strictly', () => {
    const doc = { o: { a: 1, b: [1, { c: null }] } };
    assert.doesNotThrow(() => applyPatch(doc, [{ op: 'test', path: '/o', value: { b: [1, { c: null }], a: 1 } }]));
    refuses(doc, [{ op: 'test', path: '/o/b', value: [{ c: null }, 1] }], 'test_failed');
    refuses({ a: null }, [{ op: 'test', path: '/a', value: false }], 'test_failed');
    refuses({ a: [] }, [{ op: 'test', path: '/a', value: {} }], 'test_failed');
    refuses({ a: 1 }, [{ op: 'test', path: '/b', value: 1 }], 'not_found');
  });
  test('JSON Pointer escaping in paths: ~1 is "/", ~0 is "~", and member names may be anything', () => {
    const out = applyPatch({}, [
      { op: 'add', path: '/a~1b', value: 1 }, { op: 'add', path: '/m~0n', value: 2 }, { op: 'add', path: '/', value: 3 },
      { op: 'add', path: '/__proto__', value: { polluted: true } },
    ]);
    assert.deepEqual(Object.keys(out), ['a/b', 'm~n', '', '__proto__']);
    assert.equal(({}).polluted, undefined, 'no prototype was touched');
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(out.__proto__, { polluted: true }); // eslint-disable-line no-proto
  });
  test('the document given is never changed, even by a patch that succeeds', () => {
    const doc = { list: [1, 2], nested: { a: 1 } };
    applyPatch(doc, [{ op: 'add', path: '/list/-', value: 3 }, { op: 'remove', path: '/nested/a' }]);
    assert.deepEqual(doc, { list: [1, 2], nested: { a: 1 } });
    const frozen = Object.freeze({ a: Object.freeze([1]) });
    assert.deepEqual(applyPatch(frozen, [{ op: 'add', path: '/a/0', value: 0 }]), { a: [0, 1] });
  });
});

describe('RFC 6902 errors: the whole patch or nothing', () => {
  test('a failure at a later operation leaves nothing of the earlier ones', () => {
    refuses({ a: 1 }, [{ op: 'add', path: '/b', value: 2 }, { op: 'remove', path: '/nope' }], 'not_found', 1);
  });
  test('array indexes: out of bounds, leading zeros, "-" where an element must exist, not a number', () => {
    refuses({ a: [1] }, [{ op: 'add', path: '/a/2', value: 0 }], 'not_found');
    refuses({ a: [1] }, [{ op: 'remove', path: '/a/1' }], 'not_found');
    refuses({ a: [] }, [{ op: 'remove', path: '/a/0' }], 'not_found');
    refuses({ a: [1, 2] }, [{ op: 'add', path: '/a/01', value: 0 }], 'invalid_pointer');
    refuses({ a: [1] }, [{ op: 'remove', path: '/a/-' }], 'invalid_pointer');
    refuses({ a: [1] }, [{ op: 'replace', path: '/a/-', value: 0 }], 'not_found');
    refuses({ a: [1] }, [{ op: 'add', path: '/a/x', value: 0 }], 'invalid_pointer');
    refuses({ a: [1] }, [{ op: 'add', path: '/a/-1', value: 0 }], 'invalid_pointer');
  });
  test('remove and replace need the value to be there; add needs its parent', () => {
    refuses({ a: 1 }, [{ op: 'remove', path: '/b' }], 'not_found');
    refuses({ a: 1 }, [{ op: 'replace', path: '/b', value: 1 }], 'not_found');
    refuses({ a: 1 }, [{ op: 'add', path: '/a/b', value: 1 }], 'not_found', 0);
    refuses({ a: 'text' }, [{ op: 'add', path: '/a/0', value: 1 }], 'not_found');
    refuses({ a: 1 }, [{ op: 'remove', path: '' }], 'invalid_patch');
  });
  test('move and copy need their from; a value cannot move into its own child', () => {
    refuses({ a: 1 }, [{ op: 'move', from: '/nope', path: '/b' }], 'not_found');
    refuses({ a: 1 }, [{ op: 'copy', from: '/nope', path: '/b' }], 'not_found');
    refuses({ a: { b: {} } }, [{ op: 'move', from: '/a', path: '/a/b/c' }], 'invalid_patch');
  });
  test('malformed patches: not an array, unknown op, no path, no value, no from, a bad pointer', () => {
    refuses({}, { op: 'add', path: '/a', value: 1 }, 'invalid_patch');
    refuses({}, [null], 'invalid_patch', 0);
    refuses({}, [{ op: 'merge', path: '/a', value: 1 }], 'invalid_patch', 0);
    refuses({}, [{ op: 'add', value: 1 }], 'invalid_patch');
    refuses({}, [{ op: 'add', path: '/a' }], 'invalid_patch');
    refuses({}, [{ op: 'replace', path: '/a' }], 'invalid_patch');
    refuses({ a: 1 }, [{ op: 'test', path: '/a' }], 'invalid_patch');
    refuses({}, [{ op: 'move', path: '/a' }], 'invalid_patch');
    refuses({}, [{ op: 'copy', path: '/a', from: 5 }], 'invalid_patch');
    refuses({}, [{ op: 'add', path: 'a', value: 1 }], 'invalid_pointer');
    refuses({}, [{ op: 'add', path: '/a~2', value: 1 }], 'invalid_pointer');
    refuses({}, [{ op: 'add', path: '/a~', value: 1 }], 'invalid_pointer');
    assert.throws(() => validatePatch([{ op: 'add', path: '/ok', value: 1 }, { op: 'remove' }]), (e) => e.index === 1);
    assert.doesNotThrow(() => validatePatch([]));
    assert.deepEqual(applyPatch({ a: 1 }, []), { a: 1 });
  });
  test('an add with value null is an add (value is present), not a missing value', () => {
    assert.deepEqual(applyPatch({}, [{ op: 'add', path: '/a', value: null }]), { a: null });
  });
});

describe('RFC 6901 JSON Pointer', () => {
  const doc = { foo: ['bar', 'baz'], '': 0, 'a/b': 1, 'c%d': 2, 'e^f': 3, 'g|h': 4, 'i\\j': 5, 'k"l': 6, ' ': 7, 'm~n': 8 };
  test('the examples of section 5', () => {
    const cases = [['', doc], ['/foo', ['bar', 'baz']], ['/foo/0', 'bar'], ['/', 0], ['/a~1b', 1], ['/c%d', 2],
      ['/e^f', 3], ['/g|h', 4], ['/i\\j', 5], ['/k"l', 6], ['/ ', 7], ['/m~0n', 8]];
    for (const [pointer, value] of cases) assert.deepEqual(resolvePointer(doc, pointer), value, pointer);
    assert.equal(resolvePointer(doc, '/nope'), undefined);
    assert.equal(resolvePointer(doc, '/foo/2'), undefined);
  });
  test('parse and format are inverse, escaping ~ before /', () => {
    assert.deepEqual(parsePointer('/a~1b/m~0n/~01/0'), ['a/b', 'm~n', '~1', '0']);
    assert.equal(formatPointer(['a/b', 'm~n', '~1', 0]), '/a~1b/m~0n/~01/0');
    assert.deepEqual(parsePointer(''), []);
    assert.equal(formatPointer([]), '');
    for (const tokens of [['/'], ['~'], ['~/~1'], [''], ['', '']]) assert.deepEqual(parsePointer(formatPointer(tokens)), tokens);
  });
  test('jsonEqual', () => {
    assert.ok(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
    assert.ok(!jsonEqual({ a: 1 }, { a: 1, b: undefined }));
    assert.ok(!jsonEqual([1], { 0: 1 }));
  });
});

describe('shared state bookkeeping', () => {
  const snapshot = (version, state, seq) => ({ type: 'STATE_SNAPSHOT', conversation: 'c', snapshot: state, version, seq });
  const delta = (version, patch) => ({ type: 'STATE_DELTA', conversation: 'c', delta: patch, version });

  test('a snapshot, then deltas applied only in order; a skipped version makes the state stale until a snapshot', () => {
    const states = new SharedStates();
    assert.deepEqual(states.get('c'), { conversation: 'c', state: {}, version: 0, stale: false });
    assert.equal(states.snapshot(snapshot(2, { n: 1 })).source, 'snapshot');
    assert.equal(states.delta(delta(3, [{ op: 'replace', path: '/n', value: 2 }])).source, 'delta');
    assert.equal(states.delta(delta(3, [{ op: 'replace', path: '/n', value: 99 }])), null, 'seen already: ignored');
    assert.equal(states.delta(delta(2, [{ op: 'replace', path: '/n', value: 99 }])), null, 'older: ignored');
    assert.deepEqual(states.get('c').state, { n: 2 });
    const skipped = states.delta(delta(5, [{ op: 'replace', path: '/n', value: 5 }]));
    assert.equal(skipped.source, 'stale');
    assert.deepEqual(states.get('c'), { conversation: 'c', state: { n: 2 }, version: 3, stale: true }, 'not applied');
    assert.equal(states.delta(delta(4, [{ op: 'replace', path: '/n', value: 4 }])), null, 'nothing more is applied while stale');
    assert.equal(states.snapshot(snapshot(2, { n: 0 })), null, 'an older snapshot is overtaken');
    assert.equal(states.get('c').stale, true);
    states.snapshot(snapshot(5, { n: 5 }));
    assert.deepEqual(states.get('c'), { conversation: 'c', state: { n: 5 }, version: 5, stale: false });
    assert.equal(states.snapshots('c'), 3);
  });
  test('an own change is applied at its ack when the state is still at its base; the state handed out is frozen', () => {
    const states = new SharedStates();
    const change = states.acknowledged('c', 0, [{ op: 'add', path: '/todo', value: ['a'] }], 1);
    assert.equal(change.source, 'ack');
    assert.deepEqual(states.get('c').state, { todo: ['a'] });
    assert.equal(states.delta(delta(1, [{ op: 'add', path: '/todo', value: ['a'] }])), null, 'its own delta is seen already');
    assert.equal(states.acknowledged('c', 0, [{ op: 'add', path: '/x', value: 1 }], 1), null, 'not at that base any more');
    assert.ok(Object.isFrozen(states.get('c').state.todo));
    assert.throws(() => { 'use strict'; states.get('c').state.todo.push('b'); });
    assert.equal(states.snapshot(snapshot(1, { todo: ['a'] }, 3)), null, 'a run snapshot of the same version changes nothing');
  });
});
