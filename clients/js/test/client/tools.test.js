// Front-end tools and reasoning against the real jar, with a scripted OpenAI-compatible model on loopback
// (test/support/fake-model.js): tool calls streamed to every member and assembled, the run ending with them
// pending, results sent back with toolResult and the model going on, a result resent after a drop stored once,
// members who join or reconnect mid-call getting the call so far once, and the tools of a join offered again
// after a reconnect.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ParleyError } from '../../src/parley.js';
import { clientPool } from '../support/clients.js';
import { FakeModel, hold, modelEnv, reasoningChunk, textAnswer, toolCallAnswer } from '../support/fake-model.js';
import { ParleyServer } from '../support/parley-server.js';
import { nextEvent, waitFor } from '../support/wait.js';

const WEATHER = {
  name: 'weather', description: 'the weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('front-end tools', () => {
  let server;
  let model;
  const pool = clientPool(() => server);
  const { clients } = pool;
  const make = (user, options) => pool.make(user, options);
  const finishedRun = (who, conversation, skip = new Set()) => nextEvent(who.client, 'run',
    (run) => run.conversation === conversation && run.status === 'finished' && !skip.has(run.id));

  before(async () => {
    model = await FakeModel.start();
    server = await ParleyServer.start({
      env: { ...modelEnv(model), PARLEY_MESSAGES_PER_SECOND: '200', PARLEY_CONNECTS_PER_MINUTE: '600' },
    });
  });
  after(async () => {
    clients.forEach((c) => c.close());
    await server?.stop();
    await model?.stop();
  });

  test('tool calls stream to every member and are assembled; the run ends with them pending, reasoning apart', async () => {
    model.answer(toolCallAnswer([
      { id: 'call_w1', name: 'weather', args: ['{"city":', '"Paris"}'] },
      { id: 'call_w2', name: 'weather', args: ['{"city":"Rome"}'] },
    ], { before: [reasoningChunk('Let me '), reasoningChunk('think.')], usage: [21, 9, 4] }));
    const alice = make('alice');
    const bob = make('bob');
    await Promise.all([alice.client.connect(), bob.client.connect()]);
    await alice.client.join('trip-1', { tools: [WEATHER] });
    await bob.client.join('trip-1');

    const streamed = []; // bob's view of call_w1 as it came: its arguments and whether it was done
    bob.client.on('run', (run) => {
      const call = run.toolCalls.find((c) => c.id === 'call_w1');
      if (call) streamed.push(`${call.args}|${call.done}`);
    });
    const reasoningWhileRunning = [];
    bob.client.on('run', (run) => { if (run.status === 'running') reasoningWhileRunning.push(run.reasoning); });
    const finished = { alice: finishedRun(alice, 'trip-1'), bob: finishedRun(bob, 'trip-1') };
    await alice.client.send('trip-1', 'weather in Paris and Rome?');

    for (const who of ['alice', 'bob']) {
      const run = await finished[who];
      assert.deepEqual(run.toolCalls.map((c) => ({ id: c.id, name: c.name, args: c.args, done: c.done, pending: c.pending })), [
        { id: 'call_w1', name: 'weather', args: '{"city":"Paris"}', done: true, pending: true },
        { id: 'call_w2', name: 'weather', args: '{"city":"Rome"}', done: true, pending: true },
      ], who);
      assert.deepEqual(run.pendingToolCallIds, ['call_w1', 'call_w2']);
      assert.equal(run.outcome.type, 'success');
      assert.deepEqual(run.outcome.pendingToolCallIds, ['call_w1', 'call_w2']);
      assert.equal(run.reasoning, 'Let me think.');
      assert.equal(run.text, '', 'the reasoning is not in the answer text');
      assert.equal(run.usage.length, 1);
      assert.deepEqual({ ...run.usage[0] }, { provider: 'openai', model: 'test-model', inputTokens: 21, outputTokens: 9,
        totalTokens: 30, reasoningTokens: 4 });
    }
    assert.ok(streamed.includes('{"city":|false'), `the arguments streamed in pieces: ${streamed.join(' ; ')}`);
    assert.ok(streamed.indexOf('{"city":|false') < streamed.indexOf('{"city":"Paris"}|false'), streamed.join(' ; '));
    assert.ok(reasoningWhileRunning.includes('Let me '), 'the reasoning streamed too');

    await waitFor(() => bob.messages('trip-1').length === 2, { what: 'the stored reply' });
    const reply = bob.messages('trip-1')[1];
    assert.equal(reply.role, 'assistant');
    assert.equal(reply.content, '');
    assert.equal(reply.reasoning, 'Let me think.');
    assert.deepEqual(reply.toolCalls, [
      { id: 'call_w1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_w2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
    ]);
    const run = bob.client.runs.get(reply.run);
    assert.equal(run.toolCalls[0].parentMessageId, reply.id);
    assert.equal(run.toolCalls[0].offset, reply.offset);
    assert.deepEqual(run.messages, [], 'a reply of tool calls only has no text message');
    assert.equal(model.requests[0].tools[0].function.name, 'weather', 'the join\'s tools reached the model');
    const page = await bob.client.history('trip-1', { after: 0 });
    assert.deepEqual(page.messages[1].toolCalls, reply.toolCalls, 'history keeps the tool calls');
    assert.equal(page.messages[1].reasoning, 'Let me think.', 'and the reasoning');

    // the results: each stored once and shown to every member; once both are in, the model goes on
    model.answer(textAnswer('Sunny in Paris, ', 'rain in Rome.'));
    const next = finishedRun(bob, 'trip-1', new Set([run.id]));
    const first = alice.client.toolResult('trip-1', 'call_w1', 'sunny');
    const ack = await first;
    assert.equal(ack.id, first.id);
    assert.equal(ack.offset, 3);
    await waitFor(() => run.toolCalls[0].result === 'sunny', { what: 'bob sees the first result on the call' });
    assert.equal(run.toolCalls[0].pending, false);
    assert.equal(run.toolCalls[1].pending, true);
    assert.equal(model.requests.length, 1, 'no new run before every call has its result');
    await alice.client.toolResult('trip-1', 'call_w2', { forecast: 'rain' });
    const continued = await next;
    assert.equal(continued.text, 'Sunny in Paris, rain in Rome.');
    assert.deepEqual(continued.pendingToolCallIds, []);
    assert.equal(model.requests.length, 2);
    const sent = model.requests[1].messages.slice(-3);
    assert.deepEqual(sent.map((m) => m.role), ['assistant', 'tool', 'tool']);
    assert.deepEqual(sent.slice(1).map((m) => [m.tool_call_id, m.content]),
      [['call_w1', 'sunny'], ['call_w2', '{"forecast":"rain"}']]);

    await waitFor(() => bob.messages('trip-1').length === 5, { what: 'all five stored messages' });
    assert.deepEqual(bob.messages('trip-1').map((m) => [m.role, m.toolCallId ?? null]), [
      ['user', null], ['assistant', null], ['tool', 'call_w1'], ['tool', 'call_w2'], ['assistant', null]]);

    // refusals. A second answer to call_w1: this client knows the stored result's id and refuses it itself (the
    // server stores a result with a new id for a call answered already: see the README)
    await assert.rejects(alice.client.toolResult('trip-1', 'call_w1', 'again'), (e) => e instanceof ParleyError && e.code === 'conflict');
    await assert.rejects(bob.client.toolResult('trip-1', 'call_w1', 'again'), (e) => e.code === 'conflict', 'bob knows it too');
    const resend = await alice.client.toolResult('trip-1', 'call_w1', 'sunny', { id: first.id });
    assert.equal(resend.offset, ack.offset, 'the same result with its id again is the same ack (a resend)');
    await assert.rejects(alice.client.toolResult('trip-1', 'call_nope', 'x'), (e) => e.code === 'not_found');
    await assert.rejects(alice.client.toolResult('elsewhere', 'call_w1', 'x'), (e) => e.code === 'not_joined');
    await assert.rejects(alice.client.toolResult('trip-1', '', 'x'), (e) => e.code === 'bad_request');
    assert.equal((await server.allMessages('trip-1', 'alice')).length, 5, 'nothing more stored');
  });

  test('a tool result resent after a dropped socket is stored once, and the model goes on once', async () => {
    model.answer(toolCallAnswer([{ id: 'call_d1', name: 'weather', args: ['{"city":"Lima"}'] }]), textAnswer('Foggy.'));
    const carol = make('carol');
    await carol.client.connect();
    await carol.client.join('drop-1'); // no tools on the join: this send offers them
    const finished = finishedRun(carol, 'drop-1');
    await carol.client.send('drop-1', 'weather in Lima?', { tools: [WEATHER] });
    const run = await finished;
    assert.deepEqual(run.pendingToolCallIds, ['call_d1']);
    assert.equal(model.requests.at(-1).tools[0].function.name, 'weather', 'the send\'s tools reached the model');
    const requestsBefore = model.requests.length;

    carol.socket().deafen(); // the ack is lost on the way (and what the continuation streams, maybe)
    const sent = carol.client.toolResult('drop-1', 'call_d1', 'foggy');
    await waitFor(async () => (await server.allMessages('drop-1', 'carol')).some((m) => m.role === 'tool'),
      { what: 'the result is stored' });
    carol.socket().terminate();
    const ack = await sent;
    assert.equal(ack.id, sent.id);
    assert.ok(carol.sockets.length >= 2, 'it reconnected and sent the result again');
    await waitFor(() => carol.messages('drop-1').length === 4, { what: 'carol has every message, the continuation too' });
    assert.equal(carol.messages('drop-1')[3].content, 'Foggy.');
    await waitFor(async () => (await server.json('/api/stats')).runs?.in_flight === 0, { what: 'no run in flight' });
    const stored = await server.allMessages('drop-1', 'carol');
    assert.deepEqual(stored.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant'], 'the result stored once');
    assert.equal(stored[2].id, sent.id);
    assert.equal(stored[2].offset, ack.offset);
    assert.equal(model.requests.length, requestsBefore + 1, 'one continuation, not two');
    assert.deepEqual(carol.messages('drop-1').map((m) => m.offset), [1, 2, 3, 4]);
  });

  test('members who join or reconnect mid-run get the reasoning and the call so far once, then the rest', async () => {
    const thinking = hold();
    const calling = hold();
    model.answer(toolCallAnswer([{ id: 'call_m1', name: 'weather', args: ['{"ci', 'ty":', '"Oslo"}'] }], {
      before: [reasoningChunk('Hmm, '), thinking, reasoningChunk('Oslo.')], holdAt: { after: 1, hold: calling },
    }));
    const dave = make('dave');
    const erin = make('erin');
    const frank = make('frank');
    await Promise.all([dave.client.connect(), erin.client.connect(), frank.client.connect()]);
    await dave.client.join('midway-1', { tools: [WEATHER] });
    await frank.client.join('midway-1');
    const finished = [dave, erin, frank].map((who) => finishedRun(who, 'midway-1'));
    await dave.client.send('midway-1', 'weather in Oslo?');

    await thinking.reachedAt;
    await waitFor(() => frank.client.runs.active('midway-1')?.reasoning === 'Hmm, ', { what: 'frank sees the reasoning so far' });
    const erinRuns = [];
    erin.client.on('run', (run) => erinRuns.push(run.reasoning));
    await erin.client.join('midway-1'); // mid-reasoning
    await waitFor(() => erin.client.runs.active('midway-1')?.reasoning === 'Hmm, ', { what: 'erin gets the reasoning so far' });
    thinking.release();

    await calling.reachedAt;
    await waitFor(() => frank.client.runs.active('midway-1')?.toolCalls[0]?.args === '{"city":',
      { what: 'frank sees the arguments so far' });
    const ready = nextEvent(frank.client, 'ready');
    frank.socket().terminate(); // frank drops mid-call and rejoins
    await ready;
    const grace = make('grace');
    await grace.client.connect();
    await grace.client.join('midway-1'); // grace joins mid-call
    for (const who of [grace, frank]) {
      await waitFor(() => who.client.runs.active('midway-1')?.toolCalls[0]?.args === '{"city":',
        { what: 'the call so far, once' });
    }
    const graceFinished = finishedRun(grace, 'midway-1');
    calling.release();

    for (const [who, run] of [[dave, await finished[0]], [erin, await finished[1]], [frank, await finished[2]],
      [grace, await graceFinished]]) {
      const name = who.client.user;
      assert.equal(run.toolCalls.length, 1, name);
      assert.equal(run.toolCalls[0].args, '{"city":"Oslo"}', `${name}: the arguments whole, nothing doubled`);
      assert.equal(run.toolCalls[0].name, 'weather');
      assert.deepEqual(run.pendingToolCallIds, ['call_m1']);
      if (who !== grace) assert.equal(run.reasoning, 'Hmm, Oslo.', `${name}: the reasoning whole, nothing doubled`);
    }
    assert.ok(!erinRuns.some((r) => r.startsWith('Hmm, Hmm')), 'never doubled on the way');
    assert.ok(frank.sockets.length >= 2);
  });

  test('the tools of a join are offered again after a reconnect', async () => {
    model.answer(textAnswer('ok'));
    const hana = make('hana');
    await hana.client.connect();
    await hana.client.join('rejoin-tools-1', { tools: [WEATHER] });
    const ready = nextEvent(hana.client, 'ready');
    hana.socket().terminate();
    await ready;
    const finished = finishedRun(hana, 'rejoin-tools-1');
    const before = model.requests.length;
    await hana.client.send('rejoin-tools-1', 'anything?');
    await finished;
    assert.equal(model.requests.length, before + 1);
    assert.deepEqual(model.requests.at(-1).tools.map((t) => t.function.name), ['weather'], 'the rejoin offered the tools');
  });
});
