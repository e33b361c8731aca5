// Shared set-up for the iframe tests: a course page on ANOTHER origin (a second server,
// another port) adds a frame of the playground and talks to it only by postMessage.
import assert from 'node:assert/strict';
import { startServer } from '../../scripts/serve.mjs';
import { launchBrowser } from './harness.mjs';

/** Two servers, two origins (the playground's, the course page's), and the browser. */
export async function launchTwoOrigins() {
  const app = await startServer({ port: 0 });
  const course = await startServer({ port: 0 });
  let browser = null;
  const close = async () => {
    await browser?.close();
    for (const s of [app, course]) await new Promise((r) => s.server.close(r));
  };
  try {
    browser = await launchBrowser();
  } catch (err) {
    await close();
    throw err;
  }
  return { app, course, browser, close };
}

/**
 * Opens the course page and adds a frame of `src` (on the app's origin); resolves once
 * the frame said ready. In the page: window.events (every event, with its origin),
 * window.replies, window.frameEl and window.ask(msg, wait) → the reply to msg.id.
 */
export async function openCoursePage({ browser, course }, src) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(course.url.replace('/web/', '/tests/browser/fixtures/embed/course.html'));
  assert.notEqual(new URL(src).origin, new URL(page.url()).origin, 'the frame is cross-origin');
  await page.evaluate((frameSrc) => {
    window.events = [];
    window.replies = new Map();
    window.addEventListener('message', (ev) => {
      const d = ev.data;
      if (!d || d.type !== 'convolution-playground') return;
      if (d.event) window.events.push({ ...d, origin: ev.origin });
      else window.replies.set(d.id, d);
    });
    const frame = document.createElement('iframe');
    frame.src = frameSrc;
    frame.title = 'Convolution Playground';
    frame.width = '900';
    frame.height = '700';
    document.querySelector('main').append(frame);
    window.frameEl = frame;
    window.ask = (msg, wait = 3000) => new Promise((resolve, reject) => {
      frame.contentWindow.postMessage({ type: 'convolution-playground', ...msg }, '*');
      const t0 = performance.now();
      const poll = () => {
        // getOutput's data crosses as a typed array; the test sees it as a list and its type.
        const r = window.replies.get(msg.id);
        if (r && ArrayBuffer.isView(r.result?.data)) resolve({ ...r, result: { ...r.result, data: Array.from(r.result.data), dataType: r.result.data.constructor.name } });
        else if (r) resolve(r);
        else if (performance.now() - t0 > wait) reject(new Error(`no reply to ${msg.id}`));
        else setTimeout(poll, 10);
      };
      poll();
    });
  }, src);
  await page.waitForFunction(() => window.events.some((e) => e.event === 'ready'), null, { timeout: 15_000 });
  return { page, context, errors, frame: page.frameLocator('iframe') };
}

/** The events of one name the frame has sent so far. */
export const frameEvents = (page, name) => page.evaluate((n) => window.events.filter((e) => e.event === n), name);
