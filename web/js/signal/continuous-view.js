// The continuous view: f(τ) and the folded, shifted g(t − τ), their product with the
// area under it shaded, and y(t) traced as t moves, with the sampled (discrete,
// engine-computed) counterpart drawn as stems on the same axes.
import { h, svg, clear } from './dom.js';
import { FUNCTIONS, FUNCTION_IDS, convolveAt, trace, productCurve, curve } from './continuous.js';
import { T_RANGE } from './model.js';
import { formatNumber } from '../shared/numbers.js';

const fmt3 = (v) => formatNumber(Math.abs(v) < 5e-10 ? 0 : v, 4);
const X0 = T_RANGE.min;
const X1 = T_RANGE.max;

export function createContinuous(doc, p, on) {
  const select = (id, label) => {
    const s = h(doc, 'select', { id: `${p}${id}` });
    for (const fid of FUNCTION_IDS) s.append(h(doc, 'option', { value: fid }, FUNCTIONS[fid].name));
    return { s, field: h(doc, 'div', { class: 'field' }, h(doc, 'label', { for: s.id }, label), s) };
  };
  const f = select('fn-f', 'f(τ)');
  const g = select('fn-g', 'g(τ)');
  const t = h(doc, 'input', { type: 'range', id: `${p}cont-t`, min: X0, max: X1, step: 0.05, 'aria-label': 'Shift t' });
  const tOut = h(doc, 'output', { for: t.id, class: 'mono' });
  const graph = svg(doc, 'svg', { class: 'cont-plot', role: 'img', 'aria-labelledby': `${p}cont-read` });
  const readout = h(doc, 'p', { class: 'mono cont-read', id: `${p}cont-read`, 'aria-live': 'polite' });
  const section = h(doc, 'section', { class: 'panel cp-continuous', 'data-panel': 'continuous', 'aria-labelledby': `${p}cont-h` },
    h(doc, 'h2', { id: `${p}cont-h` }, 'Continuous: (f ∗ g)(t) = ∫ f(τ) g(t − τ) dτ'),
    h(doc, 'div', { class: 'field-row' }, f.field, g.field,
      h(doc, 'label', { class: 'slider-field' }, 't ', t, ' ', tOut)),
    graph, readout,
    h(doc, 'p', { class: 'hint' }, 'Shaded: the area under f(τ)·g(t − τ), which is y(t). Stems: the sampled version, Δ · Σ f[n]·g[k − n] with Δ = 0.25, computed by the engine as a discrete convolution.'));
  f.s.addEventListener('change', () => on.fn('f', f.s.value));
  g.s.addEventListener('change', () => on.fn('g', g.s.value));
  t.addEventListener('input', () => on.t(Number(t.value)));
  const cache = { key: '', traced: null };
  return { sections: { continuous: section }, render: (m) => render(doc, { f: f.s, g: g.s, t, tOut, graph, readout, cache }, m) };
}

function path(points, X, Y) {
  return points.map((q, i) => `${i ? 'L' : 'M'}${X(q.x ?? q.t).toFixed(1)},${Y(q.y).toFixed(1)}`).join('');
}

function render(doc, ui, m) {
  const { state, sampled, width, readonly } = m;
  const root = ui.t.getRootNode();
  if (root.activeElement !== ui.f) ui.f.value = state.f;
  if (root.activeElement !== ui.g) ui.g.value = state.g;
  if (root.activeElement !== ui.t) ui.t.value = String(state.t);
  ui.f.disabled = ui.g.disabled = readonly;
  ui.tOut.textContent = state.t.toFixed(2);
  const key = `${state.f},${state.g}`;
  if (ui.cache.key !== key) {
    ui.cache.key = key;
    ui.cache.traced = trace(state.f, state.g, X0, X1, 181);
  }
  const traced = ui.cache.traced;
  const y = convolveAt(state.f, state.g, state.t);
  ui.readout.textContent = `(f ∗ g)(${state.t.toFixed(2)}) = ${fmt3(y)}`;

  const H = 250;
  const top = { y0: 8, h: 118 };
  const bot = { y0: 150, h: 80 };
  clear(ui.graph);
  ui.graph.setAttribute('viewBox', `0 0 ${width} ${H}`);
  ui.graph.setAttribute('width', width);
  ui.graph.setAttribute('height', H);
  const left = 30;
  const right = 8;
  const X = (x) => left + ((x - X0) / (X1 - X0)) * (width - left - right);
  const fPts = curve(state.f, X0, X1, 361);
  const gPts = curve(state.g, X0, X1, 361, state.t);
  const prod = productCurve(state.f, state.g, state.t, X0, X1, 361);
  const hiTop = Math.max(1, ...fPts.map((q) => q.y), ...gPts.map((q) => q.y)) * 1.1;
  const Yt = (v) => top.y0 + top.h - (v / hiTop) * top.h;
  const hiBot = Math.max(0.5, ...traced.map((q) => q.y), ...sampled.points.map((q) => q.y)) * 1.15;
  const Yb = (v) => bot.y0 + bot.h - (v / hiBot) * bot.h;
  const g = ui.graph;
  const axis = (yy) => g.append(svg(doc, 'line', { x1: left, x2: width - right, y1: yy, y2: yy, class: 'axis' }));
  axis(Yt(0));
  axis(Yb(0));
  const area = `${path(prod, X, Yt)}L${X(X1).toFixed(1)},${Yt(0).toFixed(1)}L${X(X0).toFixed(1)},${Yt(0).toFixed(1)}Z`;
  g.append(svg(doc, 'path', { d: area, class: 'area' }));
  g.append(svg(doc, 'path', { d: path(fPts, X, Yt), class: 'curve f' }));
  g.append(svg(doc, 'path', { d: path(gPts, X, Yt), class: 'curve g' }));
  g.append(svg(doc, 'path', { d: path(prod, X, Yt), class: 'curve prod' }));
  g.append(svg(doc, 'line', { x1: X(state.t), x2: X(state.t), y1: top.y0, y2: bot.y0 + bot.h, class: 'cursor' }));
  g.append(svg(doc, 'text', { x: 2, y: top.y0 + 10, class: 'lane-label' }, 'τ'));
  g.append(svg(doc, 'text', { x: 2, y: bot.y0 + 10, class: 'lane-label' }, 'y(t)'));
  const legend = [['f', `f(τ) ${FUNCTIONS[state.f].name}`], ['g', `g(${state.t.toFixed(2)} − τ)`], ['prod', 'product']];
  legend.forEach(([cls, text], i) => g.append(svg(doc, 'text', { x: width - right - 4, y: top.y0 + 11 + i * 13, class: `legend ${cls}` }, text)));
  for (const q of sampled.points) {
    g.append(svg(doc, 'line', { x1: X(q.t), x2: X(q.t), y1: Yb(0), y2: Yb(q.y), class: 'stem sampled' }));
    g.append(svg(doc, 'circle', { cx: X(q.t), cy: Yb(q.y), r: 2.5, class: 'dot sampled' }));
  }
  g.append(svg(doc, 'path', { d: path(traced, X, Yb), class: 'curve ghost-trace' }));
  const upto = traced.filter((q) => q.t <= state.t);
  if (upto.length > 1) g.append(svg(doc, 'path', { d: path([...upto, { t: state.t, y }], X, Yb), class: 'curve trace' }));
  g.append(svg(doc, 'circle', { cx: X(state.t), cy: Yb(y), r: 4, class: 'dot trace' }));
  for (let x = Math.ceil(X0); x <= X1; x++) {
    g.append(svg(doc, 'text', { x: X(x), y: H - 4, class: 'tick' }, String(x).replace('-', '\u2212')));
  }
}
