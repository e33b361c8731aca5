// The filter chain panel: the stage list and the stage editor. Events turn into
// actions on the model; render() brings the elements up to date with the state
// without replacing the ones that can hold focus (stage buttons, text fields).
import { actions, CHANNELS, normaliseDivisor } from './model.js';
import { boxKernel, gaussianKernel, kernelSum, kernelToText, kernelsJSON, logKernel, scaleKernel } from './kernels.js';
import { buildOptionControls, readOption, specsOf } from '../shared/options.js';
import { commonDenominator, formatDisplay, parseNumber } from '../shared/numbers.js';
import { copyText } from '../shared/clipboard.js';

const OUTPUT_HELP = {
  clamp: 'Round, then clamp to 0..255. Right for blurs and sharpening. An edge kernel sums to 0, so half of its answers are negative and clamp turns them black: use abs or offset for edges.',
  abs: '|v|, then clamp. Edge kernels give negative values on one side of an edge and positive on the other; abs shows both sides bright.',
  offset: 'v + 128, then clamp. Zero becomes mid-gray, so the sign of an edge (dark to light or light to dark) stays visible, as in emboss.',
  normalize: 'Stretches the min..max of the whole result (R, G and B together) to 0..255: shows any range, but brightness is no longer absolute.',
};
const OUTPUT_LABEL = { offset: 'offset (+128)', normalize: 'normalize (min–max)' };
const BORDER_LABEL = {
  replicate: 'aaa|abcd|ddd', reflect: 'cba|abcd|dcb', reflect101: 'dcb|abcd|cba', wrap: 'bcd|abcd|abc', constant: 'ccc|abcd|ccc',
};
const FIELDS = [
  { name: 'output', label: 'Output', describe: (v) => OUTPUT_LABEL[v] ?? v },
  { name: 'border', label: 'Border', describe: (v) => (BORDER_LABEL[v] ? `${v} (${BORDER_LABEL[v]})` : v) },
  { name: 'constant', label: 'Constant c' },
  { name: 'bias', label: 'Bias', hint: 'Added to every value after the convolution, before the output mode (the offset of GIMP and Photoshop).' },
  { name: 'grayscale', label: 'Grayscale (0.299 R + 0.587 G + 0.114 B, filtered once)' },
  { name: 'flip', label: 'Flip the kernel (true convolution instead of cross-correlation)' },
];

/** Sets a field's value unless the person is typing in it (that text is theirs until it reads as a value). */
function setValue(el, value) {
  if (el.getRootNode().activeElement === el) return;
  if (el.type === 'checkbox') el.checked = !!value;
  else if (el.value !== String(value)) el.value = String(value);
}

export function createControls({ ui, prefix, catalog, engineOptions, store, session }) {
  const doc = ui.root.ownerDocument;
  const el = (tag, cls, text) => {
    const e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const specs = specsOf(engineOptions, 'filterImage');
  const built = buildOptionControls(ui.options, specs, FIELDS, { idPrefix: `${prefix}opt-` });
  const opt = built.controls;
  const outputHelp = el('p', 'hint output-help');
  outputHelp.id = `${prefix}output-help`;
  opt.get('output').closest('.field').append(outputHelp);
  opt.get('output').setAttribute('aria-describedby', outputHelp.id);
  const fieldErrors = new Map();
  const dispatch = (fn) => store.dispatch(fn);
  const stage = () => store.state.stages[store.state.selected];

  ui.filterSelect.replaceChildren(
    ...catalog.filters.map((f) => new doc.defaultView.Option(f.name, f.id)),
    new doc.defaultView.Option('Custom kernel…', 'custom'),
  );

  for (const f of FIELDS) {
    const input = opt.get(f.name);
    const spec = built.specs.get(f.name);
    const read = () => {
      const r = readOption(spec, spec.type === 'boolean' ? input.checked : input.value, f.label);
      input.setAttribute('aria-invalid', String(!!r.error));
      if (r.error) fieldErrors.set(f.name, r.error.message);
      else fieldErrors.delete(f.name);
      if (r.error) store.invalidate();
      else dispatch((s) => actions.setField(s, f.name, r.value));
    };
    input.addEventListener(spec.type === 'number' ? 'input' : 'change', read);
  }

  ui.divisor.addEventListener('input', () => {
    const v = parseNumber(ui.divisor.value);
    const ok = Number.isFinite(v) && v !== 0 && Math.abs(v) <= catalog.bias.max;
    ui.divisor.setAttribute('aria-invalid', String(!ok));
    if (ok) fieldErrors.delete('divisor');
    else fieldErrors.set('divisor', `The divisor must be a non-zero number; "${ui.divisor.value.slice(0, 40)}" is not.`);
    if (ok) dispatch((s) => actions.setField(s, 'divisor', v));
    else store.invalidate();
  });
  ui.normalise.addEventListener('click', () => {
    const r = normaliseDivisor(stage(), catalog);
    if (r.error) { fieldErrors.set('divisor', r.error); store.invalidate(); return; }
    fieldErrors.delete('divisor');
    ui.divisor.setAttribute('aria-invalid', 'false');
    ui.divisor.value = String(r.divisor);
    dispatch((s) => actions.setField(s, 'divisor', r.divisor));
  });

  ui.filterSelect.addEventListener('change', () => {
    fieldErrors.clear();
    dispatch((s) => actions.setFilter(s, catalog, ui.filterSelect.value));
  });
  ui.editAsCustom.addEventListener('click', () => {
    dispatch((s) => actions.editAsCustom(s, catalog));
    store.afterRender(() => ui.kernelEditors.querySelector('textarea')?.focus());
  });
  ui.perChannel.addEventListener('change', () => dispatch((s) => actions.setPerChannel(s, ui.perChannel.checked)));
  ui.addStage.addEventListener('click', () => dispatch((s) => actions.addStage(s, catalog)));
  ui.removeStage.addEventListener('click', () => dispatch((s) => actions.removeStage(s)));

  const GEN_NOTE = ui.genNote.textContent;
  const generate = (make) => {
    try {
      const { kernel, text } = make();
      ui.genNote.textContent = text ?? GEN_NOTE;
      dispatch((s) => actions.setGenerated(s, kernelToText(kernel)));
    } catch (err) {
      ui.genNote.textContent = err.message;
    }
  };
  ui.genGauss.addEventListener('click', () => generate(() => {
    const sigma = Number(ui.gaussSigma.value);
    const g = gaussianKernel(sigma);
    return { kernel: g.kernel, text: `σ = ${sigma}: ${g.side}×${g.side} (2·⌈3σ⌉+1), normalised to sum 1; it runs as two 1-D passes.` };
  }));
  ui.genBox.addEventListener('click', () => generate(() => {
    const n = Number(ui.boxSize.value);
    return { kernel: boxKernel(n), text: `${n}×${n} box: every weight 1/${n * n}.` };
  }));
  ui.genLog.addEventListener('click', () => generate(() => {
    const sigma = Number(ui.logSigma.value);
    const g = logKernel(sigma);
    return { kernel: g.kernel, text: `Laplacian of Gaussian, σ = ${sigma}: ${g.side}×${g.side} (2·⌈3σ⌉+1), sums to 0; use abs or offset output.` };
  }));

  ui.copyKernel.addEventListener('click', async () => {
    const d = store.derived.stages[store.state.selected];
    if (!d.kernels) { ui.copyStatus.textContent = d.error; return; }
    const s = stage();
    const magnitude = d.combine === 'magnitude';
    const text = kernelsJSON(magnitude ? d.kernels : d.kernels.map((k) => scaleKernel(k, s.divisor)), magnitude ? { combine: 'magnitude' } : {});
    ui.copyKernel.dataset.copied = text;
    const how = await copyText(text, { root: ui.root, box: ui.copyBox });
    ui.copyStatus.textContent = how === 'manual' ? 'Your browser blocked the clipboard: the JSON is selected in the box below; copy it with Ctrl+C.' : 'Copied.';
  });

  // ---------- render ----------

  function renderStageList(state, d) {
    const items = ui.stages.children;
    while (items.length > state.stages.length) items[items.length - 1].remove();
    state.stages.forEach((_, i) => {
      let li = items[i];
      if (!li) {
        li = el('li');
        const b = el('button', 'stage-button');
        b.type = 'button';
        b.addEventListener('click', () => {
          dispatch((s) => actions.selectStage(s, i));
        });
        li.append(b);
        ui.stages.append(li);
      }
      const b = li.firstElementChild;
      const r = session.results[i];
      const status = r?.error ? ' · error' : r?.ms != null ? ` · ${r.ms.toFixed(0)} ms` : '';
      const text = `${d.labels[i]}${status}`;
      if (b.textContent !== text) b.textContent = text;
      b.setAttribute('aria-pressed', String(i === state.selected));
      b.classList.toggle('has-error', !!(r?.error || d.stages[i].error));
    });
    ui.removeStage.disabled = state.stages.length <= 1;
    ui.addStage.disabled = state.stages.length >= 8;
  }

  function kernelGrid(kernel, caption) {
    const table = el('table', 'grid kernel-view');
    const d = commonDenominator(kernel.data);
    table.append(el('caption', null, d > 1 ? `${caption} × 1/${d}` : caption));
    const body = el('tbody');
    for (let r = 0; r < kernel.height; r++) {
      const tr = el('tr');
      for (let c = 0; c < kernel.width; c++) {
        const v = kernel.data[r * kernel.width + c];
        const td = el('td', v < 0 ? 'neg' : v > 0 ? 'pos' : '', formatDisplay(v * d));
        if (d > 1) td.title = `${formatDisplay(v * d)}/${d} = ${formatDisplay(v)}`;
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(body);
    return table;
  }

  let shownFilter = null;
  function renderBuiltin(s) {
    if (shownFilter === s.filter) return;
    shownFilter = s.filter;
    const f = catalog.filters.find((g) => g.id === s.filter);
    ui.filterDescription.textContent = f.description;
    const magnitude = f.combine === 'magnitude';
    ui.builtinGrids.replaceChildren(...f.kernels.map((k, i) => kernelGrid(k, f.kernels.length === 2 && magnitude ? (i ? 'gy' : 'gx') : 'Kernel')));
    if (magnitude) ui.builtinGrids.append(el('p', 'hint', 'Combined per channel as √(gx² + gy²); the divisor does not apply.'));
  }

  function renderKernelEditors(s, ds) {
    const count = s.perChannel ? 3 : 1;
    const editors = ui.kernelEditors.children;
    while (editors.length > count) editors[editors.length - 1].remove();
    for (let i = 0; i < count; i++) {
      let wrap = editors[i];
      if (!wrap) {
        wrap = el('div', 'kernel-editor');
        const id = `${prefix}kernel-text-${i}`;
        const label = el('label');
        label.htmlFor = id;
        const ta = el('textarea', 'mono kernel-text');
        ta.id = id;
        ta.rows = 5;
        ta.spellcheck = false;
        ta.autocapitalize = 'off';
        const size = el('span', 'hint kernel-size');
        size.id = `${id}-size`;
        ta.setAttribute('aria-describedby', size.id);
        ta.addEventListener('input', () => dispatch((st) => actions.setKernelText(st, i, ta.value)));
        wrap.append(label, ta, size);
        ui.kernelEditors.append(wrap);
      }
      const [label, ta, size] = wrap.children;
      label.textContent = s.perChannel ? `${CHANNELS[i]} kernel` : 'Kernel';
      setValue(ta, s.kernels[i]);
      const err = ds.kernelErrors[i];
      if (err) {
        size.textContent = err;
        ta.setAttribute('aria-invalid', 'true');
      } else {
        const k = ds.kernels?.[i];
        size.textContent = k ? `${k.height}×${k.width}, sum ${formatDisplay(kernelSum(k))}` : '';
        ta.removeAttribute('aria-invalid');
      }
    }
  }

  function render(state, d) {
    renderStageList(state, d);
    const s = state.stages[state.selected];
    const ds = d.stages[state.selected];
    const i = state.selected;
    ui.legend.textContent = `Stage ${i + 1}${i > 0 ? ` (filters the result of stage ${i})` : ' (filters the original)'}`;
    setValue(ui.filterSelect, s.filter);
    const custom = s.filter === 'custom';
    ui.builtinKernel.hidden = custom;
    ui.customKernel.hidden = !custom;
    if (custom) {
      shownFilter = null;
      ui.filterDescription.textContent = 'Your own kernel, applied to R, G and B (or one per channel).';
      renderKernelEditors(s, ds);
    } else {
      renderBuiltin(s);
    }
    setValue(ui.perChannel, s.perChannel);
    if (!fieldErrors.has('divisor')) setValue(ui.divisor, s.divisor);
    const magnitude = !custom && ds.combine === 'magnitude';
    ui.divisor.disabled = magnitude;
    ui.normalise.disabled = magnitude;
    for (const f of FIELDS) if (!fieldErrors.has(f.name)) setValue(opt.get(f.name), s[f.name]);
    opt.get('constant').closest('.field').hidden = s.border !== 'constant';
    outputHelp.textContent = OUTPUT_HELP[s.output] ?? '';
    let text = [...fieldErrors.values()][0] ?? '';
    if (!text) {
      if (ds.error) text = ds.error;
      else if (session.results[i]?.error) text = session.results[i].error;
      else if (d.firstError >= 0 && d.firstError < i) text = `Stage ${d.firstError + 1} has an error, so this stage cannot run.`;
    }
    ui.stageError.textContent = text;
    ui.stageError.hidden = !text;
  }

  /** When a stage is selected or removed the field texts belong to another stage: drop their errors. */
  function stageSwitched() {
    fieldErrors.clear();
    for (const input of [...opt.values(), ui.divisor]) input.setAttribute('aria-invalid', 'false');
  }

  return { render, stageSwitched };
}
