// What every full page around a matrix-style mode does (web/index.html, web/layer.html,
// web/quiz.html): load the engine, mount the mode into the page's container, own the
// address bar (the hash always holds the share link of what is shown), the embed look,
// and inside an iframe the postMessage protocol to the course page around it.
import { readViewParams } from '../embed/params.js';
import { isLinkHash, statusLine, pageUrl, linkHash, loadEngine, shareOptions, hashWriter, showEmbed, followHash, frameBridge } from './page-shell.js';

/**
 * mode and title name the element in the embed snippets (none: the matrix mode's);
 * hashOnShare: copying the link also brings the address bar up to date at once.
 */
export async function startModePage(modeModule, { mode, title, hashOnShare = false } = {}) {
  const { mount, encodeState, PANELS } = modeModule;
  const win = window;
  let view = readViewParams(location.hash, PANELS);
  const first = view;
  showEmbed(win, view);
  const container = document.getElementById('playground-root');
  const main = document.getElementById('main');
  const showStatus = statusLine(document.getElementById('engine-status'));
  let bridge = null;
  const hashes = hashWriter(win, (state) => linkHash(encodeState(state), view));
  const share = shareOptions(win, { encodeState, view: () => view, mode, title });

  let engine;
  try {
    engine = await loadEngine();
  } catch (err) {
    // The engine's loader (wasm/load-error.js) says why and what to do; boot.js covers pages opened from disk.
    showStatus(`The convolution engine could not be loaded, and the page needs it for every number it shows. ${err.message}`, true);
    return null;
  }
  const controller = await mount(container, {
    engine,
    idPrefix: '',
    panels: view.panels,
    readonly: view.readonly,
    onStateChange(state, userInitiated) {
      hashes.schedule(state);
      bridge?.stateChanged(state, userInitiated);
    },
    shareUrl: hashOnShare ? (state) => { hashes.write(state); return share.shareUrl(state); } : share.shareUrl,
    embedSnippets: share.embedSnippets,
    // Links from one mode to another (a quiz's worked answer opens the stepper with that exact state).
    modeUrl: (target, hash) => new URL(`${target === 'matrix' ? 'index' : target}.html#${hash}`, pageUrl(win)).href,
  });
  if (isLinkHash(location.hash)) controller.setHash(location.hash, first.problems);
  showStatus('', false);
  main.dataset.ready = 'true';

  followHash(win, { panels: PANELS, hashes, controller, onView: (v) => { view = v; } });
  bridge = frameBridge(win, controller, main);
  return controller;
}
