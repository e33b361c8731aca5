// The layer mode's fixed markup, built with the root's document (no HTML strings):
// toolbar (presets, settings, share), the stages, the player and arithmetic, the counts.
import { buildOptionControls } from '../shared/options.js';
import { SPEEDS } from './state.js';
import { PRESETS } from './presets.js';

export const PANELS = ['presets', 'settings', 'share', 'stages', 'stepper', 'arithmetic', 'counts'];

export function buildTemplate(host, h, specs, prefix) {
  const el = {};
  el.status = h('div', { class: 'status', role: 'status' });
  el.linkMessage = h('div', { class: 'error link-message', role: 'alert', hidden: true });
  el.presetButtons = PRESETS.map((p) => h('button', { type: 'button', dataset: { preset: p.id }, 'aria-pressed': 'false', text: p.name }));
  el.presetNote = h('p', { class: 'note preset-note', 'aria-live': 'polite' });
  const shape = (dim, label, min, max) => {
    const input = h('input', { type: 'number', inputmode: 'numeric', min: String(min), max: String(max), id: `${prefix}shape-${dim}`, dataset: { shape: dim } });
    return [h('label', { for: `${prefix}shape-${dim}`, text: label }), input];
  };
  el.shapeFields = h('div', { class: 'sizes' },
    h('span', { class: 'field' }, ...shape('channels', 'Channels', 1, 3)),
    h('span', { class: 'field' }, ...shape('height', 'Rows', 1, 12)),
    h('span', { class: 'field' }, ...shape('width', 'Columns', 1, 12)),
    h('span', { class: 'field' }, ...shape('kernels', 'Kernels', 1, 4)),
    h('span', { class: 'field' }, ...shape('kernelHeight', 'Kernel rows', 1, 5)),
    h('span', { class: 'field' }, ...shape('kernelWidth', 'Kernel columns', 1, 5)));
  el.convFields = h('div', { class: 'option-fields' });
  el.poolFields = h('div', { class: 'option-fields' });
  el.relu = h('input', { type: 'checkbox', id: `${prefix}relu` });
  el.settingErrors = h('div', { class: 'error', role: 'alert', hidden: true });
  el.settings = h('details', { class: 'drawer', dataset: { panel: 'settings' } },
    h('summary', {}, 'Shapes and settings'),
    h('div', { class: 'drawer-body settings-body' },
      h('fieldset', {}, h('legend', { text: 'Shapes' }), el.shapeFields),
      h('fieldset', {}, h('legend', { text: 'A picture as the input' }),
        h('div', { class: 'field' }, el.picture = h('input', { type: 'file', accept: 'image/*', id: `${prefix}picture` }),
          h('label', { for: `${prefix}picture`, text: 'Choose a picture: it is shrunk to at most 12×12 pixels and split into R, G and B' }))),
      h('fieldset', {}, h('legend', { text: 'Convolution' }), el.convFields),
      h('fieldset', {}, h('legend', { text: 'Activation' }), h('div', { class: 'field check' }, el.relu, h('label', { for: `${prefix}relu`, text: 'ReLU: max(0, v)' }))),
      h('fieldset', {}, h('legend', { text: 'Pooling' }), el.poolFields),
      el.settingErrors));
  const conv = buildOptionControls(el.convFields, specs.conv, [
    { name: 'strideY', label: 'Stride rows' }, { name: 'strideX', label: 'Stride columns' },
    { name: 'dilationY', label: 'Dilation rows' }, { name: 'dilationX', label: 'Dilation columns' },
    { name: 'padding', label: 'Padding' }, { name: 'border', label: 'Border' },
  ], { idPrefix: `${prefix}conv-` });
  const pool = buildOptionControls(el.poolFields, specs.pool, [
    { name: 'mode', label: 'Pooling' }, { name: 'height', label: 'Window rows' }, { name: 'width', label: 'Window columns' },
    { name: 'strideY', label: 'Stride rows' }, { name: 'strideX', label: 'Stride columns' },
  ], { idPrefix: `${prefix}pool-` });
  // "none" is this view's own choice (skip the stage), not an engine mode.
  pool.controls.get('mode').append(h('option', { value: 'none', text: 'none (no pooling)' }));
  el.conv = conv.controls;
  el.pool = pool.controls;

  el.copyLink = h('button', { type: 'button', text: 'Copy link' });
  el.copyEmbed = h('button', { type: 'button', text: 'Copy embed code' });
  el.shareStatus = h('span', { class: 'share-status', role: 'status', 'aria-live': 'polite' });
  el.shareBox = h('textarea', { readonly: true, rows: 3, 'aria-label': 'Text to copy', hidden: true });
  const toolbar = h('div', { class: 'toolbar' },
    h('div', { class: 'presets', role: 'group', 'aria-label': 'Presets', dataset: { panel: 'presets' } }, h('div', { class: 'button-row' }, el.presetButtons)),
    el.settings,
    h('div', { class: 'share', dataset: { panel: 'share' } }, el.copyLink, el.copyEmbed, el.shareStatus, el.shareBox));

  el.stages = h('div', { class: 'stages', dataset: { panel: 'stages' } });
  el.first = h('button', { type: 'button', 'aria-label': 'First step', text: '◀◀' });
  el.prev = h('button', { type: 'button', 'aria-label': 'Previous step', text: '◀' });
  el.play = h('button', { type: 'button', class: 'primary', text: 'Play' });
  el.next = h('button', { type: 'button', 'aria-label': 'Next step', text: '▶' });
  el.last = h('button', { type: 'button', 'aria-label': 'Last step', text: '▶▶' });
  el.stepRange = h('input', { type: 'range', min: '0', max: '0', value: '0', 'aria-label': 'Step' });
  el.stepText = h('span', { class: 'step-text', 'aria-hidden': 'true' });
  el.speed = h('select', { 'aria-label': 'Steps per second' }, SPEEDS.map((s, i) => h('option', { value: String(i), text: `${s}/s` })));
  el.arithTitle = h('h2', { text: 'Arithmetic' });
  el.arith = h('div', { class: 'arith' });
  el.announce = h('p', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
  el.player = h('div', { class: 'player', role: 'group', 'aria-label': 'Steps of the inspected cell', dataset: { panel: 'stepper' } },
    el.first, el.prev, el.play, el.next, el.last, el.stepRange, el.stepText, el.speed);
  const inspect = h('section', { class: 'panel inspect', 'aria-label': 'The inspected cell' }, el.player,
    h('div', { dataset: { panel: 'arithmetic' }, tabindex: '0', class: 'arith-box', 'aria-label': 'Arithmetic of the inspected cell: Space plays, arrow keys step' }, el.arithTitle, el.arith), el.announce);
  el.counts = h('section', { class: 'panel counts', dataset: { panel: 'counts' }, 'aria-label': 'Parameters and multiply-adds' });
  el.inspect = inspect;
  el.main = h('div', { class: 'layer-mode', dataset: { ready: 'false' } }, el.status, el.linkMessage, toolbar, el.presetNote,
    h('div', { class: 'layer-body' }, h('div', { class: 'layer-work' }, el.stages, el.counts), inspect));
  host.append(el.main);
  return el;
}

/** The counts panel: this layer beside a fully connected layer with the same input and output sizes. */
export function renderCounts(container, h, counts) {
  if (!counts) {
    container.replaceChildren(h('p', { class: 'note', text: 'The counts appear when the layer computes.' }));
    return;
  }
  const { conv, fc } = counts;
  const n = (v) => v.toLocaleString('en');
  const times = fc.params / conv.params;
  container.replaceChildren(
    h('h2', { text: 'Weight sharing, in numbers' }),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Count' }), h('th', { scope: 'col', text: 'This convolution' }), h('th', { scope: 'col', text: 'Fully connected, same input and output sizes' }))),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row', text: 'Parameters' }), h('td', {}, h('b', { text: n(conv.params) }), h('br'), h('span', { class: 'mono', text: conv.paramsFormula })), h('td', {}, h('b', { text: n(fc.params) }), h('br'), h('span', { class: 'mono', text: fc.paramsFormula }))),
        h('tr', {}, h('th', { scope: 'row', text: 'Multiply-adds' }), h('td', {}, h('b', { text: n(conv.macs) }), h('br'), h('span', { class: 'mono', text: conv.macsFormula })), h('td', {}, h('b', { text: n(fc.macs) }), h('br'), h('span', { class: 'mono', text: fc.macsFormula }))))),
    h('p', { class: 'note', text: `The fully connected layer needs ${times >= 10 ? Math.round(times).toLocaleString('en') : times.toFixed(1)}× as many parameters: it has a weight for every pair of its ${n(counts.inputs)} inputs and ${n(counts.outputs)} outputs, while the convolution uses the same ${n(conv.weights)} kernel weights at every position. The multiply-adds grow as O(H·W·K²·C) for the convolution.` }));
}
