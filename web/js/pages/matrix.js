// The full matrix page (web/index.html): loads the engine, mounts the matrix mode into
// its container and owns what a mode must not touch: the address bar (the hash always
// holds the share link of what is shown), the page's embed look, and, inside an
// iframe, the postMessage protocol to the course page around it.
import { mount, encodeState, PANELS } from '../modes/matrix.js';
import { readViewParams, viewParamsText } from '../embed/params.js';
import { embedSnippets } from '../embed/snippets.js';
import { connectParent } from '../embed/iframe.js';
import { isLinkHash } from '../playground/link.js';

const html = document.documentElement;
const first = readViewParams(location.hash, PANELS);
html.classList.toggle('embed', first.embed);

const container = document.getElementById('playground-root');
const status = document.getElementById('engine-status');
const main = document.getElementById('main');

function showStatus(text, isError) {
  status.textContent = text;
  status.hidden = !text;
  status.classList.toggle('error', Boolean(isError));
  status.setAttribute('role', isError ? 'alert' : 'status');
}

let view = first;
let hashTimer = 0;
let written = '';
let bridge = null;

const hashFor = (state) => [encodeState(state), viewParamsText(view)].filter(Boolean).join('&');

// replaceState, not pushState: editing or playing must not fill the Back button's
// history; debounced, because Play changes the step many times a second.
function writeHash(state) {
  clearTimeout(hashTimer);
  const hash = `#${hashFor(state)}`;
  written = hash;
  if (location.hash === hash) return;
  try {
    history.replaceState(history.state, '', hash);
  } catch {
    // Some sandboxed iframes refuse history changes; Copy link still works there.
  }
}

function scheduleHash(state) {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => writeHash(state), 300);
}

function pageUrl() {
  const url = new URL(location.href);
  url.hash = '';
  return url.href.replace(/#$/, '');
}

async function start() {
  let engine;
  try {
    const { createConvolution } = await import('../../../wasm/convolution.js');
    engine = await createConvolution();
  } catch (err) {
    // The engine's loader (wasm/load-error.js) says why and what to do; boot.js covers pages opened from disk.
    showStatus(`The convolution engine could not be loaded, and the page needs it for every number it shows. ${err.message}`, true);
    return;
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
    // Without embed=1: whoever opens a copied link gets the whole page in a tab of their own.
    shareUrl(state) {
      writeHash(state);
      return `${pageUrl()}#${[encodeState(state), viewParamsText({ ...view, embed: false })].filter(Boolean).join('&')}`;
    },
    embedSnippets: (state, v) => embedSnippets({
      pageUrl: pageUrl(), elementUrl: new URL('js/element.js', pageUrl()).href, hash: encodeState(state),
      panels: v.panels, readonly: v.readonly,
    }).text,
  });
  if (isLinkHash(location.hash)) controller.setHash(location.hash, first.problems);
  showStatus('', false);
  main.dataset.ready = 'true';

  // The event's own URL, not location.hash: a pending write may already have replaced it.
  window.addEventListener('hashchange', (ev) => {
    const hash = new URL(ev.newURL).hash;
    if (hash === written || !isLinkHash(hash)) return;
    view = readViewParams(hash, PANELS);
    html.classList.toggle('embed', view.embed);
    controller.setView({ panels: view.panels, readonly: view.readonly });
    controller.setHash(hash, view.problems);
  });

  // With nothing focused, the page's keys are the player's (the mode listens on its own root only).
  document.addEventListener('keydown', (ev) => {
    if (ev.target !== document.body || ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (controller.key(ev.key)) ev.preventDefault();
  });

  if (window.parent !== window) {
    bridge = connectParent(controller, { win: window, measure: main });
    bridge.ready();
  }
}

start();
