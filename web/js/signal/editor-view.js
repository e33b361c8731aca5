// Presets and the two sample editors: a text box of numbers and a stem plot whose points
// can be dragged (pointer) or nudged (arrow keys on a focused stem). The view reports
// intents through `on`; the mode turns them into actions on the state.
import { h, svg, clear } from './dom.js';
import { lane, valueRange } from './plot.js';
import { PRESETS } from './presets.js';
import { sampleText } from './model.js';
import { formatCellValue, formatDisplay as fmt } from '../shared/numbers.js';

const LABEL = { signal: 'Signal x', kernel: 'Kernel h' };
const EDITOR_H = 92;

export function createEditors(doc, p, on) {
  const presetButtons = PRESETS.map((pr) => h(doc, 'button', { type: 'button', 'data-preset': pr.id, 'aria-pressed': 'false' }, pr.name));
  const note = h(doc, 'p', { class: 'note', 'aria-live': 'polite' });
  const presets = h(doc, 'section', { class: 'panel cp-presets', 'data-panel': 'presets', 'aria-labelledby': `${p}presets-h` },
    h(doc, 'h2', { id: `${p}presets-h` }, 'Examples'),
    h(doc, 'div', { class: 'button-row preset-row', role: 'group', 'aria-labelledby': `${p}presets-h` }, ...presetButtons),
    note);
  presets.addEventListener('click', (ev) => {
    const id = ev.target.closest?.('[data-preset]')?.dataset.preset;
    if (id) on.preset(id);
  });

  const editors = {};
  const body = h(doc, 'section', { class: 'panel cp-editor', 'data-panel': 'editor', 'aria-labelledby': `${p}editor-h` },
    h(doc, 'h2', { id: `${p}editor-h` }, 'Signal and kernel'));
  for (const which of ['signal', 'kernel']) {
    const id = `${p}${which}-text`;
    const input = h(doc, 'input', { type: 'text', id, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-err` });
    const err = h(doc, 'p', { class: 'error', id: `${id}-err`, role: 'alert', hidden: true });
    const plot = svg(doc, 'svg', { class: 'stem-editor', role: 'group', 'aria-label': `${LABEL[which]}: drag a point, or focus it and use ↑ ↓ (Shift for 0.1)` });
    const len = h(doc, 'span', { class: 'shape' });
    const lab = h(doc, 'label', { for: id }, `${LABEL[which]} `, len);
    body.append(h(doc, 'div', { class: `editor editor-${which}` }, lab, input, err, plot));
    input.addEventListener('input', () => on.text(which, input.value));
    input.addEventListener('change', () => on.commitText(which));
    editors[which] = { input, err, plot, len, stems: [], lane: null, range: null, dragRange: null };
    bindStems(editors[which], which, on);
  }
  const swap = h(doc, 'button', { type: 'button', class: 'swap', id: `${p}swap` }, 'Swap x and h');
  swap.addEventListener('click', () => on.swap());
  body.append(h(doc, 'div', { class: 'button-row' }, swap,
    h(doc, 'span', { class: 'hint' }, 'Both lists: 1 to 64 numbers, e.g. 1, 2, −1 or 1/3.')));

  return {
    sections: { presets, editor: body },
    render: (m) => { swap.disabled = m.readonly; render(doc, { presetButtons, note, editors }, m); },
    swap,
  };
}

function bindStems(ed, which, on) {
  const { plot } = ed;
  let drag = null;
  const valueAt = (ev) => {
    const L = ed.lane;
    if (!L) return null;
    const box = plot.getBoundingClientRect();
    return L.value(ev.clientY - box.top);
  };
  plot.addEventListener('pointerdown', (ev) => {
    const i = Number(ev.target.dataset?.index);
    if (!Number.isInteger(i) || on.readonly()) return;
    drag = { i, id: ev.pointerId };
    ed.dragRange = ed.range;
    plot.setPointerCapture?.(ev.pointerId);
    ev.target.focus?.();
    ev.preventDefault();
  });
  plot.addEventListener('pointermove', (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    const v = valueAt(ev);
    if (v !== null) on.sample(which, drag.i, v, false);
  });
  const end = (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    drag = null;
    ed.dragRange = null;
    on.sample(which, -1, 0, true);
  };
  plot.addEventListener('pointerup', end);
  plot.addEventListener('pointercancel', end);
  plot.addEventListener('keydown', (ev) => {
    const i = Number(ev.target.dataset?.index);
    if (!Number.isInteger(i)) return;
    const by = ev.shiftKey ? 0.1 : 1;
    if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') {
      if (on.readonly()) return;
      on.nudge(which, i, ev.key === 'ArrowUp' ? by : -by);
    } else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight') {
      const next = plot.querySelector(`[data-index="${i + (ev.key === 'ArrowRight' ? 1 : -1)}"]`);
      next?.focus();
    } else return;
    ev.preventDefault();
    ev.stopPropagation();
  });
}

function render(doc, ui, m) {
  const { state, width, readonly, texts, textErrors, presetNote } = m;
  for (const b of ui.presetButtons) {
    b.setAttribute('aria-pressed', b.dataset.preset === state.preset ? 'true' : 'false');
    b.disabled = readonly;
  }
  ui.note.textContent = presetNote;
  for (const which of ['signal', 'kernel']) {
    const ed = ui.editors[which];
    const values = state[which];
    ed.len.textContent = `(${values.length} sample${values.length === 1 ? '' : 's'})`;
    const active = ed.input === (ed.input.getRootNode().activeElement);
    const text = texts[which] ?? values.map((v) => sampleText(v, formatCellValue)).join(', ');
    if (!active && ed.input.value !== text) ed.input.value = text;
    ed.input.readOnly = readonly;
    ed.err.hidden = !textErrors[which];
    ed.err.textContent = textErrors[which] ?? '';
    ed.input.setAttribute('aria-invalid', textErrors[which] ? 'true' : 'false');
    drawStems(doc, ed, values, width, LABEL[which]);
  }
}

function drawStems(doc, ed, values, width, label) {
  const plot = ed.plot;
  let r = valueRange(values);
  // The scale only grows while dragging, so the point under the pointer does not run away.
  if (ed.dragRange) {
    r = { lo: Math.min(r.lo, ed.dragRange.lo), hi: Math.max(r.hi, ed.dragRange.hi) };
    ed.dragRange = r;
  }
  ed.range = r;
  const L = lane({ width, top: 8, height: EDITOR_H - 22, xLo: 0, xHi: Math.max(values.length - 1, 0), lo: r.lo, hi: r.hi });
  ed.lane = L;
  plot.setAttribute('viewBox', `0 0 ${width} ${EDITOR_H}`);
  plot.setAttribute('width', width);
  plot.setAttribute('height', EDITOR_H);
  const root = plot.getRootNode();
  const focusedIndex = plot.contains(root.activeElement) ? Number(root.activeElement.dataset.index) : -1;
  if (ed.stems.length !== values.length) {
    clear(plot);
    plot.append(svg(doc, 'line', { class: 'axis' }));
    ed.stems = values.map((_, i) => {
      const line = svg(doc, 'line', { class: 'stem edit' });
      const hit = svg(doc, 'circle', { r: Math.max(7, Math.min(12, L.step / 2)), class: 'grab', tabindex: 0, role: 'slider', 'data-index': i });
      const dot = svg(doc, 'circle', { r: 4, class: 'dot edit' });
      const text = svg(doc, 'text', { class: 'val' });
      plot.append(line, dot, text, hit);
      return { line, hit, dot, text };
    });
    if (focusedIndex >= 0) ed.stems[Math.min(focusedIndex, values.length - 1)]?.hit.focus();
  }
  const axis = plot.firstChild;
  axis.setAttribute('x1', L.left - 4); axis.setAttribute('x2', width - L.right);
  axis.setAttribute('y1', L.baseline); axis.setAttribute('y2', L.baseline);
  const showValues = L.step >= 22;
  values.forEach((v, i) => {
    const s = ed.stems[i];
    const x = L.x(i);
    const y = L.y(v);
    s.line.setAttribute('x1', x); s.line.setAttribute('x2', x);
    s.line.setAttribute('y1', L.baseline); s.line.setAttribute('y2', y);
    s.dot.setAttribute('cx', x); s.dot.setAttribute('cy', y);
    s.hit.setAttribute('cx', x); s.hit.setAttribute('cy', y);
    s.hit.setAttribute('aria-label', `${label} sample ${i}`);
    s.hit.setAttribute('aria-valuenow', String(v));
    s.hit.setAttribute('aria-valuetext', fmt(v));
    s.text.setAttribute('x', x);
    s.text.setAttribute('y', v >= 0 ? y - 7 : y + 14);
    s.text.textContent = showValues ? fmt(v) : '';
  });
}
