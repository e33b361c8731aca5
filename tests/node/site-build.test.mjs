// The site build (scripts/build-site.mjs): entry points found from the pages, the
// module workers their code creates and web/js/element.js; URLs rewritten for
// where each bundle lands; relative URLs only; the offline file self-contained.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite, OFFLINE_FILE } from '../../scripts/build-site.mjs';
import { readPage, offlineLinks } from '../../scripts/site/pages.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const temp = await mkdtemp(join(tmpdir(), 'site-build-'));
after(() => rm(temp, { recursive: true, force: true }));

async function write(path, text) {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
}

test('the real pages: every page of web/ and its scripts are built, every linked file exists, and no URL is root-relative', async () => {
  const { out, files } = await buildSite({ out: join(temp, 'real') });
  const names = files.map((f) => relative(out, f).split('\\').join('/'));
  const pages = (await readdir(join(ROOT, 'web'))).filter((f) => f.endsWith('.html')).sort();
  for (const must of ['index.html', 'image.html', 'signal.html', 'transpose.html', 'layer.html', 'quiz.html']) {
    assert.ok(pages.includes(must), `web/${must} exists`);
  }
  for (const must of ['js/element.js', 'js/image/worker.js', 'wasm/dist/convolution_core.wasm', 'css/common.css', OFFLINE_FILE]) {
    assert.ok(names.includes(must), `${must} is built`);
  }
  for (const page of pages) {
    assert.ok(names.includes(page), `${page} is built`);
    const source = readPage(await readFile(join(ROOT, 'web', page), 'utf8'), page);
    assert.ok(source.scripts.some((s) => s.module), `${page} has a module script`);
    for (const s of [...source.scripts.map((x) => x.src), ...source.styles]) {
      assert.ok(names.includes(s.replace(/^\.\//, '')), `${page}: ${s} is built`);
    }
    const html = await readFile(join(out, page), 'utf8');
    for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const url = m[1];
      assert.doesNotMatch(url, /^\/|^https?:/, `${page}: ${url} must be relative`);
      if (/^(data:|#|\?)/.test(url)) continue;
      assert.ok(names.includes(url.replace(/^\.\//, '').replace(/[?#].*$/, '')), `${page} links ${url}, which is built`);
    }
    assert.doesNotMatch(html, /<script>/, `${page}: no inline script`);
  }
  for (const file of files.filter((f) => /\.(css|js)$/.test(f))) {
    assert.doesNotMatch(await readFile(file, 'utf8'), /url\(\s*["']?\//, `${relative(out, file)}: no root-relative url()`);
  }
  const worker = await readFile(join(out, 'js/image/worker.js'), 'utf8');
  assert.ok(worker.includes('new URL("../../wasm/dist/convolution_core.wasm",import.meta.url)'), 'the worker finds the wasm');
  const imagePage = await readFile(join(out, 'js/pages/image.js'), 'utf8');
  assert.ok(imagePage.includes('new Worker(new URL("../image/worker.js",import.meta.url)'), 'the image page finds its worker');
  const element = await readFile(join(out, 'js/element.js'), 'utf8');
  assert.ok(element.includes('new Worker(new URL("./image/worker.js",import.meta.url)'), 'the element finds the image worker');
  const offline = await readFile(join(out, OFFLINE_FILE), 'utf8');
  // (assert.ok rather than doesNotMatch: a failure must not print half a megabyte)
  assert.ok(!/import\.meta|<script[^>]*\stype="module"|<script[^>]*\ssrc=/.test(offline), 'the offline file loads nothing from disk');
  assert.ok(offline.includes(Buffer.from(await readFile(join(ROOT, 'wasm/dist/convolution_core.wasm'))).toString('base64')), 'the wasm is inlined');
  for (const page of pages) {
    const name = page.replace(/\.html$/, '');
    assert.ok(offline.includes(`<template id="cp-page-${name}">`), `the offline file holds ${page}`);
    assert.ok(offline.includes(`${JSON.stringify(name)}: { title:`), `the offline file can run ${page}`);
  }
  assert.ok(!/href="(?:index|image|signal|transpose|layer|quiz)\.html/.test(offline), 'links between pages are ?page= links in the offline file');
});

test('element.js, and a worker created by a module in another folder, are found and linked from where each bundle lands', async () => {
  const root = join(temp, 'fixture');
  await cp(join(ROOT, 'wasm'), join(root, 'wasm'), { recursive: true });
  const web = join(root, 'web');
  await write(join(web, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title>'
    + '<link rel="stylesheet" href="css/a.css"><script type="module" src="js/pages/main.js"></script></head>'
    + '<body><a href="index.html#x">home</a><main id="m"></main></body></html>');
  await write(join(web, 'css/a.css'), 'main { color: red }');
  await write(join(web, 'js/pages/main.js'), "import { start } from '../modes/mode.js';\nstart();\n");
  await write(join(web, 'js/element.js'), "import { start } from './modes/mode.js';\nexport const el = start;\n");
  await write(join(web, 'js/modes/mode.js'), "export function start() {\n  return new Worker(new URL('../workers/w.js', import.meta.url), { type: 'module' });\n}\n");
  await write(join(web, 'js/workers/w.js'), "import { createConvolution } from '../../../wasm/convolution.js';\nself.onmessage = () => createConvolution();\n");
  const { out } = await buildSite({ root, web, out: join(root, 'site') });
  const element = await readFile(join(out, 'js/element.js'), 'utf8');
  assert.ok(element.includes('new URL("./workers/w.js",import.meta.url)'), 'element.js sits one folder above the mode module');
  const main = await readFile(join(out, 'js/pages/main.js'), 'utf8');
  assert.ok(main.includes('new URL("../workers/w.js",import.meta.url)'), 'the page one folder below finds it too');
  const worker = await readFile(join(out, 'js/workers/w.js'), 'utf8');
  assert.ok(worker.includes('new URL("../../wasm/dist/convolution_core.wasm",import.meta.url)'), 'the worker finds the wasm');
  const offline = await readFile(join(out, OFFLINE_FILE), 'utf8');
  assert.ok(offline.includes('__cpWorker("web/js/workers/w.js")'), 'the worker is made from its Blob');
  assert.ok(offline.includes('"web/js/workers/w.js": "var __cpWasm = new Promise'), 'the worker waits for the posted bytes');
  assert.ok(offline.includes('href="?page=index#x"'), 'links between pages stay in the file');
});

test('an inline script or style is refused with the reason', () => {
  assert.throws(() => readPage('<head><script>alert(1)</script></head>', 'a.html'), /a\.html: an inline <script> would be blocked by script-src 'self'/);
  assert.throws(() => readPage('<body><p style="color: red">x</p></body>', 'b.html'), /style="" attribute would be blocked/);
  assert.throws(() => readPage('<head><style>p{}</style></head>', 'c.html'), /<style> element would be blocked/);
  const page = readPage('<html lang="en"><head><title> T </title><script type="module" src="m.js"></script><script src="b.js"></script></head><body>x</body></html>', 'd.html');
  assert.deepEqual(page.scripts, [{ src: 'm.js', module: true }, { src: 'b.js', module: false }]);
  assert.equal(page.title, 'T');
  assert.equal(offlineLinks('<a href="image.html">i</a> <a href="other.html">o</a>', ['index', 'image']), '<a href="?page=image">i</a> <a href="other.html">o</a>');
});

test('a worker URL kept apart from new Worker() stops the build with how to write it', async () => {
  const root = join(temp, 'apart');
  await cp(join(ROOT, 'wasm'), join(root, 'wasm'), { recursive: true });
  const web = join(root, 'web');
  await write(join(web, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>T</title><script type="module" src="js/main.js"></script></head><body></body></html>');
  await write(join(web, 'js/main.js'), "const url = new URL('./w.js', import.meta.url);\nnew Worker(url, { type: 'module' });\n");
  await write(join(web, 'js/w.js'), 'self.onmessage = () => {};\n');
  await assert.rejects(buildSite({ root, web, out: join(root, 'site') }), /names a script outside new Worker\(…\); write new Worker\(new URL\('\.\/w\.js', import\.meta\.url\), \{ type: 'module' \}\) in one expression/);
});
