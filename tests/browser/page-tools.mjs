// Helpers the layer and quiz browser tests share: the axe audit (axe.mjs, as the other
// accessibility tests run it), and a course page's side of the iframe protocol,
// installed into the page under test.
export { audit } from './axe.mjs';

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
