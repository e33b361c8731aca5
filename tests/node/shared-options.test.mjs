// Option validation and controls built from engine.options' documented shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { specsOf, narrow, defaultsOf, readOption, buildOptionControls } from '../../web/js/shared/options.js';
import { copyText } from '../../web/js/shared/clipboard.js';
import { OPTIONS_FIXTURE } from './fixtures/engine-options.mjs';

const specs = specsOf(OPTIONS_FIXTURE, 'convolve');

test('specs, defaults and narrowing come from the engine data', () => {
  assert.deepEqual(defaultsOf(specs), {
    strideY: 1, strideX: 1, dilationY: 1, dilationX: 1, padding: 'valid', border: 'constant', constant: 0, flip: false,
  });
  assert.deepEqual(narrow(specs.get('strideY'), { max: 8 }), { name: 'strideY', type: 'integer', default: 1, min: 1, max: 8 });
  assert.equal(narrow(specs.get('strideY'), { max: 1e9 }).max, 65536, 'a page never widens the engine range');
  assert.throws(() => specsOf(OPTIONS_FIXTURE, 'nothing'), /no entry for "nothing"/);
});

test('readOption: values accepted and errors with code, field and the allowed range', () => {
  assert.deepEqual(readOption(specs.get('strideY'), '3'), { value: 3 });
  const e = readOption(narrow(specs.get('strideY'), { max: 8 }), '9', 'Stride rows').error;
  assert.deepEqual([e.code, e.field], ['bad-option', 'strideY']);
  assert.match(e.message, /Stride rows must be a whole number from 1 to 8; "9" is not/);
  assert.ok(readOption(specs.get('strideY'), '1.5').error);
  assert.ok(readOption(specs.get('strideY'), '').error);
  assert.deepEqual(readOption(specs.get('constant'), '\u22121/3'), { value: -1 / 3 });
  assert.match(readOption(specs.get('constant'), '1e101', 'Constant').error.message, /from -1e\+100 to 1e\+100/);
  assert.deepEqual(readOption(specs.get('border'), 'wrap'), { value: 'wrap' });
  const b = readOption(specs.get('border'), 'mirror', 'Border').error;
  assert.equal(b.code, 'unknown-name');
  assert.match(b.message, /one of constant, replicate, reflect, reflect101, wrap/);
  assert.deepEqual(readOption(specs.get('padding'), 'same'), { value: 'same' });
  assert.deepEqual(readOption(specs.get('padding'), { top: '1', bottom: 2, left: '0', right: '3' }), { value: { top: 1, bottom: 2, left: 0, right: 3 } });
  assert.equal(readOption(specs.get('padding'), { top: '-1', bottom: 0, left: 0, right: 0 }).error.field, 'padding.top');
  assert.deepEqual(readOption(specs.get('flip'), '1'), { value: true });
  assert.ok(readOption(specs.get('flip'), 'maybe').error);
  assert.ok(readOption(specs.get('border'), 'x'.repeat(10_000)).error.message.length < 200, 'a huge name is quoted short');
});

// A minimal document for the control builder: elements with attributes, children and values.
function fakeDocument() {
  const make = (tag) => {
    const node = {
      tagName: tag.toUpperCase(), children: [], dataset: {}, classList: { add(c) { node.className += ` ${c}`; } },
      className: '', value: '', checked: false, textContent: '', ownerDocument: doc,
      append(...kids) { node.children.push(...kids); },
    };
    if (tag === 'select') {
      Object.defineProperty(node, 'value', {
        get() { return node._v ?? node.children[0]?.value; },
        set(v) { if (node.children.some((o) => o.value === v)) node._v = v; },
      });
    }
    return node;
  };
  const doc = { createElement: make };
  return doc;
}

test('buildOptionControls: one labelled control per option, engine defaults, read() validates', () => {
  const doc = fakeDocument();
  const container = doc.createElement('div');
  const { controls, read } = buildOptionControls(container, specs, [
    { name: 'strideY', label: 'Stride rows', limit: { max: 8 } },
    { name: 'border', label: 'Border', describe: (v) => `${v}!` },
    { name: 'constant', label: 'Constant' },
    { name: 'flip', label: 'Flip kernel' },
  ], { idPrefix: 't-' });
  assert.equal(container.children.length, 4);
  const stride = controls.get('strideY');
  assert.deepEqual([stride.type, stride.min, stride.max, stride.value, stride.id], ['number', '1', '8', '1', 't-strideY']);
  const border = controls.get('border');
  assert.deepEqual(border.children.map((o) => o.textContent), ['constant!', 'replicate!', 'reflect!', 'reflect101!', 'wrap!']);
  assert.equal(border.value, 'constant');
  assert.equal(controls.get('flip').type, 'checkbox');
  assert.deepEqual(read(), { values: { strideY: 1, border: 'constant', constant: 0, flip: false }, errors: [] });
  stride.value = '12';
  controls.get('constant').value = 'abc';
  const r = read();
  assert.deepEqual(r.errors.map((e) => e.field), ['strideY', 'constant']);
  assert.throws(() => buildOptionControls(container, specs, [{ name: 'speed', label: 'x' }]), /no option "speed"/);
});

test('copyText: clipboard first, then the shown box when nothing can copy', async () => {
  const written = [];
  assert.equal(await copyText('a', { clipboard: { writeText: async (t) => written.push(t) } }), 'clipboard');
  assert.deepEqual(written, ['a']);
  const box = { hidden: true, value: '', focused: false, selected: false, focus() { this.focused = true; }, select() { this.selected = true; } };
  const refused = { writeText: async () => { throw new Error('NotAllowedError'); } };
  assert.equal(await copyText('link', { clipboard: refused, box }), 'manual');
  assert.deepEqual([box.hidden, box.value, box.focused, box.selected], [false, 'link', true, true]);
});
