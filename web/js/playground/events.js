// Input wiring of the matrix mode: every listener is on an element inside the mode's
// root (keys on the mode's own container, never on document) and only calls an
// action, then asks for a frame. `ctx` is { state, view, controls, derived(), total(),
// changed(userInitiated), invalidate(), readonly() }.
import { parseBlock } from '../shared/paste.js';
import { resizeGrid } from './state.js';
import {
  setCell, setSize, pasteBlock, fillMatrix, randomGrid, setSetting, setStep, play, pause, setSpeed,
} from './actions.js';

export function bindEvents(ctx) {
  const { state, view, controls } = ctx;
  const { el, $ } = view;
  const active = () => el.main.getRootNode().activeElement;
  const edit = (fn) => (...args) => {
    if (ctx.readonly()) return;
    fn(...args);
    ctx.changed(true);
  };

  const goTo = (step) => {
    setStep(state, step, ctx.total());
    ctx.changed(true, 'step');
  };
  const toggle = () => {
    if (state.playing) pause(state);
    else if (!play(state, ctx.total())) return;
    ctx.playChanged();
  };

  el.play.addEventListener('click', toggle);
  el.first.addEventListener('click', () => goTo(0));
  el.last.addEventListener('click', () => goTo(ctx.total() - 1));
  el.back.addEventListener('click', () => goTo(state.step - 1));
  el.forward.addEventListener('click', () => goTo(state.step + 1));
  el.step.addEventListener('input', () => goTo(Number(el.step.value)));
  el.speed.addEventListener('input', () => {
    setSpeed(state, Number(el.speed.value));
    ctx.invalidate();
  });

  /** The player's keys; false when `key` is not one of them. */
  const playerKey = (key) => {
    switch (key) {
      case ' ':
      case 'Spacebar': toggle(); return true;
      case 'ArrowRight': goTo(state.step + 1); return true;
      case 'ArrowLeft': goTo(state.step - 1); return true;
      case 'Home': goTo(0); return true;
      case 'End': goTo(ctx.total() - 1); return true;
      default: return false;
    }
  };
  el.main.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.composedPath()[0] ?? ev.target;
    const tag = t.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable) return;
    if ((ev.key === ' ' || ev.key === 'Spacebar') && (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY')) return;
    if (playerKey(ev.key)) ev.preventDefault();
  });

  // Output inspection: hover previews, click or tap pins.
  el.output.addEventListener('pointerover', (ev) => {
    const s = ev.target.dataset?.step;
    if (s === undefined || state.playing) return;
    state.hoverStep = Number(s);
    ctx.invalidate();
  });
  el.output.addEventListener('pointerleave', () => {
    if (state.hoverStep === null) return;
    state.hoverStep = null;
    ctx.invalidate();
  });
  el.output.addEventListener('click', (ev) => {
    const s = ev.target.dataset?.step;
    if (s !== undefined) goTo(Number(s));
  });

  // Input hover: which outputs does this cell feed?
  const hoverFrom = (target) => {
    const { pr, pc } = target?.dataset ?? {};
    return pr === undefined ? null : { row: Number(pr), col: Number(pc) };
  };
  el.padded.addEventListener('pointerover', (ev) => {
    const cell = hoverFrom(ev.target);
    if (!cell) return;
    state.hoverCell = cell;
    ctx.invalidate();
  });
  el.padded.addEventListener('pointerleave', () => {
    const focused = active();
    state.hoverCell = el.padded.contains(focused) ? hoverFrom(focused) : null;
    ctx.invalidate();
  });
  el.padded.addEventListener('focusin', (ev) => {
    state.hoverCell = hoverFrom(ev.target);
    ctx.invalidate();
  });
  el.padded.addEventListener('focusout', (ev) => {
    if (el.padded.contains(ev.relatedTarget)) return;
    state.hoverCell = null;
    ctx.invalidate();
  });

  // Matrix editing.
  const grids = { input: () => view.shown.inCells, kernel: () => view.shown.kernelCells };
  const onCellInput = (ev) => {
    const t = ev.target;
    if (!t.dataset?.matrix || ctx.readonly()) return;
    setCell(state, t.dataset.matrix, Number(t.dataset.r), Number(t.dataset.c), t.value);
    ctx.changed(true);
  };
  const onCellKey = (ev) => {
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
    const target = grids[which]()[to[0]]?.[to[1]];
    if (target) {
      target.focus();
      target.select();
    }
  };
  const onCellPaste = (ev) => {
    const t = ev.target;
    const which = t.dataset?.matrix;
    if (!which || ctx.readonly()) return;
    const text = ev.clipboardData?.getData('text/plain') ?? '';
    // A single value pastes like ordinary typing; only blocks spread over cells.
    if (!/[\t\n,;[\]]|\S\s+\S/.test(text.trim())) return;
    ev.preventDefault();
    try {
      pasteBlock(state, which, Number(t.dataset.r), Number(t.dataset.c), parseBlock(text), false);
    } catch (err) {
      state.notice = `Could not paste: ${err.message}`;
    }
    ctx.changed(true);
  };
  for (const grid of [el.padded, el.kernel]) {
    grid.addEventListener('input', onCellInput);
    grid.addEventListener('keydown', onCellKey);
    grid.addEventListener('paste', onCellPaste);
    grid.addEventListener('focusin', (ev) => { if (ev.target.dataset?.matrix) ev.target.select(); });
  }

  const pasteWhole = (which) => {
    try {
      pasteBlock(state, which, 0, 0, parseBlock($('paste-text').value), true);
    } catch (err) {
      state.notice = `Could not read the matrix: ${err.message}`;
    }
  };
  $('paste-input').addEventListener('click', edit(() => pasteWhole('input')));
  $('paste-kernel').addEventListener('click', edit(() => pasteWhole('kernel')));

  for (const [which, axis, input] of [['input', 'rows', el.inputRows], ['input', 'cols', el.inputCols],
    ['kernel', 'rows', el.kernelRows], ['kernel', 'cols', el.kernelCols]]) {
    input.addEventListener('input', edit(() => setSize(state, which, axis, input.value)));
  }
  $('input-random').addEventListener('click', edit(() => fillMatrix(state, 'input', (h, w) => randomGrid(h, w, 0, 9))));
  $('kernel-random').addEventListener('click', edit(() => fillMatrix(state, 'kernel', (h, w) => randomGrid(h, w, -2, 2))));
  $('input-clear').addEventListener('click', edit(() => fillMatrix(state, 'input', (h, w) => resizeGrid([], h, w))));
  $('kernel-clear').addEventListener('click', edit(() => fillMatrix(state, 'kernel', (h, w) => resizeGrid([], h, w))));

  // Settings: the controls built from engine.options, and the explicit padding sides.
  const texts = [...['strideY', 'strideX', 'dilationY', 'dilationX', 'constant'].map((k) => [k, controls.get(k)]),
    ['padTop', el.padTop], ['padBottom', el.padBottom], ['padLeft', el.padLeft], ['padRight', el.padRight]];
  for (const [key, input] of texts) input.addEventListener('input', edit(() => setSetting(state, key, input.value)));
  controls.get('padding').addEventListener('change', edit(() => setSetting(state, 'padding', controls.get('padding').value, ctx.derived()?.plan?.padding)));
  controls.get('border').addEventListener('change', edit(() => setSetting(state, 'border', controls.get('border').value)));
  controls.get('flip').addEventListener('change', edit(() => setSetting(state, 'flip', controls.get('flip').checked)));
  return { playerKey };
}
