// Helpers the layer and quiz browser tests share: an axe audit of the page, and a
// course page's side of the iframe protocol, installed into the page under test.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The page's WCAG 2.1 A/AA and best-practice violations, one line each. */
export async function audit(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/**
 * Defines window.openFrame(src, { width, height }) in the page: it adds an iframe,
 * waits for its ready event and resolves to { frame, got, wait(pred), ask(msg) }:
 * got holds every protocol message heard, wait resolves with the first one matching,
 * ask posts a request and resolves with its answer.
 */
export function installFrameClient(page) {
  return page.evaluate(() => {
    window.openFrame = async (src, { width, height } = {}) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      if (width) frame.width = width;
      if (height) frame.height = height;
      const got = [];
      const wait = (pred) => new Promise((resolve) => {
        const on = (ev) => {
          if (ev.data?.type !== 'convolution-playground') return;
          got.push(ev.data);
          if (pred(ev.data)) { window.removeEventListener('message', on); resolve(ev.data); }
        };
        window.addEventListener('message', on);
      });
      const ready = wait((m) => m.event === 'ready');
      document.body.append(frame);
      await ready;
      const ask = (msg) => { const r = wait((m) => m.id === msg.id); frame.contentWindow.postMessage({ type: 'convolution-playground', ...msg }, '*'); return r; };
      return { frame, got, wait, ask };
    };
  });
}
