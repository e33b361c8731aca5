// The 1-D stage: the stepper, the three-lane plot (signal, kernel where the move puts it,
// products), the arithmetic and the output as it grows. Bound to the elements it builds
// inside the root it is given; render() only writes what the model says.
import { h, svg, clear } from './dom.js';
import { lane, valueRange, labelEvery } from './plot.js';
import { kernelPosition, foldPosition, PHASES } from './steps.js';
import { formatDisplay as fmt } from '../shared/numbers.js';

const LANES = [
  { key: 'x', label: 'x[n]' },
  { key: 'k', label: 'kernel' },
  { key: 'p', label: 'product' },
];

export function createStage(doc, p) {
  const btn = (id, label, text, extra = {}) => h(doc, 'button', { type: 'button', id: `${p}${id}`, 'aria-label': label, title: label, ...extra }, text);
  const el = {
    first: btn('first', 'First step', '|◀'),
    back: btn('back', 'Step back', '◀'),
    play: h(doc, 'button', { type: 'button', id: `${p}play`, class: 'primary', 'aria-keyshortcuts': 'Space' }, 'Play'),
    forward: btn('forward', 'Step forward', '▶'),
    last: btn('last', 'Last step', '▶|'),
    step: h(doc, 'input', { type: 'range', id: `${p}step`, min: 0, max: 0, value: 0, 'aria-label': 'Step' }),
    stepText: h(doc, 'output', { class: 'step-text', for: `${p}step` }),
    moves: h(doc, 'ol', { class: 'moves', 'aria-label': 'The four moves' }),
    title: h(doc, 'h2', { class: 'move-title', id: `${p}move-title` }),
    plot: svg(doc, 'svg', { class: 'lanes', role: 'img', 'aria-labelledby': `${p}move-title` }),
    names: h(doc, 'p', { class: 'arith-names mono' }),
    numbers: h(doc, 'p', { class: 'arith-numbers mono' }),
    result: h(doc, 'p', { class: 'arith-result mono' }),
    outPlot: svg(doc, 'svg', { class: 'out-plot', role: 'group', 'aria-label': 'Output y[t]; click a sample to jump to its sum' }),
    outHead: h(doc, 'h2', { class: 'out-head' }),
    hearX: h(doc, 'button', { type: 'button', class: 'hear', 'data-hear': 'signal' }, 'Hear x'),
    hearY: h(doc, 'button', { type: 'button', class: 'hear', 'data-hear': 'output' }, 'Hear y'),
    announce: h(doc, 'p', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' }),
    error: h(doc, 'div', { class: 'error', role: 'alert', hidden: true }),
  };
  for (const ph of PHASES) el.moves.append(h(doc, 'li', { 'data-phase': ph }, ph));
  const stepper = h(doc, 'section', { class: 'panel cp-stepper', 'data-panel': 'stepper', 'aria-label': 'Step through the convolution' },
    h(doc, 'div', { class: 'transport button-row' }, el.first, el.back, el.play, el.forward, el.last),
    h(doc, 'label', { class: 'slider-field' }, 'Step ', el.step, ' ', el.stepText),
    el.moves,
    h(doc, 'p', { class: 'hint keys' }, 'Keys: Space play/pause, ← → step, Home/End first/last.'));
  const plot = h(doc, 'section', { class: 'panel cp-plot', 'data-panel': 'plot' }, el.title, el.plot, el.error);
  const arith = h(doc, 'section', { class: 'panel cp-arith', 'data-panel': 'arithmetic', 'aria-label': 'The arithmetic', tabindex: 0 },
    el.names, el.numbers, el.result, el.announce);
  const output = h(doc, 'section', { class: 'panel cp-output', 'data-panel': 'output' },
    h(doc, 'div', { class: 'out-row' }, el.outHead, h(doc, 'div', { class: 'button-row', role: 'group', 'aria-label': 'Listen: each sample a short tone, as loud as the sample is large' }, el.hearX, el.hearY)),
    el.outPlot);
  return { el, sections: { stepper, plot, arithmetic: arith, output }, render: (m) => render(doc, el, m) };
}

function stem(doc, g, x, base, y, cls, label) {
  g.append(svg(doc, 'line', { x1: x, x2: x, y1: base, y2: y, class: `stem ${cls}` }));
  g.append(svg(doc, 'circle', { cx: x, cy: y, r: 4, class: `dot ${cls}` }));
  if (label !== undefined) g.append(svg(doc, 'text', { x, y: y + (y <= base ? -7 : 14), class: `val ${cls}` }, label));
}

function laneFrame(doc, g, L, label) {
  g.append(svg(doc, 'line', { x1: L.left - 4, x2: L.width - L.right, y1: L.baseline, y2: L.baseline, class: 'axis' }));
  g.append(svg(doc, 'text', { x: 2, y: L.top + 11, class: 'lane-label' }, label));
}

function render(doc, el, m) {
  // Between moves only the shift tween runs: the kernel lane is drawn at its target once
  // and slid by a transform, so a tween frame touches one attribute.
  if (m.key && m.key === el.shownKey) {
    slide(el, m);
    return;
  }
  el.shownKey = m.key;
  full(doc, el, m);
  slide(el, m);
}

function slide(el, m) {
  if (!el.kernelLane) return;
  const dx = m.tweenFrom === null || m.tweenFrom === undefined ? 0 : (m.tweenFrom - m.t) * m.geo.stride * el.kernelStep * (1 - m.tween);
  el.kernelLane.setAttribute('transform', `translate(${dx.toFixed(2)} 0)`);
}

function full(doc, el, m) {
  const { state, d, phase, t, e, width, total, step, kernelLabel } = m;
  el.kernelLane = null;
  el.step.max = String(Math.max(total - 1, 0));
  el.step.value = String(step);
  el.stepText.textContent = total ? `${step + 1} / ${total}` : '–';
  el.play.textContent = m.playing ? 'Pause' : 'Play';
  el.play.setAttribute('aria-pressed', m.playing ? 'true' : 'false');
  for (const li of el.moves.children) {
    const on = li.dataset.phase === phase;
    li.classList.toggle('current', on);
    if (on) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
  }
  el.error.hidden = !d.error;
  el.error.textContent = d.error ? d.error.message : '';
  clear(el.plot);
  clear(el.outPlot);
  if (!d.output) {
    el.title.textContent = 'No result for these settings';
    for (const k of ['names', 'numbers', 'result']) el[k].textContent = '';
    el.outHead.textContent = 'Output';
    return;
  }
  el.title.textContent = m.titleText;
  el.names.textContent = m.arith.names;
  el.numbers.textContent = m.arith.numbers;
  el.result.textContent = m.arith.result;
  if (m.announceText !== el.announce.textContent) el.announce.textContent = m.announceText;

  const H = m.compact ? 210 : 250;
  const laneH = (H - 26) / 3 - 16;
  el.plot.setAttribute('viewBox', `0 0 ${width} ${H}`);
  el.plot.setAttribute('width', width);
  el.plot.setAttribute('height', H);
  const { lo: xLo, hi: xHi } = m.axis;
  const xs = d.padded.values;
  const ks = state.kernel;
  const xr = valueRange(xs);
  const kr = valueRange(ks);
  const ends = [Math.min(...xs), Math.max(...xs)].flatMap((a) => [Math.min(...ks) * a, Math.max(...ks) * a]);
  const pr = valueRange(ends);
  const lanes = [xr, kr, pr].map((r, i) => lane({ width, left: 52, top: 14 + i * (laneH + 16), height: laneH, xLo, xHi, lo: r.lo, hi: r.hi }));
  const geo = m.geo;
  // The window: the span of signal samples the kernel covers at this move.
  const under = new Set(phase === 'fold' ? [] : e.taps.map((q) => q.index));
  if (under.size) {
    const a = Math.min(...under);
    const b = Math.max(...under);
    const L0 = lanes[0];
    el.plot.append(svg(doc, 'rect', { x: L0.x(a) - L0.step / 2, y: 2, width: L0.x(b) - L0.x(a) + L0.step, height: H - 24, class: 'window' }));
  }
  const showValues = lanes[0].step >= 18;
  const gx = svg(doc, 'g', { class: 'lane lane-x' });
  laneFrame(doc, gx, lanes[0], LANES[0].label);
  xs.forEach((v, i) => {
    const n = d.padded.start + i;
    const pad = n < 0 || n >= state.signal.length;
    stem(doc, gx, lanes[0].x(n), lanes[0].baseline, lanes[0].y(v), `${pad ? 'pad' : 'sig'}${under.has(n) ? ' under' : ''}`, showValues ? fmt(v) : undefined);
  });
  const gk = svg(doc, 'g', { class: 'lane lane-k' });
  laneFrame(doc, gk, lanes[1], kernelLabel);
  const Lk = lanes[1];
  const gks = svg(doc, 'g', { class: 'kernel-stems' });
  ks.forEach((v, j) => {
    if (phase === 'fold') {
      if (geo.flip) stem(doc, gk, Lk.x(j * geo.dilation), Lk.baseline, Lk.y(v), 'ghost');
      stem(doc, gk, Lk.x(foldPosition(j, geo)), Lk.baseline, Lk.y(v), 'ker', showValues ? fmt(v) : undefined);
      return;
    }
    stem(doc, gks, Lk.x(kernelPosition(j, t, geo)), Lk.baseline, Lk.y(v), 'ker', showValues ? fmt(v) : undefined);
  });
  if (phase !== 'fold') {
    gk.append(gks);
    el.kernelLane = gks;
    el.kernelStep = Lk.step;
  }
  const gp = svg(doc, 'g', { class: 'lane lane-p' });
  laneFrame(doc, gp, lanes[2], phase === 'sum' ? `Σ = ${fmt(e.sum)}` : 'product');
  if (phase === 'multiply' || phase === 'sum') {
    for (const q of e.taps) stem(doc, gp, lanes[2].x(q.index), lanes[2].baseline, lanes[2].y(q.product), phase === 'sum' ? 'prod summed' : 'prod', showValues ? fmt(q.product) : undefined);
  }
  const every = labelEvery(lanes[0].step);
  const gn = svg(doc, 'g', { class: 'ticks' });
  for (let n = xLo; n <= xHi; n++) {
    if (n % every === 0) gn.append(svg(doc, 'text', { x: lanes[0].x(n), y: H - 6, class: 'tick' }, String(n).replace('-', '\u2212')));
  }
  el.plot.append(gx, gk, gp, gn);
  renderOutput(doc, el, m, width);
}

function renderOutput(doc, el, m, width) {
  const { d, t, phase, known } = m;
  const out = d.output;
  el.outHead.textContent = `Output y, ${out.length} sample${out.length === 1 ? '' : 's'} (${known} known)`;
  const H = m.compact ? 96 : 120;
  el.outPlot.setAttribute('viewBox', `0 0 ${width} ${H}`);
  el.outPlot.setAttribute('width', width);
  el.outPlot.setAttribute('height', H);
  const r = valueRange(out);
  const L = lane({ width, left: 52, top: 16, height: H - 36, xLo: 0, xHi: Math.max(out.length - 1, 0), lo: r.lo, hi: r.hi });
  const g = svg(doc, 'g', {});
  g.append(svg(doc, 'line', { x1: L.left - 4, x2: width - L.right, y1: L.baseline, y2: L.baseline, class: 'axis' }));
  g.append(svg(doc, 'text', { x: 2, y: 12, class: 'lane-label' }, 'y[t]'));
  const showValues = L.step >= 18;
  const every = labelEvery(L.step);
  out.forEach((v, i) => {
    const isNow = i === t && phase !== 'fold';
    const hit = svg(doc, 'rect', { x: L.x(i) - L.step / 2, y: 0, width: L.step, height: H, class: 'hit', 'data-t': i });
    g.append(hit);
    if (i < known) stem(doc, g, L.x(i), L.baseline, L.y(v), isNow ? 'out now' : 'out', showValues ? fmt(v) : undefined);
    else g.append(svg(doc, 'circle', { cx: L.x(i), cy: L.baseline, r: 3, class: isNow ? 'pending now' : 'pending' }));
    if (i % every === 0) g.append(svg(doc, 'text', { x: L.x(i), y: H - 4, class: 'tick' }, String(i)));
  });
  el.outPlot.append(g);
}
