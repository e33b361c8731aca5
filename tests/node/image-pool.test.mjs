// The worker pool's messages (web/js/image/pool.js), with its helper on a MessageChannel in
// this thread: a helper is sent its rows once per image and later jobs name them; a result
// may be assembled into a spare buffer; the bytes are always those of one call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { createConvolution } from '../../wasm/convolution.js';
import { StripePool, assemble, serveStripes, splitOf, stripeJobs } from '../../web/js/image/pool.js';
import { rng } from './oracle.mjs';

const engine = await createConvolution();

function randomImage(r, width, height) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let k = 0; k < data.length; k++) data[k] = k % 4 === 3 ? 255 : r.int(0, 255);
  return { width, height, data };
}

function sameBytes(got, want, label) {
  assert.equal(got.width, want.width, label);
  assert.equal(got.height, want.height, label);
  const i = got.data.findIndex((v, k) => v !== want.data[k]);
  assert.equal(i, -1, `${label}: byte ${i} differs`);
}

/** A pool of this thread and one helper; `sent` records what each job message carried. */
async function poolWithHelper() {
  const { port1, port2 } = new MessageChannel();
  serveStripes(port2, async () => engine);
  const sent = [];
  const post = port1.postMessage.bind(port1);
  port1.postMessage = (m, transfer) => {
    sent.push({ pixels: Boolean(m.image), keep: Boolean(m.keep), ref: Boolean(m.ref), moved: transfer?.length ?? 0 });
    post(m, transfer);
  };
  const pool = new StripePool();
  pool.attach([port1]);
  await pool.settled;
  return { pool, sent, close: () => { port1.close(); port2.close(); } };
}

test('a helper is sent its rows once per image: later jobs on that image name them, and the bytes stay those of one call', async () => {
  const r = rng(5);
  const image = randomImage(r, 37, 160);
  const other = randomImage(r, 37, 160);
  const { pool, sent, close } = await poolWithHelper();
  try {
    const jobs = [
      [image, { filter: 'gaussian-blur-3', border: 'replicate' }],
      [image, { filter: 'emboss', border: 'reflect101' }],
      [image, { kernel: { height: 9, width: 3, data: Array.from({ length: 27 }, (_, k) => (k % 5) / 7) }, border: 'reflect' }],
      [other, { filter: 'gaussian-blur-3', border: 'replicate' }],
      [other, { filter: 'box-blur-3', border: 'constant', constant: 9 }],
      [other, { filter: 'sharpen', border: 'wrap' }],
    ];
    for (const [input, options] of jobs) {
      const { result, workers } = await pool.filter(engine, input, options);
      assert.equal(workers, 2);
      sameBytes(result, engine.filterImage(input, options), JSON.stringify(options));
    }
    assert.deepEqual(sent.map((m) => (m.keep ? 'keep' : m.ref ? 'ref' : 'pixels')), ['keep', 'ref', 'ref', 'keep', 'ref', 'pixels'],
      'rows go once per image; wrap copies its border rows, so its stripe carries its own');
    assert.deepEqual(sent.map((m) => m.moved), [1, 0, 0, 1, 0, 1], 'a named block moves nothing');
  } finally {
    close();
  }
});

test('a helper that lost its rows fails the job, which then runs as one call, and is sent its rows again', async () => {
  const r = rng(6);
  const image = randomImage(r, 20, 90);
  const { pool, sent, close } = await poolWithHelper();
  try {
    const options = { filter: 'gaussian-blur-5' };
    await pool.filter(engine, image, options);
    // The record says the helper holds a block it was never sent.
    pool.kept.set(0, { ...pool.kept.get(0), key: 999 });
    const again = await pool.filter(engine, image, options);
    assert.equal(again.workers, 1, 'the job fell back to one call');
    sameBytes(again.result, engine.filterImage(image, options), 'fallback');
    const third = await pool.filter(engine, image, options);
    assert.equal(third.workers, 2);
    assert.deepEqual(sent.map((m) => (m.keep ? 'keep' : m.ref ? 'ref' : 'pixels')), ['keep', 'ref', 'keep']);
  } finally {
    close();
  }
});

test('assemble writes into a spare buffer of the right size (taking it out of the list) and ignores others', () => {
  const r = rng(7);
  const image = randomImage(r, 11, 30);
  const options = { filter: 'emboss' };
  const split = splitOf(engine, image, options, 3);
  const parts = stripeJobs(image, options, split).map((j) => engine.filterImage(j.image, j.options));
  const want = engine.filterImage(image, options);
  const garbage = new Uint8ClampedArray(want.data.length).fill(123);
  const wrong = new Uint8ClampedArray(want.data.length + 4);
  const spare = [wrong, garbage];
  const got = assemble(image, split, parts, spare);
  assert.equal(got.data, garbage, 'the spare of the right length is used');
  assert.deepEqual(spare, [wrong], 'and taken out of the list');
  sameBytes(got, want, 'assembled into a spare');
  const fresh = assemble(image, split, parts, spare);
  assert.notEqual(fresh.data, wrong);
  sameBytes(fresh, want, 'assembled into a new array');
});
