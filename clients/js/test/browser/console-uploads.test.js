// Uploads in the web console, in Chromium against the real jar: a PNG picked with the Attach button (from the
// keyboard) shows as an image that really loads on both pages, a text file dropped on the chat (the drop zone lit
// up) as a download link with its name and size, a larger one with its progress bar cancelled with Escape
// (nothing stored), a file over the server's bound refused in the composer's error line, and a phone-width
// page. Screenshots go to clients/js/test-artifacts/.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchChromium, openPage, screenshotPath } from '../support/browser.js';
import { join as joinChat, signIn, T } from '../support/console.js';
import { bytes, png, sha256 } from '../support/files.js';
import { ParleyServer } from '../support/parley-server.js';
import { waitFor } from '../support/wait.js';

/** Joins, and waits for Attach to come alive (the server takes uploads). */
async function join(page, conversation) {
  await joinChat(page, conversation);
  await page.waitForFunction(() => !document.getElementById('attach').disabled, null, { timeout: T });
}

const MAX_UPLOAD_BYTES = 256 * 1024;

/** The attachments the page shows, in page order: [{name, image, href, loaded, text}]. */
function attachments(page) {
  return page.locator('#log > li .attachment:not([hidden])').evaluateAll((boxes) => boxes.map((box) => {
    const img = box.querySelector('img');
    const link = box.querySelector('a');
    return { image: Boolean(img), alt: img?.alt, loaded: img ? img.complete && img.naturalWidth > 0 : null,
      lazy: img?.loading, href: link?.getAttribute('href'), download: link?.getAttribute('download'),
      text: box.textContent };
  }));
}

describe('uploads in the web console', () => {
  let server;
  let browser;
  let alice;
  let bob;
  const pages = [];

  before(async () => {
    server = await ParleyServer.start({
      // small frames at a slow rate: a file of 200 KiB takes seconds, time enough to see it on its way and cancel
      env: { PARLEY_MAX_MESSAGE_BYTES: '4096', PARLEY_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
        PARLEY_MESSAGES_PER_SECOND: '10' },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    for (const { problems } of pages) assert.deepEqual(problems, []);
  });

  test('a PNG picked with Attach shows as an image on both pages; a dropped text file as a download link', async () => {
    alice = await openPage(browser, server.http);
    bob = await openPage(browser, server.http);
    pages.push(alice, bob);
    // Playwright takes over file pickers once a page has a listener for them, and that takes a round trip to the
    // browser: a listener from the start, so that the picker the Attach button opens is never missed
    alice.page.on('filechooser', () => {});
    await signIn(alice.page, 'alice');
    await signIn(bob.page, 'bob');
    await join(alice.page, 'uploads');
    await join(bob.page, 'uploads');

    // the Attach button from the keyboard opens the file picker
    const image = png(96, 64);
    await alice.page.locator('#attach').focus();
    const [chooser] = await Promise.all([alice.page.waitForEvent('filechooser', { timeout: T }),
      alice.page.keyboard.press('Enter')]);
    assert.equal(chooser.isMultiple(), true);
    await chooser.setFiles({ name: 'picture.png', mimeType: 'image/png', buffer: Buffer.from(image) });
    for (const { page } of [alice, bob]) {
      await page.locator('#log > li .attachment img[alt="picture.png"]').waitFor({ timeout: T });
      await page.waitForFunction(() => {
        const img = document.querySelector('#log > li .attachment img[alt="picture.png"]');
        return img && img.complete && img.naturalWidth > 0;
      }, null, { timeout: T });
    }
    const [picture] = await attachments(bob.page);
    assert.equal(picture.loaded, true, 'the preview loaded');
    assert.equal(picture.lazy, 'lazy');
    assert.match(picture.href, /^\/api\/attachments\/.+signature=/);
    assert.match(picture.text, /picture\.png · \d/);
    assert.deepEqual([...new Uint8Array(await (await fetch(server.http + picture.href)).arrayBuffer())], [...image]);
    assert.equal(await bob.page.locator('#log > li:has(.attachment img) .body').isHidden(), true,
      'the file name is said once, under the image');
    assert.equal(await alice.page.locator('#uploads').isHidden(), true, 'nothing left on its way');

    // a file dropped on the chat: the conversation lights up as the drop zone, then takes it
    const notes = 'Meeting notes\n- uploads work\n';
    const transfer = await alice.page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'notes.txt', { type: 'text/plain' }));
      return dt;
    }, notes);
    await alice.page.locator('#conversation').dispatchEvent('dragenter', { dataTransfer: transfer });
    await alice.page.locator('#conversation').dispatchEvent('dragover', { dataTransfer: transfer });
    assert.equal(await alice.page.locator('#drop-zone').isVisible(), true, 'the drop zone shows');
    assert.match(await alice.page.locator('#drop-zone').textContent(), /Drop files to upload them to uploads/);
    assert.equal(await alice.page.locator('#conversation.dropping').count(), 1);
    await alice.page.screenshot({ path: screenshotPath('11-upload-drop-zone') });
    await alice.page.locator('#log').dispatchEvent('drop', { dataTransfer: transfer });
    assert.equal(await alice.page.locator('#drop-zone').isHidden(), true, 'the drop zone goes with the drop');
    for (const { page } of [alice, bob]) {
      await page.locator('#log > li .attachment a.attachment-file', { hasText: 'notes.txt' }).waitFor({ timeout: T });
    }
    const file = (await attachments(bob.page)).find((a) => !a.image);
    assert.equal(file.download, 'notes.txt');
    assert.match(file.text, /notes\.txt\s*\d+ B · text\/plain/);
    const served = await fetch(server.http + file.href);
    assert.match(served.headers.get('content-disposition') ?? '', /^attachment/);
    assert.equal(await served.text(), notes);
    await bob.page.screenshot({ path: screenshotPath('12-uploads-bob') });

    const stored = await server.allMessages('uploads', 'bob');
    assert.deepEqual(stored.map((m) => [m.sender, m.content, m.attachment?.mime]),
      [['alice', 'picture.png', 'image/png'], ['alice', 'notes.txt', 'text/plain']]);
    assert.equal(stored[0].attachment.sha256, sha256(image));
  });

  test('a larger upload shows its progress and Escape cancels it; a file over the bound is refused at once', async () => {
    const big = bytes(200 * 1024, 17);
    await alice.page.locator('#attach-input').setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream',
      buffer: Buffer.from(big) });
    const item = alice.page.locator('#uploads li.upload[data-name="big.bin"]');
    await item.waitFor({ timeout: T });
    await alice.page.waitForFunction(() => Number(document.querySelector('#uploads li.upload')?.dataset.percent) >= 5,
      null, { timeout: T });
    assert.match(await item.textContent(), /big\.bin.*\d+ %/s);
    const value = await item.locator('progress').evaluate((bar) => bar.value);
    assert.ok(value > 0 && value < 100, `progress at ${value}`);
    await alice.page.screenshot({ path: screenshotPath('13-upload-progress') });
    await alice.page.locator('#message').focus();
    await alice.page.keyboard.press('Escape');
    await item.waitFor({ state: 'detached', timeout: T });
    assert.equal(await alice.page.locator('#composer-error').isHidden(), true, 'a cancel is no error');

    await alice.page.locator('#attach-input').setInputFiles({ name: 'too-big.bin', mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(MAX_UPLOAD_BYTES + 1) });
    await alice.page.locator('#composer-error', { hasText: 'too-big.bin' }).waitFor({ timeout: T });
    assert.match(await alice.page.locator('#composer-error').textContent(), /at most 262 kB/);
    assert.equal(await alice.page.locator('#uploads').isHidden(), true, 'refused before it was queued');

    // one more goes through; nothing of the cancelled one was stored
    await alice.page.locator('#attach-input').setInputFiles({ name: 'after.txt', mimeType: 'text/plain',
      buffer: Buffer.from('after the cancel') });
    await bob.page.locator('#log > li .attachment a', { hasText: 'after.txt' }).waitFor({ timeout: T });
    const stored = await server.allMessages('uploads', 'bob');
    assert.deepEqual(stored.map((m) => m.content), ['picture.png', 'notes.txt', 'after.txt']);
  });

  test('at phone width the uploads fit the screen', async () => {
    const phone = await openPage(browser, server.http, { viewport: { width: 390, height: 760 } });
    pages.push(phone);
    await signIn(phone.page, 'erin');
    await join(phone.page, 'uploads');
    await waitFor(async () => (await phone.page.locator('#log > li').count()) === 3, { timeoutMs: T, what: 'the history' });
    await phone.page.waitForFunction(() => document.querySelector('#log img')?.naturalWidth > 0, null, { timeout: T });
    await phone.page.locator('#attach-input').setInputFiles({ name: 'a-file-with-a-rather-long-name-for-a-phone.bin',
      mimeType: 'application/octet-stream', buffer: Buffer.from(bytes(150 * 1024, 23)) });
    await phone.page.waitForFunction(() => Number(document.querySelector('#uploads li.upload')?.dataset.percent) >= 5,
      null, { timeout: T });
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
    await phone.page.screenshot({ path: screenshotPath('14-upload-phone') });
    await phone.page.locator('#uploads .upload-cancel').focus(); // its Cancel button, from the keyboard
    await phone.page.keyboard.press('Enter');
    await phone.page.locator('#uploads').waitFor({ state: 'hidden', timeout: T });
    assert.deepEqual((await server.allMessages('uploads', 'erin')).map((m) => m.content),
      ['picture.png', 'notes.txt', 'after.txt'], 'the cancelled one was not stored');
  });
});
