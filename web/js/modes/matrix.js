// The matrix mode of the component (interface 3): mount(root, …) renders the whole
// playground into a ShadowRoot or an Element and returns a controller. It never
// touches document, location or a global: the full page, the element and the iframe
// all drive it through the controller and onStateChange.
// State → derive (engine) → one render per animation frame; hover, edits and
// playback all go through that path.
import { buildOptionControls } from '../shared/options.js';
import { linkStyles } from '../shared/styles.js';
import { createFrameLoop } from '../shared/frame-loop.js';
import { copyText } from '../shared/clipboard.js';
import { formatCount } from '../shared/numbers.js';
import { exportCode } from '../shared/export-code.js';
import { renderExport } from '../shared/export-view.js';
import { modeSpecs, createState, derive, explainStep, totalSteps, applyPreset } from '../playground/state.js';
import { COURSE_PRESETS, borderPresets, filterPreset } from '../playground/presets.js';
import { toJSON, validateState, applyPatch, stepProblem } from '../playground/json.js';
import { encodeState as encodeLink, decodeState as decodeLink } from '../playground/link.js';
import { template, PANELS } from '../playground/template.js';
import { createView } from '../playground/render.js';
import { bindEvents } from '../playground/events.js';
import { setStep as stepAction, play as playAction, pause as pauseAction, advance } from '../playground/actions.js';

export { PANELS };
/** The stylesheets the mode needs, in web/css/; a host that renders into a shadow root links them there. */
export const STYLE_FILES = ['common.css', 'playground.css', 'export.css'];

/** Public JSON state → share-link hash (without "#"). */
export const encodeState = (state) => encodeLink(state);
/** Hash → { state, problems }; with `engineOptions` values are checked against the engine's names and ranges. */
export const decodeState = (hash, engineOptions) => decodeLink(hash, engineOptions ? modeSpecs(engineOptions).specs : undefined);

let mounts = 0;

/** How many problems a list stands for: its named lines plus the count in a closing "…and N more". */
function countOf(problems) {
  const more = /^…and ([\d,]+) more/.exec(problems.at(-1) ?? '');
  return more ? formatCount(problems.length - 1 + Number(more[1].replace(/,/g, ''))) : String(problems.length);
}

const OPTION_FIELDS = [
  { name: 'padding', label: 'Padding', explicit: true, describe: (v) => ({ valid: 'valid (no padding)', same: 'same (out = ⌈in ÷ stride⌉)', full: 'full (every overlap)', explicit: 'explicit per side' })[v] ?? v },
  { name: 'border', label: 'Border', describe: (v) => ({ constant: 'constant (c c │ a b c d │ c c)', replicate: 'replicate (a a │ a b c d │ d d)', reflect: 'reflect (b a │ a b c d │ d c)', reflect101: 'reflect101 (c b │ a b c d │ c b)', wrap: 'wrap (c d │ a b c d │ a b)' })[v] ?? v },
  { name: 'constant', label: 'Constant' },
  { name: 'flip', label: 'Flip kernel', hint: '(true convolution: the kernel is folded 180° before it slides; off = cross-correlation, what CNN libraries call convolution)' },
];
const PAIR_FIELDS = [
  ['stride-group', [{ name: 'strideY', label: 'rows', ariaLabel: 'Stride rows' }, { name: 'strideX', label: 'columns', ariaLabel: 'Stride columns' }]],
  ['dilation-group', [{ name: 'dilationY', label: 'rows', ariaLabel: 'Dilation rows' }, { name: 'dilationX', label: 'columns', ariaLabel: 'Dilation columns' }]],
];

/**
 * Options: engine (required), state (public JSON or undefined), panels (names or null),
 * readonly, onStateChange(state, userInitiated), idPrefix (default: none inside a
 * shadow root, a unique one in an element), styleBase (the URL of web/css/: the mode
 * links STYLE_FILES from there into the root; none when the page has them already),
 * shareUrl(state) and embedSnippets(state, view) (the page's; without them the
 * share buttons are hidden).
 */
export async function mount(root, {
  engine, state: initial, panels = null, readonly = false, onStateChange = () => {}, idPrefix, styleBase = null,
  shareUrl = null, embedSnippets = null,
} = {}) {
  if (!engine) throw new Error('mount needs { engine } (await createConvolution())');
  const isShadow = root.nodeType === 11;
  const p = idPrefix ?? (isShadow ? '' : `cpm${++mounts}-`);
  const doc = root.ownerDocument;
  const { specs, imageDefaults } = modeSpecs(engine.options);
  const host = doc.createElement('div');
  host.className = 'cp-mode cp-matrix';
  // Our own markup (template.js), no outside text: see the note there.
  host.innerHTML = template(p);
  root.append(host);
  const sheets = linkStyles(root, styleBase, STYLE_FILES);

  const $ = (id) => host.querySelector(`#${p}${id}`);
  const controls = new Map();
  for (const [group, fields] of PAIR_FIELDS) {
    const built = buildOptionControls($(group), specs, fields, { idPrefix: `${p}o-` });
    for (const [k, v] of built.controls) controls.set(k, v);
  }
  const built = buildOptionControls($('option-fields'), specs, OPTION_FIELDS, { idPrefix: `${p}o-` });
  for (const [k, v] of built.controls) controls.set(k, v);

  const presets = [...COURSE_PRESETS, ...borderPresets(specs.get('border').values),
    ...(engine.filters ?? []).map((f) => filterPreset(f, imageDefaults))];
  const state = createState(specs, COURSE_PRESETS[2]);
  const view = createView(host, p, controls);
  const { el } = view;
  let derived = null;
  let linkProblems = [];
  let shownView = { panels: null, readonly: Boolean(readonly) };
  let pendingUser = null;
  const timing = { lastWorkMs: 0, frames: 0 };

  const presetButtons = [];
  const addPresets = (container, list) => {
    for (const preset of list) {
      const b = doc.createElement('button');
      b.type = 'button';
      b.textContent = preset.name;
      b.dataset.preset = preset.id;
      b.setAttribute('aria-pressed', 'false');
      b.addEventListener('click', () => {
        if (shownView.readonly) return;
        applyPreset(state, specs, preset);
        showProblems([]);
        changed(true);
      });
      container.append(b);
      presetButtons.push(b);
    }
  };
  addPresets($('course-presets'), COURSE_PRESETS);
  addPresets($('border-presets'), presets.filter((x) => x.id.startsWith('border-')));
  addPresets($('filter-presets'), presets.filter((x) => x.id.startsWith('filter-')));
  const presetName = (id) => presets.find((x) => x.id === id)?.name ?? '';

  const loop = createFrameLoop({
    win: doc.defaultView, state, total: () => total(), advance: advance,
    onStep() { pendingUser ??= false; },
    work: () => work(),
    onError(err) {
      showStatus(`Something went wrong while drawing: ${err.message}. Your matrices are kept; change a value or load a preset to continue.`, true);
      console.error(err);
    },
  });
  const invalidate = loop.invalidate;

  /** A change to report: `userInitiated` when a person did it in this view. */
  function changed(userInitiated, kind = 'edit') {
    if (kind === 'edit') state.version++;
    pendingUser = pendingUser === null ? userInitiated : pendingUser || userInitiated;
    invalidate();
  }

  const total = () => totalSteps(derived);

  function work() {
    const t0 = performance.now();
    if (!derived || derived.version !== state.version) derived = derive(state, engine, specs);
    // With no output (a typo, a kernel that does not fit) the step is kept for when it comes back.
    if (total() > 0 && state.step >= total()) state.step = total() - 1;
    view.render(state, derived, (i, j) => {
      try {
        return explainStep(derived, engine, i, j);
      } catch (err) {
        derived.engineError = err.message;
        return null;
      }
    }, { readonly: shownView.readonly, presetButtons, presetName });
    syncExport();
    if (pendingUser !== null) {
      const user = pendingUser;
      pendingUser = null;
      onStateChange(toJSON(state, specs), user);
    }
    // The whole frame's script work, the host's statechange handling included.
    timing.lastWorkMs = performance.now() - t0;
    timing.frames++;
  }

  function showStatus(text, isError) {
    el.status.textContent = text;
    el.status.hidden = !text;
    el.status.classList.toggle('error', Boolean(isError));
    el.status.setAttribute('role', isError ? 'alert' : 'status');
  }

  function showProblems(problems, what = 'link') {
    linkProblems = problems;
    const box = el.linkMessage;
    box.textContent = problems.length <= 1 ? (problems[0] ?? '')
      : [`This ${what} has ${countOf(problems)} problems; everything else in it was loaded.`, ...problems.map((x) => `• ${x}`)].join('\n');
    box.hidden = problems.length === 0;
  }

  /** Validates and applies outside state (a link's or a script's); returns the problems shown. */
  function load(obj, { base, fromLink = false, extraProblems = [] } = {}) {
    const { patch, problems } = validateState(obj, specs, { fromLink });
    applyPatch(state, specs, patch, { base, first: COURSE_PRESETS[2] });
    // Whether the step exists depends on the output size, which only the engine knows.
    derived = derive(state, engine, specs);
    const all = [...extraProblems, ...problems];
    const late = stepProblem(patch.step, total());
    if (late) {
      all.push(fromLink ? late : late.replace("The link's", 'The'));
      state.step = 0;
    }
    showProblems(all, fromLink ? 'link' : 'state');
    return all;
  }

  function applyView({ panels: names, readonly: ro }) {
    shownView = { panels: names ?? null, readonly: Boolean(ro) };
    const show = names ? new Set(names) : null;
    for (const node of host.querySelectorAll('[data-panel]')) {
      const name = node.dataset.panel;
      const off = (show && !show.has(name)) || (shownView.readonly && ['presets', 'settings', 'paste'].includes(name));
      node.classList.toggle('panel-off', Boolean(off));
    }
    el.main.classList.toggle('only-some', Boolean(show));
    invalidate();
  }

  // Export as code: built only while its panel is open, and again when the example changes.
  const exportPanel = $('export-panel');
  let exportView = null;
  let exportVersion = -1;
  function syncExport() {
    if (!exportPanel.open || !derived || exportVersion === derived.version) return;
    exportVersion = derived.version;
    const box = $('export');
    if (!derived.output) {
      exportView?.destroy();
      exportView = null;
      box.textContent = 'The code appears once every cell and setting is valid.';
      return;
    }
    let snippets;
    try {
      snippets = exportCode({ input: derived.input, kernel: derived.kernel, options: derived.options });
    } catch (err) {
      box.textContent = `No code for these settings: ${err.message}`;
      exportView = null;
      return;
    }
    if (exportView) exportView.update(snippets);
    else {
      exportView = renderExport(box, snippets, {
        copy: async (text) => {
          if ((await copyText(text, { root: host })) === 'manual') throw new Error('not copied');
        },
      });
    }
  }
  exportPanel.addEventListener('toggle', () => {
    exportVersion = -1;
    syncExport();
  });

  const { playerKey } = bindEvents({
    state, view, controls,
    derived: () => derived,
    total,
    changed,
    invalidate,
    readonly: () => shownView.readonly,
    playChanged() {
      loop.started();
      changed(true, 'play');
    },
  });

  // Share: the link and the embed snippets come from the host page (it owns location).
  const say = (text) => {
    const status = $('share-status');
    status.textContent = '';
    setTimeout(() => { status.textContent = text; }, 30);
  };
  const share = async (what) => {
    const text = what === 'link' ? shareUrl?.(toJSON(state, specs)) : embedSnippets?.(toJSON(state, specs), shownView);
    if (!text) return;
    $('share-label').textContent = what === 'link' ? 'Link to this example' : 'Embed code for this example';
    const how = await copyText(text, { root: host, box: $('share-url') });
    if (how === 'manual') {
      $('share-fallback').hidden = false;
      say('The clipboard is not available here: the text is selected in the box below; copy it with Ctrl+C (⌘C), or long-press and Copy.');
    } else {
      $('share-fallback').hidden = true;
      say(what === 'link' ? 'Link copied' : 'Embed code copied');
    }
  };
  $('copy-link').addEventListener('click', () => share('link'));
  $('copy-embed').addEventListener('click', () => share('embed'));
  if (!shareUrl) $('copy-link').hidden = true;
  if (!embedSnippets) $('copy-embed').hidden = true;

  // A wide root opens Settings: there is room for it beside the stage. Presets stay folded.
  $('settings-drawer').open = (root.host ?? root).getBoundingClientRect?.().width >= 1200;

  applyView({ panels, readonly });
  if (initial !== undefined && initial !== null) load(initial, { base: 'defaults' });
  await sheets.done;
  showStatus('', false);
  work();
  el.main.dataset.ready = 'true';

  const controller = {
    getState: () => toJSON(state, specs),
    /** Outside state, validated: valid parts are applied over the current state; returns the problems. */
    setState(obj) {
      const problems = load(obj, { base: 'current' });
      changed(false, 'none');
      work();
      return problems;
    },
    /** A share link's hash: valid parts over the defaults; returns the problems shown. */
    setHash(hash, extraProblems = []) {
      const { state: s, problems } = decodeLink(hash);
      const all = load(s, { base: 'defaults', fromLink: true, extraProblems: [...extraProblems, ...problems] });
      changed(false, 'none');
      work();
      return all;
    },
    get step() { return state.step; },
    set step(v) {
      stepAction(state, Number(v), total());
      changed(false, 'step');
      work();
    },
    play() {
      if (playAction(state, total())) {
        loop.started();
        invalidate();
      }
    },
    pause() {
      pauseAction(state);
      invalidate();
    },
    get playing() { return state.playing; },
    get output() {
      const o = derived?.output;
      return o ? { height: o.height, width: o.width, data: Array.from(o.data) } : null;
    },
    get problems() { return [...linkProblems]; },
    get panels() { return shownView.panels; },
    setView(v) { applyView({ ...shownView, ...v }); },
    /** A player key pressed outside the mode (the page forwards keys on its body); true when handled. */
    key: (k) => playerKey(k),
    /** Runs derive + render now (what the next frame would do); for tests and measurements. */
    flush: work,
    timing,
    get root() { return host; },
    destroy() {
      loop.stop();
      state.playing = false;
      host.remove();
      sheets.remove();
    },
  };
  return controller;
}
