// Shared set-up for the browser tests: one static server and Debian's Chromium
// driven by playwright-core (no browser download is possible on our machines).
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

export const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
];

/** Starts Debian's Chromium headless (and makes the artifacts folder). */
export async function launchBrowser({ args = [] } = {}) {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [...FLAGS, ...args],
  });
}

/** Starts the server and the browser; returns { browser, baseUrl, close }. */
export async function launch() {
  const { server, url } = await startServer({ port: 0 });
  const browser = await launchBrowser();
  return {
    browser,
    baseUrl: url,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Opens a page and fails the test on any uncaught page error or console error. */
export async function openPage(browser, url, { width = 1440, height = 900, ...rest } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, ...rest });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  await page.goto(url);
  return { page, context, errors };
}
