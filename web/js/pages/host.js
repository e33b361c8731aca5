// What every full mode page does around its mode (web/layer.html, web/quiz.html): load
// the engine, mount the mode into the page's container, own the address bar (the hash
// always holds the share link of what is shown), the embed look, and inside an iframe
// the postMessage protocol to the course page around it.
import { readViewParams, viewParamsText } from '../embed/params.js';
import { embedSnippets } from '../embed/snippets.js';
import { connectParent } from '../embed/iframe.js';

const isLinkHash = (hash) => String(hash ?? '').replace(/^#/, '').includes('=');

export async function startModePage(modeModule, { mode, title }) {
  const { mount, encodeState, PANELS } = modeModule;
  const html = document.documentElement;
  let view = readViewParams(location.hash, PANELS);
  const first = view;
  html.classList.toggle('embed', view.embed);
  const container = document.getElementById('playground-root');
  const status = document.getElementById('engine-status');
  const main = document.getElementById('main');
  const showStatus = (text, isError) => {
    status.textContent = text;
    status.hidden = !text;
    status.classList.toggle('error', Boolean(isError));
    status.setAttribute('role', isError ? 'alert' : 'status');
  };
  let hashTimer = 0;
  let written = '';
  let bridge = null;
  const pageUrl = () => {
    const url = new URL(location.href);
    url.hash = '';
    return url.href.replace(/#$/, '');
  };
  const scheduleHash = (state) => {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => {
      const hash = `#${[encodeState(state), viewParamsText(view)].filter(Boolean).join('&')}`;
      written = hash;
      if (location.hash === hash) return;
      try {
        history.replaceState(history.state, '', hash);
      } catch {
        // Some sandboxed iframes refuse history changes; Copy link still works there.
      }
    }, 300);
  };

  let engine;
  try {
    const { createConvolution } = await import('../../../wasm/convolution.js');
    engine = await createConvolution();
  } catch (err) {
    showStatus(`The convolution engine could not be loaded, and the page needs it for every number it shows. ${err.message}`, true);
    return null;
  }
  const controller = await mount(container, {
    engine,
    idPrefix: '',
    panels: view.panels,
    readonly: view.readonly,
    onStateChange(state, userInitiated) {
      scheduleHash(state);
      bridge?.stateChanged(state, userInitiated);
    },
    shareUrl: (state) => `${pageUrl()}#${[encodeState(state), viewParamsText({ ...view, embed: false })].filter(Boolean).join('&')}`,
    embedSnippets: (state, v) => embedSnippets({
      pageUrl: pageUrl(), elementUrl: new URL('js/element.js', pageUrl()).href, hash: encodeState(state),
      mode, title, panels: v.panels, readonly: v.readonly,
    }).text,
    // Links from one mode to another (a quiz's worked answer opens the stepper with that exact state).
    modeUrl: (target, hash) => new URL(`${target === 'matrix' ? 'index' : target}.html#${hash}`, pageUrl()).href,
  });
  if (isLinkHash(location.hash)) controller.setHash(location.hash, first.problems);
  showStatus('', false);
  main.dataset.ready = 'true';

  window.addEventListener('hashchange', (ev) => {
    const hash = new URL(ev.newURL).hash;
    if (hash === written || !isLinkHash(hash)) return;
    view = readViewParams(hash, PANELS);
    html.classList.toggle('embed', view.embed);
    controller.setView({ panels: view.panels, readonly: view.readonly });
    controller.setHash(hash, view.problems);
  });
  if (window.parent !== window) {
    bridge = connectParent(controller, { win: window, measure: main });
    bridge.ready();
  }
  return controller;
}
