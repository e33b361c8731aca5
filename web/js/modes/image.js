// Image mode of the playground (CONTEXT interface 3): filter a photo or a sample
// through a chain of convolution stages in a worker, and inspect any result pixel.
//
//   const c = await mount(root, { engine, state, panels, readonly, onStateChange });
//
// root           a ShadowRoot (the mode links its style sheets inside it) or an Element
// state          a state object as getState() returns it, or a share-link hash string
//                (then its problems are shown and reported by `problems`); undefined: defaults
// panels         any of 'source', 'viewer', 'chain', 'inspector', or null for all
// readonly       true: the chain can be looked at (stages selected, pixels inspected), not edited
// onStateChange  (state, userInitiated) once per frame in which the state changed
// styleBase      the URL of web/css/ when root is a shadow root: STYLE_FILES are linked from there
//
// The controller: getState(), setState(obj | hash), step (get/set: the selected
// stage, 0-based; its result is the one shown), play()/pause() (the scan animation
// over the inspected region), output (the last stage's result { height, width, data }
// with RGBA bytes, null until it is computed), problems, openFile(file), destroy(),
// and for <convolution-playground>: setHash(hash), setView({ panels, readonly }).
import { actions, catalogOf, derive, initialState } from '../image/model.js';
import { checkState, decodeState as decodeLink, encodeState as encodeLink } from '../image/link.js';
import { buildDom, idPrefix, PANELS } from '../image/template.js';
import { createControls } from '../image/controls.js';
import { createSession } from '../image/session.js';
import { createViewer } from '../image/viewer.js';
import { SAMPLES } from '../image/samples.js';
import { linkStyles } from '../shared/styles.js';

/** The stylesheets the mode needs, in web/css/; a host that renders into a shadow root links them there (styleBase). */
export const STYLE_FILES = Object.freeze(['common.css', 'image.css']);

const catalogs = new WeakMap();
function catalogFor(engine) {
  if (!engine?.options || !engine.filters) throw new Error('the image mode needs the engine (createConvolution()), with options and filters');
  if (!catalogs.has(engine)) catalogs.set(engine, catalogOf(engine));
  return catalogs.get(engine);
}

/** The state → the share-link hash, without "#" (format in web/js/image/link.js). */
export const encodeState = (state) => encodeLink(state);
/** A hash → { state, problems }; the engine supplies the filter ids and the option table. */
export const decodeState = (hash, engine) => decodeLink(hash, catalogFor(engine));

export async function mount(root, { engine, state, panels = null, readonly = false, onStateChange, styleBase = null } = {}) {
  const catalog = catalogFor(engine);
  const prefix = idPrefix(root);
  const ui = buildDom(root, prefix);
  // styleBase: the URL of web/css/ (the element gives it); none when the page links the styles itself.
  const sheets = linkStyles(root, styleBase, STYLE_FILES);
  // The viewer measures its box, so the sheets come first.
  await sheets.done;
  const read = (value) => (typeof value === 'string' ? decodeLink(value, catalog)
    : value == null ? { state: initialState(catalog), problems: [] } : checkState(value, catalog));
  let { state: current, problems } = read(state);
  let derived = derive(current, catalog);
  let frame = 0;
  let changed = false;
  let userChange = false;
  let destroyed = false;
  const after = [];
  let controls = null;

  function invalidate() {
    if (!frame && !destroyed) frame = requestAnimationFrame(render);
  }
  const store = {
    get state() { return current; },
    get derived() { return derived; },
    dispatch(fn, user = true) {
      const next = fn(current);
      if (next === current) return;
      if (next.selected !== current.selected || next.stages.length !== current.stages.length) controls?.stageSwitched();
      current = next;
      derived = derive(current, catalog);
      changed = true;
      userChange ||= user;
      invalidate();
    },
    invalidate,
    afterRender(fn) { after.push(fn); invalidate(); },
    sourceChanged,
    stopScan,
  };

  let appliedZoom = null;
  const zoomed = (scale) => {
    const zoom = actions.setZoom(current, scale === 'fit' ? 'fit' : scale * 100).zoom;
    appliedZoom = zoom;
    store.dispatch((s) => actions.setZoom(s, zoom));
  };
  let session = null;
  const viewer = createViewer({
    compare: ui.compare,
    viewports: [ui.sourceViewport, ui.resultViewport],
    layers: [ui.sourceLayer, ui.resultLayer],
    divider: ui.divider,
    onPoint: (x, y, kind) => {
      if (scan.timer && kind === 'hover') return;
      if (kind === 'tap') stopScan();
      inspect(x, y);
    },
    onView: (v) => {
      ui.zoomLevel.value = `${Math.round(v.scale * 100)}%`;
      // null only until the session below is made.
      session?.setScale(v.scale);
    },
    onZoomed: zoomed,
    onSplit: (v) => store.dispatch((s) => actions.setSplit(s, v)),
  });
  session = createSession({ ui, store, viewer });
  controls = createControls({ ui, prefix, catalog, engineOptions: engine.options, store, session });

  function inspect(x, y, user = true) {
    const src = session.state.source;
    if (!src || !Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= src.width || y >= src.height) return;
    store.dispatch((s) => actions.inspect(s, x, y), user);
  }

  function applyZoom() {
    if (!session.state.source) return;
    appliedZoom = current.zoom;
    if (current.zoom === 'fit') viewer.fit();
    else {
      const p = current.inspect;
      viewer.zoomTo(current.zoom / 100, p ? p.x + 0.5 : undefined, p ? p.y + 0.5 : undefined);
    }
  }

  /** A new image: the view follows the state's zoom, and an inspected pixel outside it is dropped. */
  function sourceChanged() {
    const src = session.state.source;
    const p = current.inspect;
    if (p && (p.x >= src.width || p.y >= src.height)) {
      problems = [...problems, `The inspected pixel (x ${p.x}, y ${p.y}) is outside the ${src.width}×${src.height} image; no pixel is inspected.`].slice(0, 4);
      store.dispatch((s) => actions.inspect(s, null), false);
    }
    applyZoom();
  }

  // ---------- view controls ----------

  for (const r of [ui.layoutSide, ui.layoutSplit]) {
    r.addEventListener('change', () => { if (r.checked) store.dispatch((s) => actions.setCompare(s, r.value)); });
  }
  ui.zoomIn.addEventListener('click', () => { viewer.zoom(1.5); zoomed(viewer.view.scale); });
  ui.zoomOut.addEventListener('click', () => { viewer.zoom(1 / 1.5); zoomed(viewer.view.scale); });
  ui.zoomFit.addEventListener('click', () => { viewer.fit(); zoomed('fit'); });
  ui.zoom1.addEventListener('click', () => { viewer.actualSize(); zoomed(1); });
  for (const s of SAMPLES) ui.sampleSelect.append(new (root.ownerDocument.defaultView.Option)(s.name, s.id));
  ui.sampleLoad.addEventListener('click', () => store.dispatch((s) => actions.chooseSample(s, ui.sampleSelect.value)));
  ui.fileInput.addEventListener('change', () => {
    session.openFile(ui.fileInput.files[0]);
    ui.fileInput.value = '';
  });
  for (const input of [ui.inspectX, ui.inspectY]) {
    input.addEventListener('change', () => inspect(ui.inspectX.valueAsNumber, ui.inspectY.valueAsNumber));
  }
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  ui.frame.addEventListener('dragover', (e) => {
    if (!hasFiles(e) || readonly) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    ui.compare.classList.add('dragging');
  });
  ui.frame.addEventListener('dragleave', (e) => {
    if (!e.relatedTarget || !ui.frame.contains(e.relatedTarget)) ui.compare.classList.remove('dragging');
  });
  ui.frame.addEventListener('drop', (e) => {
    ui.compare.classList.remove('dragging');
    if (!e.dataTransfer?.files?.length || readonly) return;
    e.preventDefault();
    session.openFile(e.dataTransfer.files[0]);
  });

  // ---------- the scan animation (play / pause) ----------

  const scan = { timer: 0 };
  function stopScan() {
    clearInterval(scan.timer);
    scan.timer = 0;
    invalidate();
  }
  function startScan() {
    const src = session.state.source;
    if (scan.timer || !src) return;
    const W = src.width, H = src.height;
    const rw = Math.min(12, W), rh = Math.min(8, H);
    const cx = current.inspect?.x ?? Math.floor(W / 2), cy = current.inspect?.y ?? Math.floor(H / 2);
    const x0 = Math.max(0, Math.min(W - rw, cx - Math.floor(rw / 2)));
    const y0 = Math.max(0, Math.min(H - rh, cy - Math.floor(rh / 2)));
    const k = derived.stages[Math.max(0, session.state.shownStage)]?.kernels?.[0];
    const r = k ? Math.ceil(Math.max(k.height, k.width) / 2) : 1;
    viewer.showRegion(x0 - r, y0 - r, rw + 2 * r, rh + 2 * r);
    appliedZoom = actions.setZoom(current, viewer.view.scale * 100).zoom;
    store.dispatch((s) => actions.setZoom(s, appliedZoom), false);
    let step = 0;
    const reduced = root.ownerDocument.defaultView.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const tick = () => {
      if (step >= rw * rh) { stopScan(); return; }
      inspect(x0 + (step % rw), y0 + Math.floor(step / rw), false);
      step += 1;
    };
    tick();
    scan.timer = setInterval(tick, reduced ? 1200 : 350);
    invalidate();
  }
  ui.scan.addEventListener('click', () => (scan.timer ? stopScan() : startScan()));

  // ---------- panels, read-only ----------

  function setView(view) {
    panels = view.panels ?? null;
    readonly = !!view.readonly;
    for (const el of ui.frame.querySelectorAll('[data-panel]')) {
      el.hidden = Array.isArray(panels) && !panels.includes(el.dataset.panel);
    }
    ui.frame.classList.toggle('readonly', readonly);
    ui.editor.disabled = readonly;
  }
  setView({ panels, readonly });

  // ---------- the one render path ----------

  function renderView() {
    const src = session.state.source;
    viewer.setMode(current.compare);
    ui.layoutSide.checked = current.compare === 'side';
    ui.layoutSplit.checked = current.compare === 'split';
    if (Math.round(viewer.split) !== current.split) viewer.setSplit(current.split);
    if (src && current.zoom !== appliedZoom) applyZoom();
    if (!current.photo && current.sample && ui.sampleSelect.getRootNode().activeElement !== ui.sampleSelect) ui.sampleSelect.value = current.sample;
    const p = current.inspect;
    if (p) {
      for (const [input, v] of [[ui.inspectX, p.x], [ui.inspectY, p.y]]) {
        // A coordinate being typed is the person's until they commit it.
        if (input.valueAsNumber !== v && input.getRootNode().activeElement !== input) input.value = String(v);
      }
    }
    ui.scan.setAttribute('aria-pressed', String(!!scan.timer));
    ui.scan.textContent = scan.timer ? 'Stop scan' : 'Scan animation';
    ui.linkProblems.hidden = problems.length === 0;
    ui.linkProblems.replaceChildren(...problems.map((t) => {
      const line = root.ownerDocument.createElement('p');
      line.textContent = t;
      return line;
    }));
  }

  function render() {
    frame = 0;
    if (destroyed) return;
    controls.render(current, derived);
    renderView();
    session.effects(current, derived);
    session.render();
    if (changed) {
      changed = false;
      const user = userChange;
      userChange = false;
      onStateChange?.(structuredClone(current), user);
    }
    while (after.length) after.shift()();
  }
  render();

  const controller = {
    getState: () => structuredClone(current),
    setState(value) {
      const r = read(value);
      problems = r.problems;
      controls.stageSwitched();
      current = r.state;
      derived = derive(current, catalog);
      changed = true;
      invalidate();
      return problems.slice();
    },
    get step() { return current.selected; },
    set step(i) { store.dispatch((s) => actions.selectStage(s, i), false); },
    play: startScan,
    pause: stopScan,
    get output() { return session.state.output; },
    get problems() { return problems.slice(); },
    openFile: (file) => { if (!readonly) session.openFile(file); },
    destroy() {
      destroyed = true;
      stopScan();
      cancelAnimationFrame(frame);
      session.destroy();
      viewer.destroy();
      ui.frame.remove();
      sheets.remove();
    },
    /** A share-link hash (the element's state attribute); `extra`: the page's own view-key problems. */
    setHash(hash, extra = []) {
      controller.setState(String(hash ?? ''));
      if (extra.length) problems = [...extra, ...problems].slice(0, 4);
      invalidate();
      return problems.slice();
    },
    get playing() { return !!scan.timer; },
    /** The element's panels and readonly attributes changed. */
    setView,
  };
  return controller;
}

export { PANELS };
