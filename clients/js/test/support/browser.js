// Chromium for the browser tests, driven by playwright-core (no browser download: the system's Chromium,
// /usr/bin/chromium or PARLEY_CHROMIUM). Playwright gives each launch a fresh profile directory of its own.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = join(here, '..', '..', 'test-artifacts');
export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set PARLEY_CHROMIUM)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/**
 * A page in a context of its own (its own sessionStorage), collecting console errors and failed requests. Other
 * context options (`hasTouch`, `isMobile`) go to the context.
 */
export async function openPage(browser, url, { viewport = { width: 1200, height: 800 }, ...contextOptions } = {}) {
  const context = await browser.newContext({ viewport, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // a server that is restarting makes Chromium report the failed WebSocket handshakes: expected there
    // and so does feature detection: GET /api/conversations is a 404 until the server lists conversations
    const expected404 = /status of 404/.test(message.text()) && /\/api\/conversations(\?|$)/.test(message.location()?.url ?? '');
    if (message.type() === 'error' && !expected404
        && !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('requestfailed', (request) => {
    if (!request.url().startsWith(url)) problems.push(`a request left the gateway: ${request.url()}`);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(url) && !request.url().startsWith(url.replace('http', 'ws')) && !request.url().startsWith('data:')) {
      problems.push(`a request left the gateway: ${request.url()}`);
    }
  });
  await page.goto(url);
  return { context, page, problems };
}

export function screenshotPath(name) {
  return join(ARTIFACTS, `${name}.png`);
}
