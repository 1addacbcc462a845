// The chat essentials in the web console, in Chromium against the real jar: a message edited in place and another
// deleted (after a confirmation) from their own controls, by keyboard, seen on the other page live and after a
// reload; an edit cancelled with Escape; who is typing, and that going away; an unread badge for a conversation
// that is not open (live, and from GET /api/conversations after a reload), cleared when it is opened (and the
// server's count with it); the controls at phone width on a touch screen; one's own message put in its place by offset
// when others' were stored while it was on its way. Screenshots go to clients/js/test-artifacts/.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchChromium, openPage, screenshotPath } from '../support/browser.js';
import { join, signIn, T } from '../support/console.js';
import { ParleyServer } from '../support/parley-server.js';
import { waitFor } from '../support/wait.js';


async function say(page, text) {
  await page.locator('#message').fill(text);
  await page.locator('#message').press('Enter');
}

/**
 * Types into the message box of `page`, a key at a time, until `other` says who is typing (as a person goes on
 * typing: a notice leaves every 2 s at most, and the server passes one a second).
 */
async function typeUntilSeen(page, other, user) {
  await page.locator('#message').focus();
  const seen = other.locator('#typing', { hasText: `${user} is typing…` });
  await waitFor(async () => {
    await page.keyboard.type('x');
    return (await seen.count()) > 0;
  }, { timeoutMs: T, intervalMs: 100, what: `${user} typing, seen` });
}

/** The messages the page shows: [{id, offset, text, edited, actions, edit, del}] in page order. */
function shown(page) {
  return page.locator('#log > li').evaluateAll((items) => items.map((li) => {
    const visible = (node) => Boolean(node) && !node.hidden && !node.closest('[hidden]');
    return {
      id: li.dataset.id, offset: Number(li.dataset.offset || 0), text: li.querySelector('.body')?.textContent,
      edited: visible(li.querySelector('.edited')), edit: visible(li.querySelector('.edit-message')),
      del: visible(li.querySelector('.delete-message')),
    };
  }));
}

/** The unread badge of a conversation in the list, or null. */
async function badge(page, conversation) {
  const button = page.locator(`#conversation-list button[data-conversation="${conversation}"]`);
  if (await button.count() === 0) return null;
  const found = button.locator('.badge');
  return (await found.count()) ? (await found.textContent()) : null;
}

describe('chat essentials in the web console', () => {
  let server;
  let browser;
  let alice;
  let bob;
  const pages = [];

  before(async () => {
    server = await ParleyServer.start({ env: { PARLEY_MESSAGES_PER_SECOND: '200' } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    for (const { problems } of pages) assert.deepEqual(problems, []);
  });

  test('a message edited in place and another deleted from their own controls, by keyboard; the other page sees both', async () => {
    alice = await openPage(browser, server.http);
    bob = await openPage(browser, server.http);
    pages.push(alice, bob);
    await signIn(alice.page, 'alice');
    await signIn(bob.page, 'bob');
    await join(alice.page, 'lobby');
    await join(bob.page, 'lobby');
    await alice.page.locator('#ask-assistant').uncheck();
    await bob.page.locator('#ask-assistant').uncheck();
    await say(alice.page, 'helo everyone');
    await say(alice.page, 'a message to delete');
    await say(bob.page, 'hi alice');
    await waitFor(async () => (await shown(bob.page)).filter((m) => m.offset).length === 3
      && (await shown(alice.page)).filter((m) => m.offset).length === 3, { timeoutMs: T, what: 'three on both pages' });
    const [first, second, third] = await shown(alice.page);
    assert.deepEqual([first.edit, first.del, third.edit, third.del], [true, true, false, true],
      'alice edits and deletes hers; as the owner she may delete bob\'s');
    const onBob = await shown(bob.page);
    assert.deepEqual([onBob[0].edit, onBob[0].del, onBob[2].edit, onBob[2].del], [false, false, true, true]);

    // the controls show when the focus is in the message
    const editButton = alice.page.locator(`#log > li[data-id="${first.id}"] .edit-message`);
    await editButton.focus();
    const opacity = () => editButton.evaluate((b) => getComputedStyle(b.closest('.actions')).opacity);
    await waitFor(async () => (await opacity()) === '1', { timeoutMs: T, what: 'the controls shown on focus' });
    await alice.page.keyboard.press('Enter');
    const editor = alice.page.locator(`#log > li[data-id="${first.id}"] textarea.edit-box`);
    await editor.waitFor({ timeout: T });
    assert.equal(await editor.evaluate((e) => e === document.activeElement), true, 'the editor has the focus');
    assert.equal(await editor.inputValue(), 'helo everyone');
    await alice.page.keyboard.press('Control+A');
    await alice.page.keyboard.type('hello everyone');
    await alice.page.screenshot({ path: screenshotPath('15-edit-inline') });
    await alice.page.keyboard.press('Enter');
    for (const { page } of [alice, bob]) {
      await waitFor(async () => {
        const m = (await shown(page)).find((x) => x.id === first.id);
        return m?.text === 'hello everyone' && m.edited;
      }, { timeoutMs: T, what: 'the edit on both pages' });
    }
    assert.equal(await editButton.evaluate((b) => b === document.activeElement), true, 'the focus is back on Edit');

    // Escape cancels an edit: nothing is stored
    await alice.page.keyboard.press('Enter');
    await editor.waitFor({ timeout: T });
    await alice.page.keyboard.type(' and more');
    await alice.page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached', timeout: T });
    assert.equal((await shown(alice.page)).find((m) => m.id === first.id).text, 'hello everyone');

    // Delete asks first, in the message; the focus starts on Cancel
    await alice.page.locator(`#log > li[data-id="${second.id}"] .delete-message`).focus();
    await alice.page.keyboard.press('Enter');
    const ask = alice.page.locator(`#log > li[data-id="${second.id}"] .confirm-delete`);
    await ask.waitFor({ timeout: T });
    assert.equal(await ask.locator('.cancel').evaluate((b) => b === document.activeElement), true);
    await alice.page.screenshot({ path: screenshotPath('16-delete-confirm') });
    await alice.page.keyboard.press('Shift+Tab');
    assert.equal(await ask.locator('.confirm').evaluate((b) => b === document.activeElement), true);
    await alice.page.keyboard.press('Enter');
    for (const { page } of [alice, bob]) {
      await waitFor(async () => !(await shown(page)).some((m) => m.id === second.id),
        { timeoutMs: T, what: 'the deleted message gone from both pages' });
    }
    const stored = await server.allMessages('lobby', 'bob');
    assert.deepEqual(stored.map((m) => [m.offset, m.type ?? 'message', m.content]),
      [[1, 'message', 'hello everyone'], [3, 'message', 'hi alice'], [4, 'message_edited', 'hello everyone'],
        [5, 'message_deleted', undefined]], 'one edit stored (the cancelled one is not), and the delete');
    await bob.page.screenshot({ path: screenshotPath('17-edited-and-deleted-bob') });

    // after a reload the history page shows them as they now are
    await bob.page.reload();
    await bob.page.locator('#status', { hasText: 'Connected as bob' }).waitFor({ timeout: T });
    await waitFor(async () => (await shown(bob.page)).length === 2, { timeoutMs: T, what: 'bob\'s page again' });
    const again = await shown(bob.page);
    assert.deepEqual(again.map((m) => [m.id, m.text, m.edited]), [[first.id, 'hello everyone', true], [third.id, 'hi alice', false]]);
  });

  test('the other page says who is typing, and stops saying it', async () => {
    assert.equal(await bob.page.locator('#typing').getAttribute('aria-live'), 'polite');
    await typeUntilSeen(alice.page, bob.page, 'alice');
    await bob.page.screenshot({ path: screenshotPath('18-typing') });
    assert.equal(await alice.page.locator('#typing').textContent(), '', 'not of yourself');
    // nothing more typed: bob's client forgets it after its expiry (4 s)
    await waitFor(async () => (await bob.page.locator('#typing').textContent()) === '', { timeoutMs: T, what: 'typing gone' });
    await alice.page.locator('#message').fill('');
  });

  test('an unread badge for a conversation that is not open, live and after a reload, cleared when it is opened', async () => {
    await join(bob.page, 'side');
    await bob.page.locator('#conversation-list button[data-conversation="lobby"]').click();
    await bob.page.locator('#conversation-title', { hasText: 'lobby' }).waitFor({ timeout: T });
    await join(alice.page, 'side');
    await say(alice.page, 'psst, bob');
    await say(alice.page, 'over here');
    await waitFor(async () => (await badge(bob.page, 'side')) === '2', { timeoutMs: T, what: 'a badge of 2' });
    assert.equal(await badge(bob.page, 'lobby'), null, 'the open one has none');
    assert.equal(await badge(alice.page, 'side'), null, 'her own messages are not unread for her');
    await bob.page.screenshot({ path: screenshotPath('19-unread-badge') });
    const unread = async (conversation) => (await server.json('/api/conversations?user=bob')).conversations
      .find((c) => c.id === conversation).unread;
    assert.equal(await unread('side'), 2);
    assert.equal(await unread('lobby'), 0, 'what was on screen in the open conversation was marked read');

    await bob.page.reload();
    await bob.page.locator('#status', { hasText: 'Connected as bob' }).waitFor({ timeout: T });
    await waitFor(async () => (await badge(bob.page, 'side')) === '2', { timeoutMs: T, what: 'the badge from the server' });

    await bob.page.locator('#conversation-list button[data-conversation="side"]').click();
    await bob.page.locator('#conversation-title', { hasText: 'side' }).waitFor({ timeout: T });
    await waitFor(async () => (await badge(bob.page, 'side')) === null, { timeoutMs: T, what: 'the badge cleared' });
    await waitFor(async () => (await unread('side')) === 0, { timeoutMs: T, what: 'the server counts none unread' });
  });

  test('at phone width on a touch screen the controls show and the chat fits', async () => {
    const phone = await openPage(browser, server.http, { viewport: { width: 390, height: 760 }, hasTouch: true, isMobile: true });
    pages.push(phone);
    await signIn(phone.page, 'carol');
    await join(phone.page, 'lobby');
    await phone.page.locator('#ask-assistant').uncheck();
    await say(phone.page, 'a message from a phone');
    await waitFor(async () => (await shown(phone.page)).some((m) => m.text === 'a message from a phone' && m.offset && m.edit),
      { timeoutMs: T, what: 'carol\'s message with its controls' });
    const controls = phone.page.locator('#log > li.mine .actions').last();
    assert.equal(await controls.evaluate((a) => getComputedStyle(a).opacity), '1', 'no hover on touch: always shown');
    await alice.page.locator('#conversation-list button[data-conversation="lobby"]').click();
    await alice.page.locator('#conversation-title', { hasText: 'lobby' }).waitFor({ timeout: T });
    await typeUntilSeen(alice.page, phone.page, 'alice');
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
    await phone.page.screenshot({ path: screenshotPath('20-essentials-phone') });
    await alice.page.locator('#message').fill('');
  });
  test('one\'s own message takes its place by offset when others\' were stored while it was on its way', async () => {
    for (const { page } of [alice, bob]) {
      await join(page, 'order');
      await page.locator('#ask-assistant').uncheck();
    }
    // bob's sends are held back in his page, so that alice's messages are stored, and reach him, before his own
    await bob.page.evaluate(() => {
      const send = WebSocket.prototype.send;
      window.heldSends = [];
      window.releaseSends = () => {
        WebSocket.prototype.send = send;
        for (const [socket, data] of window.heldSends) send.call(socket, data);
      };
      WebSocket.prototype.send = function (data) {
        if (typeof data === 'string' && data.includes('"type":"send"')) window.heldSends.push([this, data]);
        else send.call(this, data);
      };
    });
    await say(bob.page, 'mine, sent first');
    await waitFor(async () => bob.page.evaluate(() => window.heldSends.length === 1), { timeoutMs: T, what: 'bob\'s send held' });
    await say(alice.page, 'one');
    await say(alice.page, 'two');
    await waitFor(async () => (await shown(bob.page)).filter((m) => m.offset).length === 2,
      { timeoutMs: T, what: 'alice\'s two on bob\'s page while his is pending' });
    await bob.page.evaluate(() => window.releaseSends());
    for (const { page } of [bob, alice]) {
      await waitFor(async () => (await shown(page)).filter((m) => m.offset).length === 3, { timeoutMs: T, what: 'three stored' });
      const messages = await shown(page);
      assert.deepEqual(messages.map((m) => m.text), ['one', 'two', 'mine, sent first'], 'in the order they were stored');
      assert.deepEqual(messages.map((m) => m.offset), [...messages.map((m) => m.offset)].sort((a, b) => a - b));
    }
  });
});
