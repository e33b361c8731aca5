// A full page around one mode: loads the engine, mounts the mode into the page's
// container and owns the URL hash (the mode itself never sees location). The hash is
// read once at start and on hashchange, and rewritten (replaceState) as the state
// changes, so the address bar is always a share link of what is shown.
function viewParams(hash) {
  const out = { embed: false, readonly: false, panels: null };
  const body = hash.replace(/^#/, '');
  if (body.length > 65536) return out;
  for (const part of body.split('&', 64)) {
    const [k, v = ''] = part.split('=', 2);
    if (k === 'embed') out.embed = v === '1';
    else if (k === 'readonly') out.readonly = v === '1';
    else if (k === 'panels') {
      let text = v;
      try { text = decodeURIComponent(v); } catch { /* keep raw */ }
      out.panels = text.split(',', 32).map((x) => x.trim()).filter(Boolean);
    }
  }
  return out;
}

const viewText = (v) => [
  v.panels ? `panels=${v.panels.join(',')}` : '',
  v.readonly ? 'readonly=1' : '',
  v.embed ? 'embed=1' : '',
].filter(Boolean).join('&');

/** Starts the page: { load () → the mode module (mount, encodeState, decodeState, PANELS), container, status }. */
export async function startModePage({ load, container, status }) {
  const win = container.ownerDocument.defaultView;
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
    show(`The convolution engine could not be loaded (${err.message}). Serve the folder over http (for example "npm run serve") with wasm/dist built ("npm run build"), then reload.`, true);
    return null;
  }
  const hash = win.location.hash;
  const view = viewParams(hash);
  if (view.embed) container.ownerDocument.documentElement.classList.add('embed');
  const isLink = hash.replace(/^#/, '').includes('=');
  const decoded = isLink ? mode.decodeState(hash, engine.options) : { state: undefined, problems: [] };
  const unknownPanels = (view.panels ?? []).filter((n) => !mode.PANELS.includes(n));
  if (unknownPanels.length) decoded.problems.push(`The panels ${unknownPanels.slice(0, 3).map((n) => `"${n.slice(0, 20)}"`).join(', ')} are not known; the panels are ${mode.PANELS.join(', ')}.`);
  let lastHash = '';
  const write = (state) => {
    const extra = viewText(view);
    const next = `#${mode.encodeState(state)}${extra ? `&${extra}` : ''}`;
    if (next === lastHash) return;
    lastHash = next;
    win.history.replaceState(null, '', next);
  };
  const controller = await mode.mount(container, {
    engine,
    state: decoded.state,
    panels: view.panels?.filter((n) => mode.PANELS.includes(n)).length ? view.panels.filter((n) => mode.PANELS.includes(n)) : null,
    readonly: view.readonly,
    onStateChange: (state) => write(state),
    problems: decoded.problems,
  });
  write(controller.getState());
  show('', false);
  win.addEventListener('hashchange', () => {
    if (win.location.hash === lastHash) return;
    const r = mode.decodeState(win.location.hash, engine.options);
    controller.setState(r.state);
    controller.showProblems?.(r.problems);
  });
  container.dataset.ready = 'true';
  return controller;
}

