// The chat essentials against the real jar: edits and deletes (live, in a rejoin's replay, in history pages, the
// client's model of each conversation showing every message once as it now is), who may edit or delete (the
// author, an owner), read
// markers (told to every member, unread counts from GET /api/conversations, sent only forward, kept while
// offline), typing (throttled when sent, forgotten after the expiry when heard), an erased user (closed 1008, not
// reconnecting, its messages deleted for the others, its conversation handed to another owner), and recovery
// across the holes deleted messages leave in offsets, a page of nothing but deleted messages included.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import { clientPool, testClient } from '../support/clients.js';
import { ParleyServer, SERVER_KEY } from '../support/parley-server.js';
import { nextEvent, waitFor } from '../support/wait.js';

/** What a model or a page shows: [offset, type, content] per item. */
const summary = (items) => items.map((m) => [m.offset, m.type ?? 'message', m.content ?? null]);

describe('edits, deletes, read markers, typing', () => {
  let server;
  const pool = clientPool(() => server);
  const { clients } = pool;
  const make = (user, options) => pool.make(user, options);
  const connected = async (...users) => {
    const made = users.map((u) => (typeof u === 'string' ? make(u) : make(u.user, u.options)));
    await Promise.all(made.map((m) => m.client.connect()));
    return made;
  };

  before(async () => {
    server = await ParleyServer.start({ env: { PARLEY_MESSAGES_PER_SECOND: '200' } });
  });
  afterEach(() => {
    // each user may hold 5 connections: a test's clients go with it
    for (const c of clients.splice(0)) c.close();
  });
  after(async () => {
    await server?.stop();
  });

  test('an edit reaches a member live, one who rejoins with since, and one who joins later; each shows it once', async () => {
    const [alice, bob, carol, dave] = await connected('alice', 'bob', 'carol', 'dave');
    for (const who of [alice, bob, carol]) await who.client.join('edit-1');
    const ack = await alice.client.send('edit-1', 'first draft', { reply: false });
    await waitFor(() => carol.messages('edit-1').length === 1, { what: 'carol has the message' });
    carol.client.disconnect();

    const edited = nextEvent(bob.client, 'message_edited');
    const editAck = await alice.client.edit('edit-1', ack.id, 'final text');
    assert.equal(editAck.type, 'ack');
    assert.equal(editAck.offset, 2, 'the edit has an offset of its own');
    assert.equal(editAck.id, ack.id);
    assert.equal(alice.client.supports.edit, true);
    const event = await edited;
    assert.equal(event.id, ack.id);
    assert.equal(event.offset, 2);
    assert.equal(event.content, 'final text');
    assert.equal(event.by, 'alice');

    // live: the model shows the message where it was, with the new content and edited_at
    for (const who of [alice, bob]) {
      await waitFor(() => who.client.messages('edit-1')[0]?.content === 'final text', { what: `${who.client.user} edited` });
      const [shown, ...rest] = who.client.messages('edit-1');
      assert.deepEqual(rest, []);
      assert.equal(shown.id, ack.id);
      assert.equal(shown.offset, 1);
      assert.equal(shown.edited_at, event.at);
      assert.equal(who.client.lastOffset('edit-1'), 2);
    }
    assert.equal(bob.messages('edit-1')[0].content, 'first draft', 'the object delivered before is left as it was');

    // a rejoin with since: the replay carries the edit entry, applied to the message held
    const recovered = nextEvent(carol.client, 'recovery', (r) => r.conversation === 'edit-1');
    await carol.client.connect();
    const recovery = await recovered;
    assert.equal(recovery.recovered, true);
    assert.equal(recovery.complete, true);
    assert.deepEqual(summary(carol.client.messages('edit-1')), [[1, 'message', 'final text']]);
    assert.deepEqual(summary(carol.stored('edit-1')), [[1, 'message', 'first draft'], [2, 'message_edited', 'final text']]);

    // a join with since 0: the message as it now is, then the edit entry; still one message
    await dave.client.join('edit-1', { since: 0 });
    await waitFor(() => dave.stored('edit-1').length === 2, { what: 'dave has the replay' });
    assert.deepEqual(summary(dave.stored('edit-1')), [[1, 'message', 'final text'], [2, 'message_edited', 'final text']]);
    assert.equal(dave.stored('edit-1')[0].edited_at, event.at, 'replayed as it now is');
    assert.deepEqual(summary(dave.client.messages('edit-1')), [[1, 'message', 'final text']]);

    // history pages (over /ws and HTTP) show the message as it now is and the edit at its offset
    const page = await bob.client.history('edit-1', { after: 0 });
    assert.deepEqual(summary(page.messages), [[1, 'message', 'final text'], [2, 'message_edited', 'final text']]);
    assert.equal(page.messages[0].edited_at, event.at);
    const http = await server.allMessages('edit-1', 'bob');
    assert.equal(http[0].type, undefined, 'a plain message in a history page has no type');
    assert.equal(http[1].type, 'message_edited');
    assert.deepEqual(summary(bob.client.messages('edit-1')), [[1, 'message', 'final text']], 'the page changed nothing');
  });

  test('a delete removes the message from every model and from history pages; its offset is a hole', async () => {
    const [alice, bob, carol, dave] = await connected('alice', 'bob', 'carol', 'dave');
    for (const who of [alice, bob, carol]) await who.client.join('delete-1');
    const acks = [];
    for (const text of ['one', 'two', 'three']) acks.push(await alice.client.send('delete-1', text, { reply: false }));
    await waitFor(() => carol.messages('delete-1').length === 3, { what: 'carol has three' });
    carol.client.disconnect();

    const removed = nextEvent(bob.client, 'message_deleted');
    const deleteAck = await alice.client.deleteMessage('delete-1', acks[1].id);
    assert.equal(deleteAck.offset, 4);
    assert.equal(deleteAck.id, acks[1].id);
    const event = await removed;
    assert.deepEqual([event.offset, event.id, event.by], [4, acks[1].id, 'alice']);
    for (const who of [alice, bob]) {
      await waitFor(() => who.client.messages('delete-1').length === 2, { what: `${who.client.user} without it` });
      assert.deepEqual(summary(who.client.messages('delete-1')), [[1, 'message', 'one'], [3, 'message', 'three']]);
    }
    await alice.client.send('delete-1', 'four', { reply: false });

    await carol.client.connect();
    await waitFor(() => carol.client.lastOffset('delete-1') === 5, { what: 'carol caught up' });
    assert.deepEqual(summary(carol.client.messages('delete-1')),
      [[1, 'message', 'one'], [3, 'message', 'three'], [5, 'message', 'four']]);

    // a replay from 0 has a hole where the deleted message was: taken as it is, nothing paged
    await dave.client.join('delete-1', { since: 0 });
    await waitFor(() => dave.stored('delete-1').length === 4, { what: 'dave has the replay' });
    assert.deepEqual(dave.stored('delete-1').map((e) => [e.offset, e.type]),
      [[1, 'message'], [3, 'message'], [4, 'message_deleted'], [5, 'message']]);
    assert.equal(dave.client.lastOffset('delete-1'), 5);
    assert.equal(dave.sent.filter((f) => f.type === 'history').length, 0, 'the hole is not a gap to page');
    assert.deepEqual(summary(dave.client.messages('delete-1')).map((m) => m[2]), ['one', 'three', 'four']);

    const page = await bob.client.history('delete-1', { limit: 10 });
    assert.deepEqual(page.messages.map((m) => [m.offset, m.type]),
      [[1, 'message'], [3, 'message'], [4, 'message_deleted'], [5, 'message']]);
    assert.ok(!page.messages.some((m) => m.id === acks[1].id && m.type === 'message'));
    assert.deepEqual((await server.allMessages('delete-1', 'bob')).map((m) => m.offset), [1, 3, 4, 5]);
    assert.deepEqual(bob.seen.errors, []);
  });

  test('only the author or an owner edits or deletes; a deleted or unknown message is not found', async () => {
    const [alice, bob] = await connected('alice', 'bob');
    await alice.client.join('rights-1'); // the owner
    await bob.client.join('rights-1');
    const mine = await alice.client.send('rights-1', 'alice wrote this', { reply: false });
    const his = await bob.client.send('rights-1', 'bob wrote this', { reply: false });
    await assert.rejects(bob.client.edit('rights-1', mine.id, 'bob was here'), { code: 'forbidden' });
    await assert.rejects(bob.client.deleteMessage('rights-1', mine.id), { code: 'forbidden' });
    assert.equal((await bob.client.edit('rights-1', his.id, 'bob rewrote this')).offset, 3);
    assert.equal((await alice.client.edit('rights-1', his.id, 'the owner rewrote it')).offset, 4, 'an owner edits anyone\'s');
    assert.equal((await alice.client.deleteMessage('rights-1', his.id)).offset, 5, 'and deletes anyone\'s');
    await assert.rejects(bob.client.edit('rights-1', his.id, 'too late'), { code: 'not_found' });
    await assert.rejects(alice.client.deleteMessage('rights-1', his.id), { code: 'not_found' });
    await assert.rejects(alice.client.edit('rights-1', 'no-such-message', 'x'), { code: 'not_found' });
    await assert.rejects(alice.client.edit('rights-1', mine.id, ''), { code: 'bad_request' });
    await assert.rejects(alice.client.edit('never-joined', mine.id, 'x'), { code: 'not_joined' });
    const limit = alice.client.welcome.limits.max_message_bytes;
    await assert.rejects(alice.client.edit('rights-1', mine.id, 'é'.repeat(limit)), { code: 'too_large' });
    const stored = await server.allMessages('rights-1', 'alice');
    assert.deepEqual(stored.map((m) => [m.offset, m.type ?? 'message', m.content]),
      [[1, 'message', 'alice wrote this'], [3, 'message_edited', 'bob rewrote this'],
        [4, 'message_edited', 'the owner rewrote it'], [5, 'message_deleted', undefined]]);
    for (const who of [alice, bob]) assert.equal(who.client.state, 'open');
  });

  test('read markers: every member is told, unread counts come from GET /api/conversations, only forward', async () => {
    const [alice, bob, bobToo] = await connected('alice', 'bob', 'bob');
    await alice.client.join('read-1');
    await bob.client.join('read-1');
    await bobToo.client.join('read-1');
    for (const text of ['a', 'b', 'c']) await alice.client.send('read-1', text, { reply: false });
    await waitFor(() => bob.messages('read-1').length === 3, { what: 'bob has three' });
    const listed = async (who) => (await who.client.listConversations()).find((c) => c.id === 'read-1');
    assert.deepEqual(await listed(bob), { id: 'read-1', role: 'member', offset: 3, read: 0, unread: 3 });
    assert.deepEqual(await listed(alice), { id: 'read-1', role: 'owner', offset: 3, read: 0, unread: 0 },
      'her own messages are not unread for her');

    const told = nextEvent(alice.client, 'read', (r) => r.user === 'bob');
    const toldMine = nextEvent(bobToo.client, 'read');
    const echoed = nextEvent(bob.client, 'read');
    assert.equal(bob.client.markRead('read-1', 2), true);
    assert.deepEqual(await told, { conversation: 'read-1', user: 'bob', offset: 2, mine: false });
    assert.deepEqual(await toldMine, { conversation: 'read-1', user: 'bob', offset: 2, mine: true });
    assert.deepEqual(await echoed, { conversation: 'read-1', user: 'bob', offset: 2, mine: true }, 'the reader too');
    assert.equal(bobToo.client.readMarker('read-1'), 2, 'his other connection knows his marker');
    assert.equal(bob.client.supports.read, true);
    assert.deepEqual(await listed(bob), { id: 'read-1', role: 'member', offset: 3, read: 2, unread: 1 });

    assert.equal(bob.client.markRead('read-1', 2), false, 'not forward: not sent');
    assert.equal(bob.client.markRead('read-1', 1), false);
    assert.equal(bobToo.client.markRead('read-1', 2), false, 'the other connection knows it already');
    assert.equal(bob.sent.filter((f) => f.type === 'read').length, 1);

    // never past the latest offset
    const clamped = nextEvent(bob.client, 'read');
    assert.equal(bob.client.markRead('read-1', 99), true);
    assert.equal((await clamped).offset, 3);
    assert.equal(bob.client.readMarker('read-1'), 3);
    assert.deepEqual(await listed(bob), { id: 'read-1', role: 'member', offset: 3, read: 3, unread: 0 });

    // offline: the newest marker waits and goes once joined again
    bob.client.disconnect();
    await alice.client.send('read-1', 'd', { reply: false });
    assert.equal(bob.client.markRead('read-1', 4), true);
    assert.equal(bob.client.markRead('read-1', 4), false);
    const later = nextEvent(alice.client, 'read', (r) => r.user === 'bob');
    await bob.client.connect();
    assert.equal((await later).offset, 4);
    assert.deepEqual(await listed(bob), { id: 'read-1', role: 'member', offset: 4, read: 4, unread: 0 });
    assert.deepEqual(bob.seen.errors, []);
  });

  test('typing: one notice per interval leaves, the other member is told, and forgets it after the expiry', async () => {
    const [alice, bob, carol] = await connected('alice', { user: 'bob', options: { typingExpiryMs: 300 } },
      { user: 'carol', options: { typingExpiryMs: 60_000 } });
    for (const who of [alice, bob, carol]) await who.client.join('typing-1');
    const heard = nextEvent(bob.client, 'typing', (t) => t.typing);
    const stopped = nextEvent(bob.client, 'typing', (t) => !t.typing);
    const carolHeard = nextEvent(carol.client, 'typing', (t) => t.typing);
    assert.equal(alice.client.typing('typing-1'), true);
    assert.equal(alice.client.typing('typing-1'), false, 'throttled: one per 2 s');
    assert.equal(alice.sent.filter((f) => f.type === 'typing').length, 1);
    assert.deepEqual(await heard, { conversation: 'typing-1', user: 'alice', typing: true, users: ['alice'] });
    assert.deepEqual(bob.client.typingUsers('typing-1'), ['alice']);
    assert.equal(bob.client.supports.typing, true);
    // bob's client forgets it after its 300 ms: no server frame says so
    assert.deepEqual(await stopped, { conversation: 'typing-1', user: 'alice', typing: false, users: [] });
    assert.deepEqual(bob.client.typingUsers('typing-1'), []);

    // carol's expiry is a minute: alice's message is what ends her typing there
    await carolHeard;
    assert.deepEqual(carol.client.typingUsers('typing-1'), ['alice']);
    const ended = nextEvent(carol.client, 'typing', (t) => !t.typing);
    await alice.client.send('typing-1', 'done typing', { reply: false });
    assert.deepEqual(await ended, { conversation: 'typing-1', user: 'alice', typing: false, users: [] });
    assert.deepEqual(alice.client.typingUsers('typing-1'), [], 'nobody is told of their own typing');
    assert.equal(alice.client.typing('typing-1'), true, 'a send starts the interval over: her next keystroke goes');
    assert.equal(alice.sent.filter((f) => f.type === 'typing').length, 2);
    assert.equal(bob.client.typing('never-joined'), false);
  });

  test('an erased user is closed with 1008 and stays closed; the others see their messages deleted and a new owner', async () => {
    const [mallory, bob] = await connected('mallory', 'bob');
    await mallory.client.join('erase-1'); // the owner
    await bob.client.join('erase-1');
    await mallory.client.send('erase-1', 'mallory 1', { reply: false });
    await bob.client.send('erase-1', 'bob 1', { reply: false });
    await mallory.client.send('erase-1', 'mallory 2', { reply: false });
    await waitFor(() => bob.client.messages('erase-1').length === 3, { what: 'bob has three' });

    const closed = nextEvent(mallory.client, 'disconnected');
    const promoted = nextEvent(bob.client, 'role');
    const erased = await server.json('/api/users/mallory', { method: 'DELETE' });
    assert.equal(erased.user, 'mallory');
    assert.equal(erased.messages_deleted, 2);
    assert.deepEqual(erased.owners_promoted, [{ conversation: 'erase-1', user: 'bob' }]);

    const close = await closed;
    assert.equal(close.code, 1008);
    assert.equal(close.reason, 'this user was erased');
    assert.equal(close.willReconnect, false, 'a 1008 waits for the application');
    assert.equal(close.delayMs, null);
    assert.equal(mallory.client.state, 'stopped');

    assert.deepEqual(await promoted, { type: 'role', conversation: 'erase-1', role: 'owner' });
    await waitFor(() => bob.client.messages('erase-1').length === 1, { what: 'mallory\'s messages gone for bob' });
    assert.deepEqual(summary(bob.client.messages('erase-1')), [[2, 'message', 'bob 1']]);
    assert.deepEqual(bob.stored('erase-1').filter((e) => e.type === 'message_deleted').map((e) => e.id).sort(),
      bob.messages('erase-1').filter((m) => m.sender === 'mallory').map((m) => m.id).sort());
    assert.deepEqual((await server.allMessages('erase-1', 'bob')).map((m) => m.type ?? m.content),
      ['bob 1', 'message_deleted', 'message_deleted']);
    assert.equal(mallory.sockets.length, 1, 'mallory\'s client did not open another socket');
    assert.equal(mallory.client.state, 'stopped');
    assert.equal(mallory.seen.connects, 1);
  });
});

describe('recovery across deleted messages', () => {
  let server;
  const clients = [];
  before(async () => {
    // replays and pages cut at 2 KiB: a rejoin after many messages is never replayed whole
    server = await ParleyServer.start({
      env: { PARLEY_MAX_MESSAGE_BYTES: '1KiB', PARLEY_OUTBOUND_QUEUE_BYTES: '4KiB', PARLEY_MESSAGES_PER_SECOND: '1000' },
    });
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
  });

  test('a cut replay and the pages after it have holes where messages were deleted: all delivered once, none lost', async () => {
    const carol = testClient(server, 'carol');
    const dave = testClient(server, 'dave');
    clients.push(carol.client, dave.client);
    await Promise.all([carol.client.connect(), dave.client.connect()]);
    await carol.client.join('holes-1');
    await dave.client.join('holes-1');
    carol.client.disconnect();
    for (let i = 1; i <= 15; i++) {
      const ack = await dave.client.send('holes-1', `${i} ${'z'.repeat(300)}`, { reply: false });
      if (i % 3 === 0) await dave.client.deleteMessage('holes-1', ack.id);
    }
    const recovered = nextEvent(carol.client, 'recovery', (r) => r.complete);
    await carol.client.connect();
    const recovery = await recovered;
    assert.equal(recovery.paged > 0, true, 'the replay was cut: the rest was paged');
    assert.deepEqual(recovery.lost, []);
    const stored = await server.allMessages('holes-1', 'dave');
    assert.equal(stored.length, 15, '10 messages and 5 deletes');
    assert.deepEqual(carol.stored('holes-1').map((e) => [e.offset, e.id]), stored.map((e) => [e.offset, e.id]));
    assert.deepEqual(carol.client.messages('holes-1').map((m) => m.id),
      stored.filter((m) => m.type === undefined).map((m) => m.id));
    assert.equal(carol.client.lastOffset('holes-1'), stored.at(-1).offset);
  });

  test('pages of nothing but deleted messages are paged past (a page over /ws does not say where it ended)', async () => {
    const erin = testClient(server, 'erin');
    const frank = testClient(server, 'frank');
    clients.push(erin.client, frank.client);
    await Promise.all([erin.client.connect(), frank.client.connect()]);
    await erin.client.join('holes-2');
    await frank.client.join('holes-2');
    erin.client.disconnect();
    const ids = [];
    for (let i = 1; i <= 40; i++) ids.push((await frank.client.send('holes-2', `gone ${i}`, { reply: false })).id);
    for (const id of ids) await frank.client.deleteMessage('holes-2', id);
    await frank.client.send('holes-2', 'still here', { reply: false });

    // the 40 deleted messages come first: pages cut at 2 KiB read them and show nothing
    const page = await frank.client.history('holes-2', { after: 0, limit: 100 });
    assert.deepEqual(page.messages, [], 'a page of deleted messages only');
    assert.equal(page.has_more, true);
    assert.ok(page.next.after > 0, `next goes past them: ${JSON.stringify(page.next)}`);
    const all = await frank.client.fillGap('holes-2', { after: 0 });
    const stored = await server.allMessages('holes-2', 'frank');
    assert.equal(stored.length, 41, '40 deletes and one message');
    assert.deepEqual(all.map((e) => e.offset), stored.map((e) => e.offset));

    const recovered = nextEvent(erin.client, 'recovery', (r) => r.complete);
    await erin.client.connect();
    await recovered;
    assert.deepEqual(erin.stored('holes-2').map((e) => e.offset), stored.map((e) => e.offset));
    assert.deepEqual(erin.client.messages('holes-2').map((m) => m.content), ['still here']);
    assert.equal(erin.client.lastOffset('holes-2'), 81);
  });
});
