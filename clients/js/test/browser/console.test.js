// The web console in Chromium against the real jar: signing in and chatting by keyboard, two people and the
// echo assistant, history as you scroll up, a server restart the page recovers from, the operator panel, and
// a phone-width layout. Screenshots of each screen go to clients/js/test-artifacts/.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchChromium, openPage, screenshotPath } from '../support/browser.js';
import { testClient } from '../support/clients.js';
import { join, signIn, T } from '../support/console.js';
import { ParleyServer, SERVER_KEY, tempDir } from '../support/parley-server.js';
import { waitFor } from '../support/wait.js';


/** The messages the page shows: [{id, offset, role, sender, text}] in page order. */
function shown(page) {
  return page.locator('#log > li').evaluateAll((items) => items.map((li) => ({
    id: li.dataset.id, offset: Number(li.dataset.offset || 0), classes: li.className,
    sender: li.querySelector('.sender')?.textContent, text: li.querySelector('.body')?.textContent,
  })));
}

async function expectExactly(page, stored, what) {
  await waitFor(async () => (await shown(page)).filter((m) => m.offset).length === stored.length,
    { timeoutMs: T, what });
  const items = await shown(page);
  assert.deepEqual(items.map((m) => m.id), stored.map((m) => m.id), `${what}: each stored message once, in order`);
  assert.deepEqual(items.map((m) => m.text), stored.map((m) => m.content));
}

describe('the web console', () => {
  let server;
  let db;
  let browser;
  const pages = [];
  const helpers = [];

  before(async () => {
    db = tempDir();
    server = await ParleyServer.start({
      env: { PARLEY_STORE: 'jdbc', PARLEY_DB_URL: `jdbc:h2:file:${db.dir}/parley`, PARLEY_LLM_ECHO_DELAY: '100ms',
        PARLEY_MESSAGES_PER_SECOND: '200' },
    });
    browser = await launchChromium();
  });
  after(async () => {
    helpers.forEach((c) => c.close());
    await browser?.close();
    await server?.stop();
    db?.cleanup();
    for (const { problems } of pages) assert.deepEqual(problems, []);
  });

  let alice;
  let bob;

  test('two people sign in and chat by keyboard; the assistant replies stream in on both pages', async () => {
    alice = await openPage(browser, server.http);
    bob = await openPage(browser, server.http);
    pages.push(alice, bob);
    await alice.page.screenshot({ path: screenshotPath('01-sign-in') });
    await signIn(alice.page, 'alice');
    await signIn(bob.page, 'bob');
    await join(alice.page, 'lobby');
    await join(bob.page, 'lobby');

    await alice.page.locator('#message').fill('hello bob, how are you today?');
    await alice.page.locator('#message').press('Enter');
    // the reply streams: a bubble still being written, then the stored one
    await bob.page.locator('#log > li.assistant.streaming').first().waitFor({ timeout: T });
    await bob.page.screenshot({ path: screenshotPath('02-streaming-bob') });
    await bob.page.locator('#log > li.assistant:not(.streaming)[data-offset]').first().waitFor({ timeout: T });
    await bob.page.locator('#message').fill('fine, thanks alice');
    await bob.page.locator('#message').press('Enter');
    await waitFor(async () => (await server.allMessages('lobby', 'bob')).length === 4, { timeoutMs: T, what: '4 stored' });
    const stored = await server.allMessages('lobby', 'bob');
    await expectExactly(alice.page, stored, 'alice');
    await expectExactly(bob.page, stored, 'bob');
    const items = await shown(alice.page);
    assert.match(items[1].text, /you said: "hello bob, how are you today\?"/);
    assert.ok(items[0].classes.includes('mine') && !items[2].classes.includes('mine'));
    await alice.page.screenshot({ path: screenshotPath('03-chat-alice') });
  });

  test('older messages load as you scroll up', async () => {
    const filler = testClient(server, 'carol');
    helpers.push(filler.client);
    await filler.client.connect();
    await filler.client.join('archive');
    for (let i = 1; i <= 75; i++) await filler.client.send('archive', `archived ${i}`, { reply: false });
    await join(alice.page, 'archive');
    await waitFor(async () => (await shown(alice.page)).length === 30, { timeoutMs: T, what: 'the newest page' });
    for (let i = 0; i < 10 && (await shown(alice.page)).length < 75; i++) {
      await alice.page.locator('#log-wrap').evaluate((wrap) => { wrap.scrollTop = 0; });
      await alice.page.locator('#log-wrap').dispatchEvent('scroll');
      await waitFor(async () => (await shown(alice.page)).length >= Math.min(75, 30 * (i + 2)),
        { timeoutMs: T, what: 'an older page' });
    }
    await expectExactly(alice.page, await server.allMessages('archive', 'carol'), 'the whole archive');
    assert.equal(await alice.page.locator('#load-older').isHidden(), true, 'nothing older to load');
    await alice.page.locator('#log-wrap').evaluate((wrap) => { wrap.scrollTop = 0; });
    await alice.page.screenshot({ path: screenshotPath('04-history') });
    await alice.page.locator('#conversation-list button', { hasText: 'lobby' }).click();
  });

  test('the pages recover from a server restart and show every message once', async () => {
    await server.stop();
    await alice.page.locator('#status[data-state="waiting"], #status[data-state="connecting"]').waitFor({ timeout: T });
    await alice.page.locator('#message').fill('sent while the server was down');
    await alice.page.locator('#message').press('Enter');
    await alice.page.locator('#log > li.pending').waitFor({ timeout: T });
    await alice.page.screenshot({ path: screenshotPath('05-reconnecting') });
    await server.start();
    for (const { page } of [alice, bob]) await page.locator('#status', { hasText: 'Connected as' }).waitFor({ timeout: 60_000 });
    await bob.page.locator('#ask-assistant').uncheck();
    await bob.page.locator('#message').fill('welcome back');
    await bob.page.locator('#message').press('Enter');
    await waitFor(async () => (await server.allMessages('lobby', 'bob')).length >= 7, { timeoutMs: 60_000, what: 'the new messages stored' });
    await waitFor(async () => (await server.json('/api/stats')).runs?.in_flight === 0, { timeoutMs: T, what: 'no run in flight' });
    const stored = await server.allMessages('lobby', 'bob');
    assert.deepEqual(stored.slice(4).map((m) => m.role).sort(), ['assistant', 'user', 'user']);
    assert.deepEqual(stored.filter((m) => m.role === 'user').slice(-2).map((m) => m.content),
      ['sent while the server was down', 'welcome back']);
    await expectExactly(alice.page, stored, 'alice after the restart');
    await expectExactly(bob.page, stored, 'bob after the restart');
    await bob.page.screenshot({ path: screenshotPath('06-after-restart-bob') });
  });

  test('the operator panel shows the node\'s numbers and a chart', async () => {
    await alice.page.locator('#nav-operator').click();
    await alice.page.locator('#operator-error').getByText('Enter the server key').waitFor({ timeout: T });
    await alice.page.locator('#server-key').fill(SERVER_KEY);
    await alice.page.locator('#key-form button[type="submit"]').click();
    await alice.page.locator('dd[data-tile="connections"]').waitFor({ timeout: T });
    await waitFor(async () => Number(await alice.page.locator('dd[data-tile="connections"]').textContent()) >= 2,
      { timeoutMs: T, what: 'two connections counted' });
    const sender = testClient(server, 'dave');
    helpers.push(sender.client);
    await sender.client.connect();
    await sender.client.join('lobby');
    await waitFor(async () => {
      await sender.client.send('lobby', 'traffic for the chart', { reply: false });
      return Number(await alice.page.locator('dd[data-tile="messages-out-s"]').textContent()) > 0;
    }, { timeoutMs: T, intervalMs: 200, what: 'a rate above zero' });
    await alice.page.locator('#chart polyline.out').waitFor({ timeout: T });
    await alice.page.locator('#circuits li[data-circuit="assistant"]').waitFor({ timeout: T });
    assert.match(await alice.page.locator('#circuits').textContent(), /assistant: closed/);
    assert.equal(await alice.page.locator('#operator-error').isHidden(), true);
    await alice.page.setViewportSize({ width: 1200, height: 1000 }); // the whole panel, circuits included
    await alice.page.screenshot({ path: screenshotPath('07-operator') });
    await alice.page.setViewportSize({ width: 1200, height: 800 });
    await alice.page.locator('#nav-chat').click();
  });

  test('at phone width the chat fits the screen', async () => {
    const phone = await openPage(browser, server.http, { viewport: { width: 390, height: 760 } });
    pages.push(phone);
    await signIn(phone.page, 'erin');
    await join(phone.page, 'lobby');
    await expectExactly(phone.page, (await server.allMessages('lobby', 'erin')).slice(-30), 'erin');
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
    await phone.page.screenshot({ path: screenshotPath('08-phone') });
  });
});
