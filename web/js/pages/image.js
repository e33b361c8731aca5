// The full image page (web/image.html): loads the engine, mounts the image mode into
// #app and owns what a mode must not touch: the address bar (the hash holds the share
// link of what is shown), Copy link and Copy embed code, embed=1, files pasted or
// dropped anywhere on the page, and, inside an iframe, the postMessage protocol.
import { mount, encodeState, PANELS } from '../modes/image.js';
import { readViewParams, viewParamsText } from '../embed/params.js';
import { embedSnippets } from '../embed/snippets.js';
import { connectParent } from '../embed/iframe.js';
import { isLinkHash } from '../image/link.js';
import { copyText } from '../shared/clipboard.js';

const $ = (id) => document.getElementById(id);
const html = document.documentElement;
const first = readViewParams(location.hash, PANELS);
html.classList.toggle('embed', first.embed);
let view = first;
let written = '';
let bridge = null;

const hashFor = (state, v = view) => [encodeState(state), viewParamsText(v)].filter(Boolean).join('&');

let hashTimer = 0;
// replaceState, not pushState: editing must not fill the Back button's history;
// debounced, because hovering the result inspects a new pixel every frame.
function scheduleHash(state) {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => writeHash(state), 250);
}

function writeHash(state) {
  clearTimeout(hashTimer);
  written = `#${hashFor(state)}`;
  if (location.hash === written) return;
  try {
    history.replaceState(history.state, '', written);
  } catch {
    // Some sandboxed iframes refuse history changes; Copy link still works there.
  }
}

function pageUrl() {
  const url = new URL(location.href);
  url.hash = '';
  url.search = '';
  return url.href.replace(/#$/, '');
}

async function start() {
  let engine;
  try {
    const { createConvolution } = await import('../../../wasm/convolution.js');
    engine = await createConvolution();
  } catch (err) {
    const why = location.protocol === 'file:'
      ? 'Browsers load no module script and no WebAssembly from a file opened from disk. Serve the folder (npm start) or open the single-file build.'
      : 'Check that wasm/dist was built (npm run build) and is served next to web/.';
    $('engine-status').textContent = `The convolution engine could not be loaded (${err.message}). ${why}`;
    $('engine-status').hidden = false;
    return;
  }
  const params = new URLSearchParams(location.search);
  // The hash is the share link; ?sample= (tests, old bookmarks) only chooses a sample.
  const state = isLinkHash(location.hash) ? location.hash
    : params.has('sample') ? `sample=${encodeURIComponent(params.get('sample'))}` : undefined;
  const controller = await mount($('app'), {
    engine,
    state,
    panels: view.panels,
    readonly: view.readonly,
    onStateChange(s, userInitiated) {
      scheduleHash(s);
      bridge?.stateChanged(s, userInitiated);
    },
  });
  if (first.problems.length) controller.setHash(location.hash, first.problems);

  window.addEventListener('hashchange', (ev) => {
    const hash = new URL(ev.newURL).hash;
    if (hash === written || !isLinkHash(hash)) return;
    // The link followed wins over a write still waiting for the view it replaces.
    clearTimeout(hashTimer);
    view = readViewParams(hash, PANELS);
    html.classList.toggle('embed', view.embed);
    controller.setView({ panels: view.panels, readonly: view.readonly });
    controller.setHash(hash, view.problems);
  });
  document.addEventListener('paste', (e) => {
    const item = [...(e.clipboardData?.items ?? [])].find((i) => i.kind === 'file');
    if (!item || e.defaultPrevented) return;
    e.preventDefault();
    controller.openFile(item.getAsFile());
  });
  // Drops outside the mode's own area still open the file instead of navigating away.
  document.addEventListener('dragover', (e) => { if ([...(e.dataTransfer?.types ?? [])].includes('Files')) e.preventDefault(); });
  document.addEventListener('drop', (e) => {
    if (e.defaultPrevented || !e.dataTransfer?.files?.length) return;
    e.preventDefault();
    controller.openFile(e.dataTransfer.files[0]);
  });
  const copy = async (text, what) => {
    const how = await copyText(text, { root: $('share-row'), box: $('share-box') });
    const s = controller.getState();
    // A link never carries the person's own photo; say so where they copy it.
    const note = s.photo ? ' Your photo is not in it: it opens on a sample image instead.' : '';
    $('share-status').textContent = (how === 'manual' ? `Copying was blocked: the ${what} is selected in the box; copy it with Ctrl+C.` : `${what[0].toUpperCase()}${what.slice(1)} copied.`) + note;
  };
  // Without embed=1: whoever opens a copied link gets the whole page in a tab of their own.
  $('copy-link').addEventListener('click', () => writeHash(controller.getState()));
  $('copy-link').addEventListener('click', () => copy(`${pageUrl()}#${hashFor(controller.getState(), { ...view, embed: false })}`, 'link'));
  $('copy-embed').addEventListener('click', () => copy(embedSnippets({
    pageUrl: pageUrl(), elementUrl: new URL('js/element.js', pageUrl()).href, hash: encodeState(controller.getState()),
    mode: 'image', panels: view.panels, readonly: view.readonly, title: 'Convolution Playground: image filters',
  }).text, 'embed code'));
  html.dataset.ready = 'true';
  if (window.parent !== window) {
    bridge = connectParent(controller, { win: window, measure: $('main') });
    bridge.ready();
  }
}

start();
