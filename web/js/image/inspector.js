// Renders the inspector: for one result pixel, the window of input values per
// channel, the kernel, the products, the sum and the final byte. Every number
// shown comes from the worker (engine.explain and the filtered buffer).
import { formatDisplay } from '../shared/numbers.js';

const OUTPUT_TEXT = {
  clamp: 'round to nearest, then clamp to 0..255',
  abs: 'take |v|, round, clamp to 0..255',
  offset: 'add 128, round, clamp to 0..255',
  normalize: 'stretched by the min and max of the whole result to 0..255',
};

// The document elements are created in: that of the inspector's own root.
let doc = null;

function el(tag, attrs = {}, ...children) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function fmt(v) {
  return formatDisplay(Math.abs(v) < 1e-12 ? 0 : v);
}

/** One M×N grid as a table (a real table, so screen readers can walk rows and columns). */
function grid(caption, rows, cols, cell, cls) {
  const table = el('table', { class: `grid ${cls}` });
  table.append(el('caption', { text: caption }));
  const body = el('tbody');
  for (let r = 0; r < rows; r++) {
    const tr = el('tr');
    for (let c = 0; c < cols; c++) {
      const { text, title, extra } = cell(r, c);
      const td = el('td', { text });
      if (title) td.title = title;
      if (extra) td.className = extra;
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

// Larger windows show their central part: thousands of table cells would block the
// main thread for over 100 ms and could not be read anyway; the sum covers every tap.
const MAX_SHOWN = 11;

function part(label, p, rows, cols) {
  const taps = p.taps;
  const wrap = el('div', { class: 'part' });
  if (label) wrap.append(el('h4', { text: label }));
  const shownRows = Math.min(rows, MAX_SHOWN);
  const shownCols = Math.min(cols, MAX_SHOWN);
  const r0 = Math.floor((rows - shownRows) / 2);
  const c0 = Math.floor((cols - shownCols) / 2);
  const at = (r, c) => taps[(r0 + r) * cols + (c0 + c)];
  const cropped = shownRows < rows || shownCols < cols;
  if (cropped) {
    wrap.append(el('p', { class: 'hint', text: `The kernel is ${rows}×${cols}: the grids show its central ${shownRows}×${shownCols} taps (rows ${r0}–${r0 + shownRows - 1}, columns ${c0}–${c0 + shownCols - 1}); Σ adds all ${rows * cols}.` }));
  }
  const grids = el('div', { class: 'grids' });
  grids.append(
    grid('Input window', shownRows, shownCols, (r, c) => {
      const t = at(r, c);
      return {
        text: fmt(t.value),
        title: `input row ${t.inputRow}, column ${t.inputCol}${t.inside ? '' : ' (outside: supplied by the border)'}`,
        extra: t.inside ? '' : 'border',
      };
    }, 'values'),
    el('span', { class: 'op', 'aria-hidden': 'true', text: '×' }),
    grid('Kernel', shownRows, shownCols, (r, c) => ({ text: fmt(at(r, c).weight) }), 'weights'),
    el('span', { class: 'op', 'aria-hidden': 'true', text: '=' }),
    grid('Products', shownRows, shownCols, (r, c) => {
      const v = at(r, c).product;
      return { text: fmt(v), extra: v < 0 ? 'neg' : v > 0 ? 'pos' : '' };
    }, 'products'),
  );
  wrap.append(grids, el('p', { class: 'sum mono', text: `Σ = ${fmt(p.sum)}` }));
  return wrap;
}

/** Table cells per step: a 3×3 probe (three channels of three 3×3 grids) is one step. */
const STEP_CELLS = 150;

/**
 * The inspector for one probe, as steps of bounded size for the caller to run one per
 * frame. A large kernel's cropped 11×11 grids make about a thousand cells over R, G and B;
 * their style, layout and paint in one frame held the main thread past 50 ms on a slow
 * machine. The old content stays until the first step; the channels then fill in order.
 */
export function inspectorSteps(root, probe, context) {
  let box = null;
  let list = null;
  const units = [{
    cells: 0,
    run() {
      const head = el('p', { class: 'probe-head' });
      head.append(
        el('strong', { text: `Pixel (x ${probe.x}, y ${probe.y})` }),
        ` of ${context.stageLabel}. Input: ${context.inputLabel}. Border: ${probe.border}${probe.flip ? ', kernel flipped' : ''}${probe.grayscale ? ', grayscale' : ''}.`,
      );
      list = el('div', { class: 'channels' });
      root.replaceChildren(head, list);
    },
  }];
  probe.planes.forEach((plane, ch) => {
    const first = plane.parts[0];
    const rows = first.kernel.height, cols = first.kernel.width;
    const shown = 3 * Math.min(rows, MAX_SHOWN) * Math.min(cols, MAX_SHOWN);
    plane.parts.forEach((p, k) => units.push({
      cells: shown,
      run() {
        if (k === 0) {
          box = el('section', { class: `channel ch-${plane.name.toLowerCase()}`, 'aria-label': `${plane.name} channel` });
          box.append(el('h3', { text: `${plane.name} channel` }));
          list.append(box);
        }
        const label = plane.parts.length === 2 ? (k === 0 ? 'gx' : 'gy') : '';
        box.append(part(label, p, rows, cols));
        if (k === plane.parts.length - 1) box.append(finalLines(probe, plane, ch));
      },
    }));
  });
  units.push({
    cells: 0,
    run() {
      const [r, g, b, a] = probe.result;
      root.append(el('p', { class: 'mono rgba' }, `Result RGBA (${r}, ${g}, ${b}, ${a})`,
        probe.source ? ` · input RGBA (${probe.source.join(', ')})` : ''));
    },
  });
  // Consecutive units share a step until it holds STEP_CELLS cells.
  const steps = [];
  let group = [], cells = 0;
  for (const u of units) {
    if (group.length && cells + u.cells > STEP_CELLS) {
      steps.push(group);
      group = [];
      cells = 0;
    }
    group.push(u);
    cells += u.cells;
  }
  steps.push(group);
  return steps.map((g) => () => {
    doc = root.ownerDocument;
    for (const u of g) u.run();
  });
}

/** The value, bias and output mode of one channel, ending in its byte. */
function finalLines(probe, plane, ch) {
  const first = plane.parts[0];
  const lines = [];
  let value;
  if (probe.combine === 'magnitude') {
    value = Math.hypot(plane.parts[0].sum, plane.parts[1].sum);
    lines.push(`√(gx² + gy²) = ${fmt(value)}`);
  } else {
    value = first.sum;
  }
  if (probe.bias) lines.push(`+ bias ${fmt(probe.bias)} = ${fmt(value + probe.bias)}`);
  const byte = probe.result[probe.grayscale ? 0 : ch];
  lines.push(`${probe.output}: ${OUTPUT_TEXT[probe.output] ?? ''} → ${byte}`);
  const out = el('div', { class: 'final mono' });
  for (const l of lines) out.append(el('div', { text: l }));
  const sw = el('span', { class: 'swatch', 'aria-hidden': 'true' });
  const [r, g, b] = probe.result;
  sw.style.background = `rgb(${r}, ${g}, ${b})`;
  out.append(el('div', { class: 'result-byte' }, sw, el('span', { text: `result ${plane.name} = ${byte}` })));
  return out;
}

export function renderInspectorMessage(root, text) {
  doc = root.ownerDocument;
  root.replaceChildren(el('p', { class: 'hint', text }));
}
