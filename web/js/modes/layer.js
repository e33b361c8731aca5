// The layer mode of the component (interface 3): a multi-channel input, 1–4 kernels
// with biases, ReLU and pooling, every stage drawn as a stack and every cell
// inspectable. mount(root, …) renders into a ShadowRoot or an Element and never
// touches document, location or a global. State → derive (engine) → one render per
// animation frame, shared by edits, hover and playback.
import { bindShareButtons } from '../shared/share-buttons.js';
import { createState, layerSpecs, applyPreset, setImage, setShape, setCell, setOption, setPool, setRelu, inspect, setStep, play, pause, advance, shapeOf } from '../layer/state.js';
import { PRESETS } from '../layer/presets.js';
import { derive, totalSteps } from '../layer/derive.js';
import { toJSON, validateState, applyPatch } from '../layer/json.js';
import { encodeState as encodeLink, decodeState as decodeLink } from '../layer/link.js';
import { buildTemplate, renderCounts, PANELS } from '../layer/template.js';
import { createLayerView } from '../layer/view.js';
import { linkStyles } from '../shared/styles.js';
import { createFrameLoop } from '../shared/frame-loop.js';
import { showProblemList, showPanels } from '../shared/mode-view.js';

export { PANELS };
/** The stylesheets the mode needs, in web/css/; a host that renders into a shadow root links them there. */
export const STYLE_FILES = ['common.css', 'layer.css'];

/** Public JSON state → share-link hash (without "#"). */
export const encodeState = (state) => encodeLink(state);
/** Hash → { state, problems }; values are checked against engine.options' names and ranges. */
export const decodeState = (hash, engineOptions) => decodeLink(hash, layerSpecs(engineOptions));

let mounts = 0;

export async function mount(root, {
  engine, state: initial, panels = null, readonly = false, onStateChange = () => {}, idPrefix, styleBase = null,
  shareUrl = null, embedSnippets = null,
} = {}) {
  if (!engine) throw new Error('mount needs { engine } (await createConvolution())');
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  const p = idPrefix ?? `cpl${++mounts}-`;
  const specs = layerSpecs(engine.options);
  const host = doc.createElement('div');
  host.className = 'cp-mode cp-layer';
  root.append(host);
  // styleBase: the URL of web/css/ (the element gives it); none when the page links the styles itself.
  const sheets = linkStyles(root, styleBase, STYLE_FILES);
  const view = createLayerView(host, { doc });
  const { h } = view;
  const el = buildTemplate(host, h, specs, p);
  Object.assign(view.parts, el);

  const state = createState(specs, PRESETS[0]);
  const defaults = structuredClone(toJSON(state));
  let derived = null;
  let linkProblems = [];
  let pendingUser = null;
  let viewOpts = { panels: null, readonly: Boolean(readonly) };
  const hoverCache = new Map();
  const reduced = win?.matchMedia?.('(prefers-reduced-motion: reduce)');

  const total = () => totalSteps(derived);

  const loop = createFrameLoop({
    win, state, total: () => total(), advance,
    onStep() { pendingUser ??= false; },
    work: () => work(),
    onError(err) { showStatus(`Something went wrong while drawing: ${err.message}. Your numbers are kept; change a value or load a preset to continue.`, true); },
  });
  const invalidate = loop.invalidate;
  function changed(user) {
    pendingUser = pendingUser === null ? user : pendingUser || user;
    invalidate();
  }

  function hoverExplain() {
    const hv = state.hover;
    if (!hv || !derived?.conv || state.playing) return null;
    const key = `${derived.version}:${hv.channel},${hv.row},${hv.col}`;
    if (!hoverCache.has(key)) {
      hoverCache.clear();
      try {
        hoverCache.set(key, { explain: engine.explainLayer(derived.input, derived.weights, derived.options, hv.channel, hv.row, hv.col) });
      } catch {
        hoverCache.set(key, null);
      }
    }
    return hoverCache.get(key);
  }

  function work() {
    const inspectKey = JSON.stringify(state.inspect);
    if (!derived || derived.version !== state.version || derived.inspectKey !== inspectKey) {
      derived = derive(state, engine, specs);
      derived.inspectKey = inspectKey;
    }
    if (total() > 0 && state.step >= total()) state.step = total() - 1;
    const active = root.activeElement ?? doc.activeElement;
    view.render(state, derived, { active, hoverExplain: hoverExplain() });
    renderControls(active);
    if (pendingUser !== null) {
      const user = pendingUser;
      pendingUser = null;
      onStateChange(toJSON(state), user);
    }
  }

  function renderControls(active) {
    const s = shapeOf(state);
    for (const input of el.shapeFields.querySelectorAll('input')) if (input !== active) input.value = String(s[input.dataset.shape]);
    for (const [n, c] of el.conv) if (c !== active) c.value = String(state.options[n]);
    for (const [n, c] of el.pool) if (c !== active) c.value = String(state.pool[n] ?? '');
    el.relu.checked = state.relu;
    for (const b of el.presetButtons) b.setAttribute('aria-pressed', String(b.dataset.preset === state.presetId));
    el.presetNote.textContent = state.presetNote;
    const errs = [...derived.cellErrors.map((e) => e.message), ...derived.settingErrors.map((e) => e.message), ...(derived.engineError ? [derived.engineError.message] : [])];
    el.settingErrors.hidden = !errs.length;
    el.settingErrors.textContent = errs.slice(0, 4).join('\n') + (errs.length > 4 ? `\n…and ${errs.length - 4} more.` : '');
    if (errs.length && !el.settings.open && !derived.cellErrors.length) el.settings.open = true;
    showStatus(derived.cellErrors.length ? errs.slice(0, 2).join(' ') : derived.engineError ? derived.engineError.message : '', errs.length > 0);
    for (const c of host.querySelectorAll('[data-which]')) c.readOnly = viewOpts.readonly;
    for (const c of host.querySelectorAll('[data-shape], [data-option]')) c.disabled = viewOpts.readonly;
    for (const [n, c] of el.pool) if (n !== 'mode') c.disabled ||= state.pool.mode === 'none';
    el.relu.disabled = viewOpts.readonly;
    renderCounts(el.counts, h, derived.counts);
  }

  function showStatus(text, isError) {
    if (el.status.textContent !== text) el.status.textContent = text;
    el.status.hidden = !text;
    el.status.classList.toggle('error', Boolean(isError));
  }

  function showProblems(list) {
    linkProblems = list;
    showProblemList(el.linkMessage, list);
  }

  function load(obj, { base, extra = [] }) {
    const { patch, problems } = validateState(obj, specs);
    applyPatch(state, specs, patch, { base, defaults });
    derived = null;
    const all = [...extra, ...problems];
    showProblems(all);
    return all;
  }

  function applyView({ panels: names, readonly: ro }) {
    viewOpts = showPanels(host, { panels: names, readonly: ro }, ['presets', 'settings']);
    el.main.classList.toggle('readonly', viewOpts.readonly);
    invalidate();
  }

  // ---- Events: every one goes through an action, then one frame renders ----
  const goTo = (s) => { setStep(state, s, total()); changed(true); };
  const toggle = () => {
    if (state.playing) pause(state);
    else if (reduced?.matches) setStep(state, total() - 1, total());
    else if (play(state, total())) loop.started();
    changed(true);
  };
  el.presetButtons.forEach((b, k) => b.addEventListener('click', () => {
    if (viewOpts.readonly) return;
    applyPreset(state, specs, PRESETS[k]);
    showProblems([]);
    changed(true);
  }));
  host.addEventListener('input', (ev) => {
    const t = ev.target;
    if (viewOpts.readonly) return;
    if (t.dataset.which) {
      setCell(state, t.dataset.which, t.dataset.at.split(',').map(Number), t.value);
      changed(true);
    }
  });
  host.addEventListener('change', (ev) => {
    const t = ev.target;
    if (viewOpts.readonly) return;
    if (t.dataset.shape) setShape(state, t.dataset.shape, t.value);
    else if (t === el.relu) setRelu(state, t.checked);
    else if (t.dataset.option && el.conv.get(t.dataset.option) === t) setOption(state, t.dataset.option, t.value);
    else if (t.dataset.option && el.pool.get(t.dataset.option) === t) setPool(state, t.dataset.option, t.value);
    else return;
    changed(true);
  });
  el.stages.addEventListener('click', (ev) => {
    const tab = ev.target.closest?.('button.deck-tab');
    if (tab) {
      view.pick(tab.dataset.deck, Number(tab.dataset.card), state);
      invalidate();
      return;
    }
    const b = ev.target.closest?.('button.out');
    if (!b) return;
    const [o, i, j] = b.dataset.at.split(',').map(Number);
    inspect(state, b.dataset.stage, o, i, j);
    changed(true);
  });
  el.stages.addEventListener('pointerover', (ev) => {
    const b = ev.target.closest?.('button.out[data-stage="conv"], button.out[data-stage="relu"]');
    const next = b ? (([o, i, j]) => ({ channel: o, row: i, col: j }))(b.dataset.at.split(',').map(Number)) : null;
    if (JSON.stringify(next) === JSON.stringify(state.hover)) return;
    state.hover = next;
    invalidate();
  });
  el.stages.addEventListener('pointerleave', () => { state.hover = null; invalidate(); });
  // Arrow keys move between an output grid's cells (and inspect them); elsewhere they step.
  el.stages.addEventListener('keydown', (ev) => {
    const b = ev.target.closest?.('button.out');
    if (!b || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const move = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[ev.key];
    if (!move) return;
    ev.preventDefault();
    ev.stopPropagation();
    const [o, i, j] = b.dataset.at.split(',').map(Number);
    const next = b.parentElement.querySelector(`button.out[data-at="${o},${i + move[0]},${j + move[1]}"]`);
    if (!next) return;
    inspect(state, b.dataset.stage, o, i + move[0], j + move[1]);
    changed(true);
    work();
    next.focus();
  });
  el.main.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.composedPath()[0] ?? ev.target;
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) return;
    const activates = ['BUTTON', 'A', 'SUMMARY'].includes(t.tagName);
    switch (ev.key) {
      case ' ': if (activates) return; toggle(); break;
      case 'ArrowRight': goTo(state.step + 1); break;
      case 'ArrowLeft': goTo(state.step - 1); break;
      case 'Home': goTo(0); break;
      case 'End': goTo(total() - 1); break;
      default: return;
    }
    ev.preventDefault();
  });
  el.first.addEventListener('click', () => goTo(0));
  el.prev.addEventListener('click', () => goTo(state.step - 1));
  el.next.addEventListener('click', () => goTo(state.step + 1));
  el.last.addEventListener('click', () => goTo(total() - 1));
  el.play.addEventListener('click', toggle);
  el.stepRange.addEventListener('input', () => goTo(Number(el.stepRange.value)));
  el.speed.addEventListener('change', () => { state.speedIndex = Number(el.speed.value); invalidate(); });
  el.speed.value = String(state.speedIndex);

  // A picture from the learner's disk: decoded and shrunk by the browser, never sent anywhere.
  el.picture.addEventListener('change', async () => {
    const file = el.picture.files?.[0];
    if (!file || viewOpts.readonly) return;
    try {
      const bitmap = await win.createImageBitmap(file);
      const scale = Math.min(1, 12 / Math.max(bitmap.width, bitmap.height));
      const w = Math.max(1, Math.round(bitmap.width * scale));
      const hgt = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = doc.createElement('canvas');
      canvas.width = w;
      canvas.height = hgt;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(bitmap, 0, 0, w, hgt);
      bitmap.close?.();
      setImage(state, ctx.getImageData(0, 0, w, hgt));
      showProblems([]);
      changed(true);
    } catch {
      showStatus(`"${file.name.slice(0, 60)}" could not be read as a picture; choose a PNG, JPEG, GIF or WebP file.`, true);
    }
  });

  bindShareButtons(el, { host, shareUrl, embedSnippets, current: () => ({ json: toJSON(state), view: viewOpts }) });

  applyView({ panels, readonly });
  if (initial !== undefined && initial !== null) load(initial, { base: 'defaults' });
  await sheets.done;
  work();
  el.main.dataset.ready = 'true';

  return {
    getState: () => toJSON(state),
    setState(obj) {
      const problems = load(obj, { base: 'current' });
      changed(false);
      work();
      return problems;
    },
    setHash(hash, extra = []) {
      const { state: s, problems } = decodeState(hash, engine.options);
      const all = load(s, { base: 'defaults', extra: [...extra, ...problems] });
      changed(false);
      work();
      return all;
    },
    get step() { return state.step; },
    set step(v) {
      setStep(state, Number(v), total());
      changed(false);
      work();
    },
    play() {
      if (play(state, total())) {
        loop.started();
        invalidate();
      }
    },
    pause() { pause(state); invalidate(); },
    get playing() { return state.playing; },
    /** The last stage's result (pooled, else after ReLU, else the feature maps) as { channels, height, width, data }. */
    get output() {
      const t = derived?.pooled ?? derived?.relu ?? derived?.conv;
      return t ? { channels: t.channels, height: t.height, width: t.width, data: Array.from(t.data) } : null;
    },
    get problems() { return [...linkProblems]; },
    get panels() { return viewOpts.panels; },
    setView(v) { applyView({ ...viewOpts, ...v }); },
    flush: work,
    get root() { return host; },
    destroy() {
      loop.stop();
      state.playing = false;
      host.remove();
      sheets.remove();
    },
  };
}
