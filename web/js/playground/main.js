// Wiring: events change the one state object, and a single requestAnimationFrame
// callback derives (engine) and renders it. Hover, editing and playback all go
// through that same path.
import {
  createState, derive, explainStep, applyPreset, applyLink, filterPreset, COURSE_PRESETS, LIMITS, SPEEDS,
  resizeGrid, randomGrid, syncSizeText,
} from './state.js';
import { parseBlock } from '../shared/paste.js';
import { encodeLink, decodeLink, isLinkHash, stepProblem } from './link.js';
import { clampStep } from './geometry.js';
import { createView } from './render.js';

const state = createState();
const view = createView();
const { el } = view;
let engine = null;
let derived = null;
let frameRequested = false;
let lastAdvance = 0;
const timing = { lastWorkMs: 0, frames: 0 };

// Embed mode stays in the address bar's link, so reloading an embedded page keeps it
// (index.html's inline script has already hidden the header before the first paint).
let embed = isLinkHash(location.hash) && decodeLink(location.hash).embed;

function invalidate() {
  if (frameRequested || !engine) return;
  frameRequested = true;
  requestAnimationFrame(frame);
}

function changed() {
  state.version++;
  invalidate();
}

function totalSteps() {
  return derived?.output ? derived.output.height * derived.output.width : 0;
}

function advance(now) {
  const interval = 1000 / SPEEDS[state.speedIndex];
  if (now - lastAdvance < interval) return;
  lastAdvance = now;
  const total = totalSteps();
  if (state.step >= total - 1) {
    state.playing = false;
    return;
  }
  state.step++;
  if (state.step >= total - 1) state.playing = false;
}

function work() {
  const t0 = performance.now();
  if (!derived || derived.version !== state.version) derived = derive(state, engine);
  // With no output (a typo, a kernel that does not fit) the step is kept for when it comes back.
  if (totalSteps() > 0) state.step = clampStep(state.step, totalSteps());
  view.render(state, derived, (i, j) => {
    try {
      return explainStep(derived, engine, i, j);
    } catch (err) {
      derived.engineError = err.message;
      return null;
    }
  });
  timing.lastWorkMs = performance.now() - t0;
  timing.frames++;
  scheduleHashUpdate();
}

function frame(now) {
  frameRequested = false;
  try {
    if (state.playing) advance(now);
    work();
  } catch (err) {
    state.playing = false;
    showStatus(`Something went wrong while drawing: ${err.message}. Your matrices are kept; change a value or load a preset to continue.`, true);
    console.error(err);
  }
  if (state.playing) invalidate();
}

function showStatus(text, isError) {
  const box = document.getElementById('engine-status');
  box.textContent = text;
  box.hidden = !text;
  box.classList.toggle('error', Boolean(isError));
  box.setAttribute('role', isError ? 'alert' : 'status');
}

// ---- Player -------------------------------------------------------------

function setStep(step) {
  state.playing = false;
  state.hoverStep = null;
  state.step = clampStep(step, totalSteps());
  invalidate();
}

function togglePlay() {
  const total = totalSteps();
  if (total <= 1) return;
  if (state.playing) {
    state.playing = false;
  } else {
    if (state.step >= total - 1) state.step = 0;
    state.playing = true;
    state.hoverStep = null;
    lastAdvance = performance.now();
  }
  invalidate();
}

el.play.addEventListener('click', togglePlay);
el.first.addEventListener('click', () => setStep(0));
el.last.addEventListener('click', () => setStep(totalSteps() - 1));
el.back.addEventListener('click', () => setStep(state.step - 1));
el.forward.addEventListener('click', () => setStep(state.step + 1));
el.step.addEventListener('input', () => setStep(Number(el.step.value)));
el.speed.addEventListener('input', () => {
  state.speedIndex = clampStep(Number(el.speed.value), SPEEDS.length);
  invalidate();
});

document.addEventListener('keydown', (ev) => {
  if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const t = ev.target;
  const tag = t.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable) return;
  const activates = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY';
  switch (ev.key) {
    case ' ':
    case 'Spacebar':
      if (activates) return;
      togglePlay();
      break;
    case 'ArrowRight': setStep(state.step + 1); break;
    case 'ArrowLeft': setStep(state.step - 1); break;
    case 'Home': setStep(0); break;
    case 'End': setStep(totalSteps() - 1); break;
    default: return;
  }
  ev.preventDefault();
});

// ---- Output inspection: hover previews, click or tap pins ----------------

el.output.addEventListener('pointerover', (ev) => {
  const s = ev.target.dataset?.step;
  if (s === undefined || state.playing) return;
  state.hoverStep = Number(s);
  invalidate();
});
el.output.addEventListener('pointerleave', () => {
  if (state.hoverStep === null) return;
  state.hoverStep = null;
  invalidate();
});
el.output.addEventListener('click', (ev) => {
  const s = ev.target.dataset?.step;
  if (s === undefined) return;
  setStep(Number(s));
});

// ---- Input hover: which outputs does this cell feed? ---------------------

function hoverFrom(target) {
  const { pr, pc } = target.dataset ?? {};
  if (pr === undefined) return null;
  return { row: Number(pr), col: Number(pc) };
}
el.padded.addEventListener('pointerover', (ev) => {
  const cell = hoverFrom(ev.target);
  if (!cell) return;
  state.hoverCell = cell;
  invalidate();
});
el.padded.addEventListener('pointerleave', () => {
  const focused = document.activeElement;
  state.hoverCell = el.padded.contains(focused) ? hoverFrom(focused) : null;
  invalidate();
});
el.padded.addEventListener('focusin', (ev) => {
  state.hoverCell = hoverFrom(ev.target);
  invalidate();
});
el.padded.addEventListener('focusout', (ev) => {
  if (el.padded.contains(ev.relatedTarget)) return;
  state.hoverCell = null;
  invalidate();
});

// ---- Matrix editing ------------------------------------------------------

const grids = { input: () => view.shown.inCells, kernel: () => view.shown.kernelCells };
const limitsOf = { input: LIMITS.input, kernel: LIMITS.kernel };
const labelOf = { input: 'input', kernel: 'kernel' };

function onCellInput(ev) {
  const t = ev.target;
  const which = t.dataset?.matrix;
  if (!which) return;
  state[which][Number(t.dataset.r)][Number(t.dataset.c)] = t.value;
  changed();
}

function focusCell(which, r, c) {
  const cells = grids[which]();
  const target = cells[r]?.[c];
  if (target) {
    target.focus();
    target.select();
  }
}

function onCellKey(ev) {
  const t = ev.target;
  const which = t.dataset?.matrix;
  if (!which || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const r = Number(t.dataset.r);
  const c = Number(t.dataset.c);
  const all = t.selectionStart === 0 && t.selectionEnd === t.value.length;
  let to = null;
  switch (ev.key) {
    case 'ArrowUp': to = [r - 1, c]; break;
    case 'ArrowDown': to = [r + 1, c]; break;
    case 'Enter': to = ev.shiftKey ? [r - 1, c] : [r + 1, c]; break;
    case 'ArrowLeft': if (all || t.selectionEnd === 0) to = [r, c - 1]; break;
    case 'ArrowRight': if (all || t.selectionStart === t.value.length) to = [r, c + 1]; break;
    default: return;
  }
  if (!to) return;
  ev.preventDefault();
  focusCell(which, to[0], to[1]);
}

function pasteBlock(which, r0, c0, rows, replace) {
  const lim = limitsOf[which];
  const blockW = Math.max(...rows.map((r) => r.length));
  const old = state[which];
  const height = replace ? rows.length : Math.max(old.length, r0 + rows.length);
  const width = replace ? blockW : Math.max(old[0].length, c0 + blockW);
  const h = Math.min(height, lim.max);
  const w = Math.min(width, lim.max);
  const grid = replace ? resizeGrid([], h, w) : resizeGrid(old, h, w);
  let dropped = 0;
  rows.forEach((row, i) => row.forEach((text, j) => {
    const r = r0 + i;
    const c = c0 + j;
    if (r < h && c < w) grid[r][c] = text;
    else dropped++;
  }));
  state[which] = grid;
  state.presetNote = '';
  syncSizeText(state);
  state.sizeErrors = [];
  const ragged = rows.some((r) => r.length !== blockW);
  state.notice = `Pasted a ${rows.length} × ${blockW} block into the ${labelOf[which]}`
    + (replace ? '' : ` from row ${r0 + 1}, column ${c0 + 1}`) + '.'
    + (ragged ? ' Rows had different lengths; missing cells were set to 0.' : '')
    + (dropped ? ` ${dropped} ${dropped === 1 ? 'value' : 'values'} did not fit (the ${labelOf[which]} is at most ${lim.max} × ${lim.max}) and were left out.` : '');
  changed();
}

function onCellPaste(ev) {
  const t = ev.target;
  const which = t.dataset?.matrix;
  if (!which) return;
  const text = ev.clipboardData?.getData('text/plain') ?? '';
  // A single value pastes like ordinary typing; only blocks spread over cells.
  if (!/[\t\n,;[\]]|\S\s+\S/.test(text.trim())) return;
  ev.preventDefault();
  try {
    pasteBlock(which, Number(t.dataset.r), Number(t.dataset.c), parseBlock(text), false);
  } catch (err) {
    state.notice = `Could not paste: ${err.message}`;
    invalidate();
  }
}

function onCellFocus(ev) {
  if (ev.target.dataset?.matrix) ev.target.select();
}

for (const grid of [el.padded, el.kernel]) {
  grid.addEventListener('input', onCellInput);
  grid.addEventListener('keydown', onCellKey);
  grid.addEventListener('paste', onCellPaste);
  grid.addEventListener('focusin', onCellFocus);
}

function pasteWhole(which) {
  const box = document.getElementById('paste-text');
  try {
    pasteBlock(which, 0, 0, parseBlock(box.value), true);
  } catch (err) {
    state.notice = `Could not read the matrix: ${err.message}`;
    invalidate();
  }
}
document.getElementById('paste-input').addEventListener('click', () => pasteWhole('input'));
document.getElementById('paste-kernel').addEventListener('click', () => pasteWhole('kernel'));

function onSize(which, axis, input) {
  const key = `${which}${axis === 'rows' ? 'Rows' : 'Cols'}`;
  state.sizeText[key] = input.value;
  const lim = limitsOf[which];
  const errors = [];
  const size = {};
  for (const [ax, k] of [['rows', `${which}Rows`], ['columns', `${which}Cols`]]) {
    const text = String(state.sizeText[k]).trim();
    const v = Number(text);
    if (text === '' || !Number.isInteger(v) || v < lim.min || v > lim.max) {
      errors.push(`The ${labelOf[which]} needs ${lim.min} to ${lim.max} ${ax}; "${text}" is not a whole number in that range.`);
    } else size[ax] = v;
  }
  const others = state.sizeErrors.filter((m) => !m.startsWith(`The ${labelOf[which]} `));
  state.sizeErrors = others.concat(errors);
  if (!errors.length) {
    state[which] = resizeGrid(state[which], size.rows, size.columns);
    state.presetNote = '';
  }
  changed();
}
for (const [which, axis, input] of [['input', 'rows', el.inputRows], ['input', 'cols', el.inputCols],
  ['kernel', 'rows', el.kernelRows], ['kernel', 'cols', el.kernelCols]]) {
  input.addEventListener('input', () => onSize(which, axis, input));
}

function fill(which, make) {
  const h = state[which].length;
  const w = state[which][0].length;
  state[which] = make(h, w);
  state.notice = '';
  state.presetNote = '';
  changed();
}
document.getElementById('input-random').addEventListener('click', () => fill('input', (h, w) => randomGrid(h, w, 0, 9)));
document.getElementById('kernel-random').addEventListener('click', () => fill('kernel', (h, w) => randomGrid(h, w, -2, 2)));
document.getElementById('input-clear').addEventListener('click', () => fill('input', (h, w) => resizeGrid([], h, w)));
document.getElementById('kernel-clear').addEventListener('click', () => fill('kernel', (h, w) => resizeGrid([], h, w)));

// ---- Settings ------------------------------------------------------------

const textSettings = [
  ['strideY', el.strideY], ['strideX', el.strideX], ['dilationY', el.dilationY], ['dilationX', el.dilationX],
  ['padTop', el.padTop], ['padBottom', el.padBottom], ['padLeft', el.padLeft], ['padRight', el.padRight],
  ['constant', el.constant],
];
for (const [key, input] of textSettings) {
  input.addEventListener('input', () => {
    state.settings[key] = input.value;
    changed();
  });
}
el.padding.addEventListener('change', () => {
  // Switching to explicit starts from the padding the previous preset resolved to, so nothing jumps.
  if (el.padding.value === 'explicit' && state.settings.padding !== 'explicit' && derived?.plan) {
    const p = derived.plan.padding;
    Object.assign(state.settings, { padTop: String(p.top), padBottom: String(p.bottom), padLeft: String(p.left), padRight: String(p.right) });
  }
  state.settings.padding = el.padding.value;
  changed();
});
el.border.addEventListener('change', () => {
  state.settings.border = el.border.value;
  changed();
});
el.flip.addEventListener('change', () => {
  state.settings.flip = el.flip.checked;
  changed();
});

// ---- Share link (format: link.js) ----------------------------------------

const share = {
  button: document.getElementById('copy-link'),
  status: document.getElementById('share-status'),
  fallback: document.getElementById('share-fallback'),
  url: document.getElementById('share-url'),
  linkMessage: document.getElementById('link-message'),
};
let hashTimer = 0;
let hashFor = { version: -1, step: -1 };
let statusTimer = 0;

// The address bar always holds the share link of what is on screen. replaceState, not
// pushState: editing or playing must not fill the Back button's history; debounced,
// because Play changes the step many times a second.
function scheduleHashUpdate() {
  if (state.version === hashFor.version && state.step === hashFor.step) return;
  hashFor = { version: state.version, step: state.step };
  clearTimeout(hashTimer);
  hashTimer = setTimeout(writeHash, 300);
}

function writeHash() {
  clearTimeout(hashTimer);
  hashTimer = 0;
  const hash = `#${encodeLink(state, { embed })}`;
  if (location.hash === hash) return;
  try {
    history.replaceState(history.state, '', hash);
  } catch {
    // Some sandboxed iframes refuse history changes; Copy link still works there.
  }
}

function showLinkProblems(problems) {
  const box = share.linkMessage;
  box.textContent = problems.length <= 1 ? (problems[0] ?? '')
    : [`This link has ${problems.length} problems; everything else in it was loaded.`, ...problems.map((p) => `• ${p}`)].join('\n');
  box.hidden = problems.length === 0;
}

/** Opens the example in the hash, if the hash is a link (not an in-page anchor). */
function loadFromHash(hash) {
  if (!isLinkHash(hash)) return false;
  const link = decodeLink(hash);
  embed = link.embed;
  document.documentElement.classList.toggle('embed', embed);
  applyLink(state, link);
  // Whether the step exists depends on the output size, which only the engine knows.
  derived = derive(state, engine);
  const problems = [...link.problems];
  const late = stepProblem(link.step, totalSteps());
  if (late) {
    problems.push(late);
    state.step = 0;
  }
  showLinkProblems(problems);
  return true;
}

// The event's own URL, not location.hash: a pending writeHash may already have replaced the hash.
window.addEventListener('hashchange', (ev) => {
  if (engine && loadFromHash(new URL(ev.newURL).hash)) invalidate();
});

function say(text) {
  clearTimeout(statusTimer);
  // Emptied first, so copying twice is announced twice.
  share.status.textContent = '';
  setTimeout(() => {
    share.status.textContent = text;
    statusTimer = setTimeout(() => { share.status.textContent = ''; }, 6000);
  }, 30);
}

async function copyLink() {
  writeHash();
  // Without embed=1: whoever opens a copied link gets the whole page in a tab of their own.
  const url = new URL(location.href);
  url.hash = encodeLink(state);
  try {
    if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
    await navigator.clipboard.writeText(url.href);
    share.fallback.hidden = true;
    say('Link copied');
  } catch {
    // Insecure origins, old browsers and iframes without clipboard permission end up here.
    share.url.value = url.href;
    share.fallback.hidden = false;
    share.url.focus();
    share.url.select();
    say('The clipboard is not available here: the link is selected in the box below; copy it with Ctrl+C (⌘C), or long-press and Copy.');
  }
}
share.button.addEventListener('click', copyLink);

// The phone player bar is fixed over the page; the page reserves its height at the bottom.
const player = document.querySelector('.player');
new ResizeObserver(() => {
  document.documentElement.style.setProperty('--player-bar-height', `${player.offsetHeight}px`);
}).observe(player);

// ---- Presets -------------------------------------------------------------

function presetButton(container, preset, note) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = preset.name;
  b.dataset.preset = preset.id;
  b.addEventListener('click', () => {
    applyPreset(state, preset, note);
    showLinkProblems([]);
    invalidate();
  });
  container.append(b);
}

async function start() {
  let createConvolution;
  try {
    ({ createConvolution } = await import('../../../wasm/convolution.js'));
    engine = await createConvolution();
  } catch (err) {
    showStatus(`The convolution engine could not be loaded (${err.message}). Build it with "npm run build" and reload; the page needs it for every number it shows.`, true);
    return;
  }
  const course = document.getElementById('course-presets');
  for (const p of COURSE_PRESETS) presetButton(course, p);
  const filters = document.getElementById('filter-presets');
  for (const f of engine.filters ?? []) {
    const preset = filterPreset(f);
    presetButton(filters, { ...preset, name: f.name }, preset.description);
  }
  loadFromHash(location.hash);
  showStatus('', false);
  work();
  el.main.dataset.ready = 'true';
}

// Exposed for the browser tests and for course pages that script the playground.
window.playground = {
  state,
  get derived() { return derived; },
  timing,
  /** Runs the derive + render work synchronously (what the next frame would do). */
  flush() { work(); },
  invalidate,
};

start();
