// Settings (built from the engine's option specs), the output-length formula and the
// commutativity panel of the 1-D mode.
import { h, svg, clear } from './dom.js';
import { readOption } from '../shared/options.js';
import { paddingChoices, CAUSAL } from './model.js';
import { lengthFormula } from './steps.js';
import { FLIP_HINT, commuteText } from './words.js';
import { lane, valueRange } from './plot.js';
import { formatDisplay as fmt, formatCellValue } from '../shared/numbers.js';

const PADDING_TEXT = {
  valid: 'valid (no padding)',
  same: 'same (centred: out = ⌈L ÷ S⌉)',
  full: 'full (every overlap)',
  [CAUSAL]: 'causal (pad the past only)',
  explicit: 'explicit left, right',
};

export function createSettings(doc, p, specs, on) {
  const field = (name, label, input, hint) => h(doc, 'div', { class: `field option-${name}` },
    h(doc, 'label', { for: input.id }, label), input, hint ? h(doc, 'span', { class: 'hint' }, hint) : null);
  const num = (name, spec, label) => h(doc, 'input', { type: 'number', inputmode: 'numeric', id: `${p}${name}`, min: spec.min, max: spec.max, 'data-option': name, 'aria-label': label });
  const select = (name, values, text) => {
    const s = h(doc, 'select', { id: `${p}${name}`, 'data-option': name });
    for (const v of values) s.append(h(doc, 'option', { value: v }, text?.[v] ?? v));
    return s;
  };
  const c = {
    flip: h(doc, 'input', { type: 'checkbox', id: `${p}flip`, 'data-option': 'flip' }),
    padding: select('padding', paddingChoices(specs), PADDING_TEXT),
    left: num('padLeft', specs.padding, 'Padding left'),
    right: num('padRight', specs.padding, 'Padding right'),
    stride: num('stride', specs.stride, 'Stride'),
    dilation: num('dilation', specs.dilation, 'Dilation'),
    border: select('border', specs.border.values),
    constant: h(doc, 'input', { type: 'text', inputmode: 'decimal', id: `${p}constant`, size: 6, 'data-option': 'constant' }),
  };
  const explicit = h(doc, 'fieldset', { class: 'pair', hidden: true },
    h(doc, 'legend', {}, 'Padding per side'),
    h(doc, 'label', {}, 'left ', c.left), h(doc, 'label', {}, 'right ', c.right));
  const errors = h(doc, 'div', { class: 'error', role: 'alert', hidden: true });
  const flipField = h(doc, 'div', { class: 'field check option-flip' }, c.flip, h(doc, 'label', { for: c.flip.id }, 'Flip kernel (convolution)'), h(doc, 'span', { class: 'hint' }, FLIP_HINT));
  const settings = h(doc, 'section', { class: 'panel cp-settings', 'data-panel': 'settings', 'aria-labelledby': `${p}settings-h` },
    h(doc, 'h2', { id: `${p}settings-h` }, 'Settings'),
    flipField,
    field('padding', 'Padding', c.padding, 'causal: y[n] uses only x[n], x[n−1], …; same: the window is centred on n.'),
    explicit,
    h(doc, 'div', { class: 'field-row' }, field('stride', 'Stride', c.stride), field('dilation', 'Dilation', c.dilation)),
    h(doc, 'div', { class: 'field-row' }, field('border', 'Border', c.border), field('constant', 'Constant', c.constant)),
    errors);
  const fieldErrors = new Map();
  const last = { plan: null };
  const report = (name, err) => {
    if (err) fieldErrors.set(name, err.message); else fieldErrors.delete(name);
    on.fieldErrors([...fieldErrors.values()]);
  };
  const readInt = (name, input) => {
    const spec = name.startsWith('pad') ? { type: 'integer', name: 'padding', min: specs.padding.min, max: specs.padding.max } : specs[name];
    const r = readOption(spec, input.value, input.getAttribute('aria-label'));
    report(name, r.error);
    return r.error ? null : r.value;
  };
  c.flip.addEventListener('change', () => on.option('flip', c.flip.checked));
  c.padding.addEventListener('change', () => {
    const v = c.padding.value;
    if (v === 'explicit') {
      // Start from the padding the last preset resolved to, so nothing jumps.
      if (c.left.value === '') c.left.value = String(last.plan?.left ?? 0);
      if (c.right.value === '') c.right.value = String(last.plan?.right ?? 0);
      const l = readInt('padLeft', c.left);
      const r = readInt('padRight', c.right);
      if (l !== null && r !== null) on.option('padding', { left: l, right: r });
    } else on.option('padding', v);
  });
  for (const side of [c.left, c.right]) {
    side.addEventListener('input', () => {
      const l = readInt('padLeft', c.left);
      const r = readInt('padRight', c.right);
      if (l !== null && r !== null) on.option('padding', { left: l, right: r });
    });
  }
  for (const name of ['stride', 'dilation']) {
    c[name].addEventListener('input', () => {
      const v = readInt(name, c[name]);
      if (v !== null) on.option(name, v);
    });
  }
  c.border.addEventListener('change', () => on.option('border', c.border.value));
  c.constant.addEventListener('input', () => {
    const r = readOption(specs.constant, c.constant.value, 'Constant');
    report('constant', r.error);
    if (!r.error) on.option('constant', r.value);
  });

  const formula = h(doc, 'div', { class: 'formula mono' });
  const formulaSection = h(doc, 'section', { class: 'panel cp-formula', 'data-panel': 'formula', 'aria-labelledby': `${p}formula-h` },
    h(doc, 'h2', { id: `${p}formula-h` }, 'Output length'), formula);

  const commute = {
    xh: h(doc, 'p', { class: 'mono seq' }), hx: h(doc, 'p', { class: 'mono seq' }),
    xhPlot: svg(doc, 'svg', { class: 'mini-plot', role: 'img', 'aria-label': 'x ∗ h' }),
    hxPlot: svg(doc, 'svg', { class: 'mini-plot', role: 'img', 'aria-label': 'h ∗ x' }),
    text: h(doc, 'p', { class: 'note' }),
    xhHead: h(doc, 'h3', {}), hxHead: h(doc, 'h3', {}),
  };
  const swap = h(doc, 'button', { type: 'button' }, 'Swap x and h');
  swap.addEventListener('click', () => on.swap());
  const commuteSection = h(doc, 'section', { class: 'panel cp-commute', 'data-panel': 'commute', 'aria-labelledby': `${p}commute-h` },
    h(doc, 'h2', { id: `${p}commute-h` }, 'Order does not matter (for convolution)'),
    h(doc, 'div', { class: 'pair-plots' },
      h(doc, 'div', {}, commute.xhHead, commute.xhPlot, commute.xh),
      h(doc, 'div', {}, commute.hxHead, commute.hxPlot, commute.hx)),
    commute.text, h(doc, 'div', { class: 'button-row' }, swap));

  return {
    sections: { settings, formula: formulaSection, commute: commuteSection },
    render: (m) => { last.plan = m.d.plan; render(doc, { c, explicit, errors, formula, commute, swap }, m); },
  };
}

function setValue(input, v) {
  const root = input.getRootNode();
  if (root.activeElement === input) return;
  if (input.type === 'checkbox') input.checked = v;
  else if (input.value !== v) input.value = v;
}

function render(doc, ui, m) {
  const { state, d, readonly, fieldErrors, width } = m;
  const { c } = ui;
  const explicit = typeof state.padding === 'object';
  setValue(c.flip, state.flip);
  setValue(c.padding, explicit ? 'explicit' : state.padding);
  ui.explicit.hidden = !explicit;
  if (explicit) { setValue(c.left, String(state.padding.left)); setValue(c.right, String(state.padding.right)); }
  setValue(c.stride, String(state.stride));
  setValue(c.dilation, String(state.dilation));
  setValue(c.border, state.border);
  setValue(c.constant, formatCellValue(state.constant));
  c.constant.disabled = readonly || state.border !== 'constant';
  for (const k of ['flip', 'padding', 'left', 'right', 'stride', 'dilation', 'border']) c[k].disabled = readonly;
  ui.swap.disabled = readonly;
  const msgs = [...fieldErrors, ...(d.error ? [d.error.message] : [])];
  ui.errors.hidden = msgs.length === 0;
  ui.errors.textContent = msgs.join('\n');

  clear(ui.formula);
  const L = state.signal.length;
  const M = state.kernel.length;
  const left = d.plan?.left ?? (explicit ? state.padding.left : 0);
  const right = d.plan?.right ?? (explicit ? state.padding.right : 0);
  const f = lengthFormula({ signalLength: L, left, right, kernelLength: M, dilation: state.dilation, stride: state.stride }, d.plan ? d.plan.length : '—');
  ui.formula.append(
    h(doc, 'p', {}, f.symbolic),
    h(doc, 'p', {}, `L = ${L}, M = ${M}, S = ${state.stride}, D = ${state.dilation}, padding left ${left}, right ${right}`),
    h(doc, 'p', {}, f.extent),
    h(doc, 'p', { class: 'formula-result' }, d.plan ? f.numbers : `${f.numbers.replace(/= —$/, '')}< 1: the kernel does not fit`));

  const cm = d.commute;
  const op = state.flip ? '∗' : '⋆';
  ui.commute.xhHead.textContent = `x ${op} h`;
  ui.commute.hxHead.textContent = `h ${op} x`;
  if (cm?.error) {
    ui.commute.text.textContent = cm.error.message;
    return;
  }
  ui.commute.xh.textContent = cm.xh.map(fmt).join(', ');
  ui.commute.hx.textContent = cm.hx.map(fmt).join(', ');
  ui.commute.text.textContent = commuteText(cm.relation, state.flip);
  const w = Math.max(120, Math.floor(width / 2) - 16);
  miniPlot(doc, ui.commute.xhPlot, cm.xh, w);
  miniPlot(doc, ui.commute.hxPlot, cm.hx, w);
}

export function miniPlot(doc, el, values, width, height = 70) {
  clear(el);
  el.setAttribute('viewBox', `0 0 ${width} ${height}`);
  el.setAttribute('width', width);
  el.setAttribute('height', height);
  const r = valueRange(values);
  const L = lane({ width, left: 6, right: 6, top: 6, height: height - 12, xLo: 0, xHi: Math.max(values.length - 1, 0), lo: r.lo, hi: r.hi });
  el.append(svg(doc, 'line', { x1: L.left, x2: width - L.right, y1: L.baseline, y2: L.baseline, class: 'axis' }));
  values.forEach((v, i) => {
    el.append(svg(doc, 'line', { x1: L.x(i), x2: L.x(i), y1: L.baseline, y2: L.y(v), class: 'stem out' }));
    el.append(svg(doc, 'circle', { cx: L.x(i), cy: L.y(v), r: 3, class: 'dot out' }));
  });
}
