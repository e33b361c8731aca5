// A full page around one mode (the 1-D and transposed pages): loads the engine, mounts
// the mode into the page's container and owns what a mode must not touch: the address
// bar (the hash always holds the share link of what is shown), the embed look and,
// inside an iframe, the postMessage protocol to the course page around it.
import { readViewParams } from '../embed/params.js';
import { isLinkHash, statusLine, linkHash, hashWriter, showEmbed, followHash, frameBridge } from './page-shell.js';

/** { load () → the mode module (mount, encodeState, PANELS), container, status, measure } */
export async function startModePage({ load, container, status, measure = container }) {
  const doc = container.ownerDocument;
  const win = doc.defaultView;
  const html = doc.documentElement;
  const show = statusLine(status);
  let mode;
  let engine;
  try {
    const [m, { createConvolution }] = await Promise.all([load(), import('../../../wasm/convolution.js')]);
    mode = m;
    engine = await createConvolution();
  } catch (err) {
    const why = win.location.protocol === 'file:'
      ? 'Browsers load no module script and no WebAssembly from a file opened from disk. Serve the folder (npm start) or open the single-file build.'
      : 'Check that wasm/dist was built (npm run build) and is served next to web/.';
    show(`The convolution engine could not be loaded (${err.message}). ${why}`, true);
    return null;
  }
  let view = readViewParams(win.location.hash, mode.PANELS);
  showEmbed(win, view);
  let bridge = null;
  const hashes = hashWriter(win, (state) => linkHash(mode.encodeState(state), view));

  const controller = await mode.mount(container, {
    engine,
    panels: view.panels,
    readonly: view.readonly,
    onStateChange(state, userInitiated) {
      hashes.schedule(state);
      bridge?.stateChanged(state, userInitiated);
    },
  });
  if (isLinkHash(win.location.hash)) controller.setHash(win.location.hash, view.problems);
  hashes.write(controller.getState());
  show('', false);
  container.dataset.ready = 'true';

  followHash(win, { panels: mode.PANELS, hashes, controller, onView: (v) => { view = v; } });
  doc.addEventListener('keydown', (ev) => {
    if (ev.target === doc.body || ev.target === html) controller.handleKey(ev);
  });
  bridge = frameBridge(win, controller, measure);
  return controller;
}
