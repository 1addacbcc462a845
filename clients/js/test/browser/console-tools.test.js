// The web console in Chromium against the real jar and a scripted OpenAI-compatible model: a tool call streams
// into the message list (name and arguments), the reasoning is folded away apart from the answer, the tool result
// shows as its own message, the assistant goes on, and the conversation's shared state shows as JSON.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchChromium, openPage, screenshotPath } from '../support/browser.js';
import { testClient } from '../support/clients.js';
import { FakeModel, hold, modelEnv, reasoningChunk, textAnswer, toolCallAnswer } from '../support/fake-model.js';
import { ParleyServer } from '../support/parley-server.js';
import { nextEvent, waitFor } from '../support/wait.js';

const T = 30_000;
const WEATHER = {
  name: 'weather', description: 'the weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('the web console with tools', () => {
  let server;
  let model;
  let browser;
  let page;
  const pages = [];
  const helpers = [];

  before(async () => {
    model = await FakeModel.start();
    server = await ParleyServer.start({ env: { ...modelEnv(model), PARLEY_MESSAGES_PER_SECOND: '200' } });
    browser = await launchChromium();
  });
  after(async () => {
    helpers.forEach((c) => c.close());
    await browser?.close();
    await server?.stop();
    await model?.stop();
    for (const { problems } of pages) assert.deepEqual(problems, []);
  });

  test('a tool call streams into the message list, its result shows, the reasoning is folded, the state is shown', async () => {
    const opened = await openPage(browser, server.http);
    pages.push(opened);
    ({ page } = opened);
    await page.waitForFunction(() => document.activeElement?.id === 'sign-in-name', null, { timeout: T });
    await page.keyboard.type('alice');
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: 'Connected as alice' }).waitFor({ timeout: T });
    await page.locator('#join-name').fill('tools-1');
    await page.locator('#join-name').press('Enter');
    await page.locator('#conversation-title', { hasText: 'tools-1' }).waitFor({ timeout: T });
    assert.equal(await page.locator('#state-panel').isHidden(), true, 'no state yet: no panel');

    // an agent front end (a Node client) offers the tool, sets some state and asks
    const agent = testClient(server, 'agent');
    helpers.push(agent.client);
    await agent.client.connect();
    await agent.client.join('tools-1', { tools: [WEATHER] });
    await agent.client.changeState('tools-1', [{ op: 'add', path: '/trip', value: { city: 'Paris', days: 3 } }]);
    await page.locator('#state-json', { hasText: '"city": "Paris"' }).waitFor({ timeout: T });
    assert.match(await page.locator('#state-version').textContent(), /version 1/);

    const calling = hold();
    model.answer(toolCallAnswer([{ id: 'call_p1', name: 'weather', args: ['{"city":', '"Paris"}'] }],
      { before: [reasoningChunk('The user wants '), reasoningChunk('the weather.')], holdAt: { after: 0, hold: calling } }));
    model.answer(textAnswer('It is sunny ', 'in Paris.'));
    const finished = nextEvent(agent.client, 'run', (run) => run.status === 'finished' && run.toolCalls.length > 0);
    await agent.client.send('tools-1', 'what is the weather in Paris?');

    // streaming: the call's name and its arguments so far
    await calling.reachedAt;
    const call = page.locator('#log > li.assistant .tool-call[data-tool-call-id="call_p1"]');
    await call.locator('.tool-args', { hasText: '{"city":' }).waitFor({ timeout: T });
    assert.equal(await call.locator('.tool-name').textContent(), 'weather');
    assert.equal(await call.locator('.tool-status').textContent(), 'calling…');
    await page.screenshot({ path: screenshotPath('09-tool-call-streaming') });
    calling.release();
    const run = await finished;

    // stored: the whole arguments, waiting for a result; the reasoning folded away, apart from the (empty) answer
    const reply = page.locator(`#log > li.assistant[data-offset][data-id="${run.toolCalls[0].parentMessageId}"]`);
    await reply.locator('.tool-status', { hasText: 'waiting for a result' }).waitFor({ timeout: T });
    assert.equal(await reply.locator('.tool-args').textContent(), '{"city":"Paris"}');
    const reasoning = reply.locator('details.reasoning');
    assert.equal(await reasoning.isVisible(), true);
    assert.equal(await reasoning.evaluate((d) => d.open), false, 'folded');
    assert.equal(await reasoning.locator('.reasoning-text').textContent(), 'The user wants the weather.');
    assert.equal(await reply.locator('.body').textContent(), '', 'the reasoning is not in the answer');
    await reasoning.locator('summary').click();
    assert.equal(await reasoning.locator('.reasoning-text').isVisible(), true, 'it opens');

    // the agent answers the call: the result shows as its own message, the call as answered, the model goes on
    const more = nextEvent(agent.client, 'run', (r) => r.status === 'finished' && r.id !== run.id);
    await agent.client.toolResult('tools-1', 'call_p1', '{"sky":"clear","celsius":24}');
    const result = page.locator('#log > li.tool[data-tool-call-id="call_p1"]');
    await result.waitFor({ timeout: T });
    assert.equal(await result.locator('.body').textContent(), '{"sky":"clear","celsius":24}');
    assert.match(await result.locator('.kind').textContent(), /tool result of weather \(call_p1\)/);
    await reply.locator('.tool-call.answered .tool-status', { hasText: 'answered' }).waitFor({ timeout: T });
    await more;
    await page.locator('#log > li.assistant[data-offset] .body', { hasText: 'It is sunny in Paris.' }).waitFor({ timeout: T });

    // the state changes as the agent changes it
    await agent.client.changeState('tools-1', [{ op: 'replace', path: '/trip/days', value: 4 },
      { op: 'add', path: '/weather', value: 'sunny' }]);
    await page.locator('#state-json', { hasText: '"weather": "sunny"' }).waitFor({ timeout: T });
    assert.deepEqual(JSON.parse(await page.locator('#state-json').textContent()),
      { trip: { city: 'Paris', days: 4 }, weather: 'sunny' });
    assert.match(await page.locator('#state-version').textContent(), /version 2/);

    // in offset order, each once: the question, the call, its result, the answer
    await waitFor(async () => (await page.locator('#log > li[data-offset]').count()) === 4, { timeoutMs: T, what: '4 shown' });
    const shown = await page.locator('#log > li').evaluateAll((items) => items.map((li) => li.className.split(' ')[1]));
    assert.deepEqual(shown, ['user', 'assistant', 'tool', 'assistant']);
    const stored = await server.allMessages('tools-1', 'alice');
    assert.deepEqual(await page.locator('#log > li').evaluateAll((items) => items.map((li) => li.dataset.id)),
      stored.map((m) => m.id));
    await page.screenshot({ path: screenshotPath('10-tool-call-answered') });
  });

  test('after a reload the stored tool call, its result and the state come back from history', async () => {
    await page.reload();
    await page.locator('#status', { hasText: 'Connected as alice' }).waitFor({ timeout: T });
    await page.locator('#conversation-title', { hasText: 'tools-1' }).waitFor({ timeout: T });
    await page.locator('#log > li.assistant .tool-call.answered .tool-args', { hasText: '{"city":"Paris"}' }).waitFor({ timeout: T });
    await page.locator('#log > li.tool .kind', { hasText: 'tool result of weather' }).waitFor({ timeout: T });
    await page.locator('#log > li.assistant details.reasoning .reasoning-text', { hasText: 'The user wants the weather.' })
      .waitFor({ state: 'attached', timeout: T });
    await page.locator('#state-json', { hasText: '"weather": "sunny"' }).waitFor({ timeout: T });
  });
});
