// The transposed mode's views: stepper, the scatter (input, kernel, output canvas with
// the cropped margin and a contribution count in every cell), the arithmetic, the size
// formula, the forward convolution beside it with the adjoint identity, and settings.
import { h } from '../signal/dom.js';
import { createGrid } from './grid-view.js';
import { PRESETS, INT_OPTIONS, SIDES } from './model.js';
import { formatDisplay as fmt, formatPrecise, formatCellValue } from '../shared/numbers.js';

const LABELS = { strideY: 'Stride rows', strideX: 'Stride columns', dilationY: 'Dilation rows', dilationX: 'Dilation columns', outputPaddingY: 'Output padding rows', outputPaddingX: 'Output padding columns' };

export function createTransposeView(doc, p, specs, on) {
  const btn = (id, label, text, extra = {}) => h(doc, 'button', { type: 'button', id: `${p}${id}`, 'aria-label': label, title: label, ...extra }, text);
  const el = {
    first: btn('first', 'First step', '|◀'), back: btn('back', 'Step back', '◀'),
    play: h(doc, 'button', { type: 'button', class: 'primary', 'aria-keyshortcuts': 'Space' }, 'Play'),
    forward: btn('forward', 'Step forward', '▶'), last: btn('last', 'Last step', '▶|'),
    step: h(doc, 'input', { type: 'range', id: `${p}step`, min: 0, max: 0, value: 0, 'aria-label': 'Step' }),
    stepText: h(doc, 'output', { class: 'step-text' }),
    title: h(doc, 'h2', { class: 'move-title', id: `${p}title` }),
    error: h(doc, 'div', { class: 'error', role: 'alert', hidden: true }),
    arith: h(doc, 'p', { class: 'mono arith-names' }),
    hover: h(doc, 'p', { class: 'mono hover-note', 'aria-live': 'polite' }),
    announce: h(doc, 'p', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' }),
    formula: h(doc, 'div', { class: 'formula mono' }),
    adjoint: h(doc, 'div', { class: 'mono adjoint' }),
    note: h(doc, 'p', { class: 'note', 'aria-live': 'polite' }),
  };
  const input = createGrid(doc, { label: 'Input X', className: 'g-input', cellLabel: (r, c, i) => `Input row ${r + 1} column ${c + 1}: ${i.text}` });
  const kernel = createGrid(doc, { label: 'Kernel K', className: 'g-kernel', cellLabel: (r, c, i) => `Kernel row ${r + 1} column ${c + 1}: ${i.text}` });
  const canvas = createGrid(doc, { label: 'Output (cropped margin hatched)', className: 'g-out', badges: true, cellLabel: (r, c, i) => `Output ${i.crop ? 'cropped cell' : `row ${i.r + 1} column ${i.c + 1}`}: ${i.text}, ${i.badge || 0} contributions` });
  const Y = createGrid(doc, { label: 'Test grid Y', className: 'g-y', cellLabel: (r, c, i) => `Y row ${r + 1} column ${c + 1}: ${i.text}` });
  const fwd = createGrid(doc, { label: 'convolve(Y)', className: 'g-fwd', cellLabel: (r, c, i) => `convolve(Y) row ${r + 1} column ${c + 1}: ${i.text}` });
  const heads = { input: h(doc, 'h3', {}), kernel: h(doc, 'h3', {}, 'Kernel K'), out: h(doc, 'h3', {}), y: h(doc, 'h3', {}), fwd: h(doc, 'h3', {}) };

  const stepper = h(doc, 'section', { class: 'panel cp-stepper', 'data-panel': 'stepper', 'aria-label': 'Step through the scatter' },
    h(doc, 'div', { class: 'transport button-row' }, el.first, el.back, el.play, el.forward, el.last),
    h(doc, 'label', { class: 'slider-field' }, 'Input cell ', el.step, ' ', el.stepText),
    h(doc, 'p', { class: 'hint keys' }, 'Keys: Space play/pause, ← → step, Home/End. Hover or focus a cell to see what fed it or where it went.'));
  const scatter = h(doc, 'section', { class: 'panel cp-scatter', 'data-panel': 'scatter', tabindex: 0, 'aria-labelledby': `${p}title` },
    el.title,
    h(doc, 'div', { class: 'scatter-row' },
      h(doc, 'div', { class: 'gbox' }, heads.input, input.el),
      h(doc, 'div', { class: 'gbox' }, heads.kernel, kernel.el),
      h(doc, 'div', { class: 'gbox gbox-out' }, heads.out, canvas.el)),
    el.error, el.hover);
  const arithmetic = h(doc, 'section', { class: 'panel cp-arith', 'data-panel': 'arithmetic', 'aria-label': 'The arithmetic', tabindex: 0 }, el.arith, el.announce);
  const formula = h(doc, 'section', { class: 'panel cp-formula', 'data-panel': 'formula' }, h(doc, 'h2', {}, 'Output size'), el.formula);
  const newY = h(doc, 'button', { type: 'button' }, 'New Y');
  newY.addEventListener('click', () => on.probe());
  const adjoint = h(doc, 'section', { class: 'panel cp-adjoint', 'data-panel': 'adjoint', 'aria-labelledby': `${p}adj-h` },
    h(doc, 'h2', { id: `${p}adj-h` }, 'Beside it: the forward convolution (the adjoint)'),
    h(doc, 'p', { class: 'hint' }, 'convolve with the same kernel, stride, dilation and padding maps an output-sized grid Y back to the input\'s size, and ⟨convolve(Y), X⟩ = ⟨Y, convolveTranspose(X)⟩.'),
    h(doc, 'div', { class: 'scatter-row' }, h(doc, 'div', { class: 'gbox' }, heads.y, Y.el), h(doc, 'div', { class: 'gbox' }, heads.fwd, fwd.el)),
    el.adjoint, h(doc, 'div', { class: 'button-row' }, newY));

  const presetButtons = PRESETS.map((pr) => h(doc, 'button', { type: 'button', 'data-preset': pr.id, 'aria-pressed': 'false' }, pr.name));
  const presets = h(doc, 'section', { class: 'panel cp-presets', 'data-panel': 'presets', 'aria-labelledby': `${p}pre-h` },
    h(doc, 'h2', { id: `${p}pre-h` }, 'Examples'), h(doc, 'div', { class: 'button-row preset-row' }, ...presetButtons), el.note);
  presets.addEventListener('click', (ev) => {
    const id = ev.target.closest?.('[data-preset]')?.dataset.preset;
    if (id) on.preset(id);
  });

  const text = {};
  const textErr = {};
  const editor = h(doc, 'section', { class: 'panel cp-editor', 'data-panel': 'editor', 'aria-labelledby': `${p}ed-h` }, h(doc, 'h2', { id: `${p}ed-h` }, 'Input and kernel'));
  for (const [which, label] of [['input', 'Input X (rows separated by ";")'], ['kernel', 'Kernel K']]) {
    const id = `${p}${which}-text`;
    text[which] = h(doc, 'input', { type: 'text', id, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-e` });
    textErr[which] = h(doc, 'p', { class: 'error', id: `${id}-e`, role: 'alert', hidden: true });
    editor.append(h(doc, 'div', { class: 'editor' }, h(doc, 'label', { for: id }, label), text[which], textErr[which]));
    text[which].addEventListener('input', () => on.text(which, text[which].value));
    text[which].addEventListener('change', () => on.commitText(which));
  }
  const ctl = {};
  const settings = h(doc, 'section', { class: 'panel cp-settings', 'data-panel': 'settings', 'aria-labelledby': `${p}set-h` }, h(doc, 'h2', { id: `${p}set-h` }, 'Settings'));
  const pairRow = (a, b, legend) => {
    const fs = h(doc, 'fieldset', { class: 'pair' }, h(doc, 'legend', {}, legend));
    for (const n of [a, b]) {
      ctl[n] = h(doc, 'input', { type: 'number', inputmode: 'numeric', min: specs[n].min, max: specs[n].max, 'aria-label': LABELS[n] });
      fs.append(h(doc, 'label', {}, `${n.endsWith('Y') ? 'rows' : 'columns'} `, ctl[n]));
      ctl[n].addEventListener('input', () => on.option(n, ctl[n].value));
    }
    settings.append(fs);
  };
  pairRow('strideY', 'strideX', 'Stride');
  pairRow('dilationY', 'dilationX', 'Dilation');
  const pad = h(doc, 'fieldset', { class: 'pair quad' }, h(doc, 'legend', {}, 'Padding (cropped from the result)'));
  for (const side of SIDES) {
    ctl[side] = h(doc, 'input', { type: 'number', inputmode: 'numeric', min: specs.padding.min, max: specs.padding.max, 'aria-label': `Padding ${side}` });
    pad.append(h(doc, 'label', {}, `${side} `, ctl[side]));
    ctl[side].addEventListener('input', () => on.padding(side, ctl[side].value));
  }
  settings.append(pad);
  pairRow('outputPaddingY', 'outputPaddingX', 'Output padding (added at the bottom / right)');
  const setErr = h(doc, 'div', { class: 'error', role: 'alert', hidden: true });
  settings.append(setErr);

  return {
    el,
    sections: { stepper, scatter, arithmetic, formula, adjoint, presets, editor, settings },
    render(m) {
      const { state, d, readonly } = m;
      const root = el.step.getRootNode();
      el.step.max = String(Math.max(m.total - 1, 0));
      el.step.value = String(state.step);
      el.stepText.textContent = `${state.step + 1} / ${m.total}`;
      el.play.textContent = m.playing ? 'Pause' : 'Play';
      el.play.setAttribute('aria-pressed', m.playing ? 'true' : 'false');
      for (const b of presetButtons) { b.setAttribute('aria-pressed', b.dataset.preset === state.preset ? 'true' : 'false'); b.disabled = readonly; }
      el.note.textContent = m.presetNote;
      for (const which of ['input', 'kernel']) {
        const t = m.texts[which] ?? state[which].map((r) => r.map(formatCellValue).join(', ')).join('; ');
        if (root.activeElement !== text[which] && text[which].value !== t) text[which].value = t;
        text[which].readOnly = readonly;
        textErr[which].hidden = !m.textErrors[which];
        textErr[which].textContent = m.textErrors[which] ?? '';
      }
      for (const n of INT_OPTIONS) { if (root.activeElement !== ctl[n]) ctl[n].value = String(state[n]); ctl[n].disabled = readonly; }
      for (const s of SIDES) { if (root.activeElement !== ctl[s]) ctl[s].value = String(state.padding[s]); ctl[s].disabled = readonly; }
      const msgs = [...m.fieldErrors, ...(d.error ? [d.error.message] : [])];
      setErr.hidden = msgs.length === 0;
      setErr.textContent = msgs.join('\n');
      el.error.hidden = !d.error;
      el.error.textContent = d.error?.message ?? '';
      el.formula.replaceChildren(...m.formula.map((line, i) => h(doc, 'p', { class: i > 0 ? 'formula-result' : '' }, line)));
      const H = state.input.length;
      const W = state.input[0].length;
      heads.input.textContent = `Input X ${H}×${W}`;
      input.render(H, W, (r, c) => ({ text: fmt(state.input[r][c]), cls: m.inputClass(r, c), current: r === m.cell.i && c === m.cell.j }));
      kernel.render(state.kernel.length, state.kernel[0].length, (r, c) => ({ text: fmt(state.kernel[r][c]), cls: m.kernelClass(r, c) }));
      if (!d.output) {
        heads.out.textContent = 'Output';
        canvas.render(0, 0, () => ({}));
        el.title.textContent = 'No result for these settings';
        el.arith.textContent = '';
        return;
      }
      const top = state.padding.top;
      const left = state.padding.left;
      heads.out.textContent = `Output ${d.output.height}×${d.output.width}${top + state.padding.bottom + left + state.padding.right ? ` (uncropped ${d.canvas.height}×${d.canvas.width})` : ''}`;
      const part = m.partial;
      canvas.render(d.canvas.height, d.canvas.width, (R, C) => {
        const r = R - top;
        const c = C - left;
        const crop = r < 0 || c < 0 || r >= d.output.height || c >= d.output.width;
        const k = R * d.canvas.width + C;
        const count = part.counts.data[k];
        return { text: count ? fmt(part.values.data[k]) : '·', badge: count ? `×${count}` : '', cls: `${crop ? 'crop' : ''} ${m.outClass(r, c)} n${Math.min(count, 4)}`, r, c, crop };
      });
      el.title.textContent = m.title;
      el.arith.textContent = m.arith;
      if (el.announce.textContent !== m.announce) el.announce.textContent = m.announce;
      el.hover.textContent = m.hoverText;
      const f = d.forward;
      if (f) {
        heads.y.textContent = `Y ${f.Y.length}×${f.Y[0].length} (output-sized)`;
        Y.render(f.Y.length, f.Y[0].length, (r, c) => ({ text: fmt(f.Y[r][c]) }));
        if (f.result) {
          heads.fwd.textContent = `convolve(Y, K) ${f.result.height}×${f.result.width}`;
          fwd.render(f.result.height, f.result.width, (r, c) => ({ text: fmt(f.result.data[r * f.result.width + c]) }));
        }
        const a = d.adjoint;
        if (f.error) el.adjoint.replaceChildren(h(doc, 'p', { class: 'error' }, f.error.message));
        else if (a?.mismatch) el.adjoint.replaceChildren(h(doc, 'p', {}, `Here the sizes do not map back: convolve(Y) is ${a.height}×${a.width}, the input ${H}×${W} (output padding at least the stride). The identity needs matching sizes.`));
        else if (a) {
          el.adjoint.replaceChildren(
            h(doc, 'p', {}, `sizes: ${H}×${W} → convolveTranspose → ${d.output.height}×${d.output.width} → convolve → ${f.result.height}×${f.result.width}`),
            h(doc, 'p', {}, `⟨convolve(Y), X⟩ = ${a.terms.map(([u, v]) => `${fmt(u)}·${fmt(v)}`).join(' + ')}${a.count > 4 ? ' + …' : ''} = ${formatPrecise(a.lhs)}`),
            h(doc, 'p', {}, `⟨Y, convolveTranspose(X)⟩ = ${formatPrecise(a.rhs)}`),
            h(doc, 'p', { class: 'formula-result' }, Math.abs(a.lhs - a.rhs) <= 1e-9 * Math.max(1, Math.abs(a.lhs)) ? `equal: ${formatPrecise(a.lhs)} = ${formatPrecise(a.rhs)}` : `they differ by ${formatPrecise(a.lhs - a.rhs)}`));
        }
      }
      newY.disabled = false;
    },
  };
}
