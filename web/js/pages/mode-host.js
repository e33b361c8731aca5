// A full page around one mode (the 1-D and transposed pages): loads the engine, mounts
// the mode into the page's container and owns what a mode must not touch: the address
// bar (the hash always holds the share link of what is shown), the embed look and,
// inside an iframe, the postMessage protocol to the course page around it.
import { readViewParams, viewParamsText } from '../embed/params.js';
import { connectParent } from '../embed/iframe.js';

const isLinkHash = (hash) => String(hash ?? '').replace(/^#/, '').includes('=');

/** { load () → the mode module (mount, encodeState, PANELS), container, status, measure } */
export async function startModePage({ load, container, status, measure = container }) {
  const doc = container.ownerDocument;
  const win = doc.defaultView;
  const html = doc.documentElement;
  const show = (text, isError) => {
    status.textContent = text;
    status.hidden = !text;
    status.classList.toggle('error', Boolean(isError));
    status.setAttribute('role', isError ? 'alert' : 'status');
  };
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
  html.classList.toggle('embed', view.embed);
  let written = '';
  let timer = 0;
  let bridge = null;
  const hashFor = (state) => `#${[mode.encodeState(state), viewParamsText(view)].filter(Boolean).join('&')}`;
  const writeHash = (state) => {
    clearTimeout(timer);
    written = hashFor(state);
    if (win.location.hash === written) return;
    try { win.history.replaceState(win.history.state, '', written); } catch { /* a sandboxed frame may refuse */ }
  };
  // Debounced: Play changes the step several times a second.
  const scheduleHash = (state) => { clearTimeout(timer); timer = setTimeout(() => writeHash(state), 300); };

  const controller = await mode.mount(container, {
    engine,
    panels: view.panels,
    readonly: view.readonly,
    onStateChange(state, userInitiated) {
      scheduleHash(state);
      bridge?.stateChanged(state, userInitiated);
    },
  });
  if (isLinkHash(win.location.hash)) controller.setHash(win.location.hash, view.problems);
  writeHash(controller.getState());
  show('', false);
  container.dataset.ready = 'true';

  win.addEventListener('hashchange', (ev) => {
    const hash = new URL(ev.newURL).hash;
    if (hash === written || !isLinkHash(hash)) return;
    view = readViewParams(hash, mode.PANELS);
    html.classList.toggle('embed', view.embed);
    controller.setView({ panels: view.panels, readonly: view.readonly });
    controller.setHash(hash, view.problems);
  });
  doc.addEventListener('keydown', (ev) => {
    if (ev.target === doc.body || ev.target === html) controller.handleKey(ev);
  });
  if (win.parent !== win) {
    bridge = connectParent(controller, { win, measure });
    bridge.ready();
  }
  return controller;
}
