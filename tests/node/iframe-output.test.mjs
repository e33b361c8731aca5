// getOutput over postMessage: the data crosses as a typed array (structured clone),
// never as a JSON object with one key per value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answer, outputMessage } from '../../web/js/embed/iframe.js';

test('image results stay Uint8ClampedArray, number lists become Float64Array, other fields plain', () => {
  const rgba = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255]);
  const image = outputMessage({ height: 1, width: 2, data: rgba });
  assert.ok(image.data instanceof Uint8ClampedArray);
  assert.deepEqual([...image.data], [...rgba]);
  assert.deepEqual({ ...image, data: null }, { height: 1, width: 2, data: null });
  const layer = outputMessage({ channels: 2, height: 1, width: 1, data: [0.5, -3] });
  assert.ok(layer.data instanceof Float64Array);
  assert.deepEqual([...layer.data], [0.5, -3]);
  assert.equal(layer.channels, 2);
  assert.equal(outputMessage(null), null);
  assert.equal(outputMessage(undefined), null);
});

test('a view into a larger buffer is cut to its own bytes, so the clone is no larger than the result', () => {
  const big = new Uint8ClampedArray(1 << 20);
  big.set([9, 8, 7, 6], 100);
  const out = outputMessage({ height: 1, width: 1, data: big.subarray(100, 104) });
  assert.equal(out.data.buffer.byteLength, 4);
  assert.deepEqual([...out.data], [9, 8, 7, 6]);
  const whole = new Float64Array(4);
  assert.equal(outputMessage({ height: 2, width: 2, data: whole }).data, whole, 'a whole buffer is not copied twice');
});

test('answer(getOutput) replies with the typed data, and a structured clone of the reply keeps it', async () => {
  const controller = { get output() { return { height: 2, width: 2, data: [-4, -4, -4, -4] }; } };
  const reply = await answer(controller, { type: 'convolution-playground', id: 7, action: 'getOutput' });
  assert.equal(reply.ok, true);
  const copy = structuredClone(reply);
  assert.ok(copy.result.data instanceof Float64Array);
  assert.deepEqual({ ...copy.result, data: [...copy.result.data] }, { height: 2, width: 2, data: [-4, -4, -4, -4] });
  const none = await answer({ output: null }, { type: 'convolution-playground', id: 8, action: 'getOutput' });
  assert.equal(none.result, null);
});
