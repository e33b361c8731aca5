// Writes the deployable site (SEMANTICS §9): build/site/ with the pages, bundled
// JS and CSS, the .wasm and icons, all linked by relative URLs so it works under any
// sub-path and the strict CSP; and build/site/offline/convolution-playground.html,
// every page in one file that works from file:// (classic script, wasm inlined,
// workers from Blobs). Entry points come from the pages' <script> tags, the module
// workers their code creates, and web/js/element.js when it exists.
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundle, bundleCss, relativeUrl, urlPlugin } from './site/bundle.mjs';
import { offlineLinks, readPage, withOfflineMeta } from './site/pages.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const OFFLINE_FILE = 'offline/convolution-playground.html';
const WASM_MESSAGE = 'convolution-playground:wasm';

async function exists(path) {
  return Boolean(await stat(path).catch(() => null));
}

async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await listFiles(path));
    else out.push(path);
  }
  return out;
}

async function writeOut(path, text) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Builds both outputs; returns { out, offline, files }. */
export async function buildSite({ root = ROOT, web = join(root, 'web'), out = join(root, 'build', 'site') } = {}) {
  const engine = join(root, 'wasm', 'convolution.js');
  if (!await exists(join(root, 'wasm', 'dist', 'convolution_core.wasm'))) {
    throw new Error('wasm/dist/convolution_core.wasm is missing: run "bash scripts/build.sh wasm" first');
  }
  await rm(out, { recursive: true, force: true });
  const outPathFor = (file) => join(out, relative(file.startsWith(web + sep) ? web : root, file));
  const keyFor = (file) => relative(root, file).split(sep).join('/');

  const pages = [];
  for (const name of (await readdir(web)).filter((f) => f.endsWith('.html')).sort()) {
    const html = await readFile(join(web, name), 'utf8');
    pages.push({ name: basename(name, '.html'), file: join(web, name), html, ...readPage(html, name) });
  }
  if (!pages.length) throw new Error(`no .html pages in ${web}`);
  const local = (page, src) => resolve(dirname(page.file), src);

  // ---- build/site/ -----------------------------------------------------------
  const found = { workers: new Set(), assets: new Set() };
  const built = new Set();
  const buildModule = async (entry) => {
    if (built.has(entry)) return;
    built.add(entry);
    const outFile = outPathFor(entry);
    const code = await bundle(entry, { format: 'esm', plugins: [urlPlugin({ mode: 'site', outFile, outPathFor, found })] });
    await writeOut(outFile, code);
  };
  const moduleEntries = new Set(pages.flatMap((p) => p.scripts.filter((s) => s.module).map((s) => local(p, s.src))));
  const element = join(web, 'js', 'element.js');
  if (await exists(element)) moduleEntries.add(element);
  for (const entry of moduleEntries) await buildModule(entry);
  // Workers can be found only by bundling what creates them, and may create more.
  for (let pending = [...found.workers]; pending.length; pending = [...found.workers].filter((w) => !built.has(w))) {
    for (const worker of pending) await buildModule(worker);
  }
  for (const asset of found.assets) {
    await mkdir(dirname(outPathFor(asset)), { recursive: true });
    await copyFile(asset, outPathFor(asset));
  }
  const classic = new Set(pages.flatMap((p) => p.scripts.filter((s) => !s.module).map((s) => local(p, s.src))));
  for (const file of classic) await writeOut(outPathFor(file), await bundle(file, { format: 'iife', plugins: [] }));
  const styles = new Set(pages.flatMap((p) => p.styles.filter((h) => !/^[a-z]+:/i.test(h)).map((h) => local(p, h))));
  for (const file of styles) await writeOut(outPathFor(file), await bundleCss(file));
  for (const page of pages) {
    await writeOut(outPathFor(page.file), withOfflineMeta(page.html, relativeUrl(dirname(page.file), join(web, OFFLINE_FILE))));
  }
  // Icons, images and anything else the pages link that is not code.
  for (const file of await listFiles(web)) {
    if (!['.html', '.js', '.mjs', '.css'].includes(extname(file))) {
      await mkdir(dirname(outPathFor(file)), { recursive: true });
      await copyFile(file, outPathFor(file));
    }
  }

  // ---- the offline single file ----------------------------------------------
  const offlineFound = { workers: new Set(), assets: new Set() };
  // Wherever the engine module is bundled, it takes its bytes from the single file.
  const onLoadExtra = (path) => (path === engine ? '\nsetWasmSource(__cpWasmSource());\n' : '');
  const offlinePlugins = () => [urlPlugin({ mode: 'offline', keyFor, found: offlineFound, onLoadExtra })];
  // Every sheet of web/css/ as text, once: the pages name theirs, and modes mounted into a
  // shadow root (the quiz's worked answer) take them from there too.
  const cssDir = join(web, 'css');
  const styleTexts = {};
  for (const file of (await readdir(cssDir)).filter((f) => f.endsWith('.css')).sort()) {
    styleTexts[file] = await bundleCss(join(cssDir, file));
  }
  const offlinePages = {};
  for (const page of pages) {
    const classicCode = [];
    for (const s of page.scripts.filter((x) => !x.module)) classicCode.push(await bundle(local(page, s.src), { format: 'iife', plugins: [] }));
    const moduleCode = [];
    for (const s of page.scripts.filter((x) => x.module)) moduleCode.push(await bundle(local(page, s.src), { format: 'iife', plugins: offlinePlugins() }));
    const sheets = page.styles.filter((h) => !/^[a-z]+:/i.test(h)).map((href) => {
      const file = local(page, href);
      if (dirname(file) !== cssDir || !(basename(file) in styleTexts)) {
        throw new Error(`${page.name}.html links ${href}; the offline file carries the sheets of web/css/ only`);
      }
      return basename(file);
    });
    offlinePages[page.name] = { title: page.title, sheets, code: [...classicCode, ...moduleCode] };
  }
  const workerSources = {};
  for (let pending = [...offlineFound.workers]; pending.length; pending = [...offlineFound.workers].filter((w) => !(keyFor(w) in workerSources))) {
    for (const worker of pending) {
      workerSources[keyFor(worker)] = workerPrelude() + await bundle(worker, { format: 'iife', plugins: offlinePlugins() });
    }
  }
  const wasm = await readFile(join(root, 'wasm', 'dist', 'convolution_core.wasm'));
  const offline = join(out, OFFLINE_FILE);
  await writeOut(offline, singleFile({ pages, offlinePages, workerSources, wasm, styleTexts }));

  return { out, offline, files: await listFiles(out) };
}

// Runs first in each offline worker: the page posts the wasm bytes as the first
// message, which the engine awaits and the worker's own handlers never see.
function workerPrelude() {
  return `var __cpWasm = new Promise(function (resolve) {
  self.addEventListener('message', function first(e) {
    if (!e.data || e.data.type !== ${JSON.stringify(WASM_MESSAGE)}) return;
    e.stopImmediatePropagation();
    self.removeEventListener('message', first);
    resolve(e.data.bytes);
  });
});
function __cpWasmSource() { return __cpWasm; }
function __cpWorker() { throw new Error('the offline file cannot start a worker from a worker'); }
`;
}

/** A JS string literal that is safe inside an HTML <script> element. */
function literal(text) {
  return JSON.stringify(text).replace(/<\//g, '<\\/').replace(/<!--/g, '<\\!--');
}

function singleFile({ pages, offlinePages, workerSources, wasm, styleTexts }) {
  const names = pages.map((p) => p.name);
  const first = names.includes('index') ? 'index' : names[0];
  const templates = pages.map((p) => `<template id="cp-page-${p.name}">${offlineLinks(p.body, names)}</template>`).join('\n');
  const pageTable = pages.map((p) => {
    const { title, sheets, code } = offlinePages[p.name];
    const runs = code.map((c) => `function () {\n${c}\n}`).join(',\n');
    return `${literal(p.name)}: { title: ${literal(title)}, sheets: ${JSON.stringify(sheets)}, run: [\n${runs}\n] }`;
  }).join(',\n');
  const workers = Object.entries(workerSources).map(([k, v]) => `${literal(k)}: ${literal(v)}`).join(',\n');
  const script = `(function () {
'use strict';
var WASM = ${literal(wasm.toString('base64'))};
var WORKERS = {
${workers}
};
// The stylesheets by name: each page's, and those of a mode mounted into a shadow root
// (web/js/shared/styles.js).
globalThis.__cpStyleTexts = Object.freeze({
${Object.entries(styleTexts).map(([k, v]) => `${literal(k)}: ${literal(v)}`).join(',\n')}
});
var PAGES = {
${pageTable}
};
var wasmBytes = null;
function __cpWasmSource() {
  if (!wasmBytes) {
    var text = atob(WASM);
    wasmBytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i += 1) wasmBytes[i] = text.charCodeAt(i);
  }
  return wasmBytes;
}
var workerUrls = {};
// Module workers cannot load from disk: a classic worker from a Blob of its bundle, sent the bytes first.
function __cpWorker(key) {
  workerUrls[key] = workerUrls[key] || URL.createObjectURL(new Blob([WORKERS[key]], { type: 'text/javascript' }));
  var worker = new Worker(workerUrls[key]);
  worker.postMessage({ type: ${literal(WASM_MESSAGE)}, bytes: __cpWasmSource() });
  return worker;
}
var name = new URLSearchParams(location.search).get('page');
var page = PAGES[name] || PAGES[${literal(first)}];
var template = document.getElementById('cp-page-' + (PAGES[name] ? name : ${literal(first)}));
document.getElementById('cp-offline-note').remove();
document.title = page.title;
var style = document.createElement('style');
style.textContent = page.sheets.map(function (name) { return globalThis.__cpStyleTexts[name]; }).join('');
document.head.appendChild(style);
document.body.insertBefore(template.content.cloneNode(true), document.body.firstChild);
Array.prototype.forEach.call(document.querySelectorAll('template[id^="cp-page-"]'), function (t) { t.remove(); });
page.run.forEach(function (run) { run(); });
}());`;
  return `<!doctype html>
<html${pages[0].htmlAttrs}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${pages.find((p) => p.name === first).title}</title>
<link rel="icon" href="data:,">
</head>
<body>
${templates}
<p id="cp-offline-note">The Convolution Playground needs JavaScript. If this text stays, its script was blocked: this single file is made to be opened from disk; a web server should serve the site's index.html instead, because a Content-Security-Policy forbids the script inlined here.</p>
<script>
${script}
</script>
</body>
</html>
`;
}

/** Sizes for the report: the folder, its gzipped code and the single file. */
export async function sizes(out, files) {
  let total = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = await readFile(file);
    total += bytes.length;
    if (['.html', '.js', '.css', '.wasm'].includes(extname(file)) && !file.endsWith(OFFLINE_FILE)) gzip += gzipSync(bytes, { level: 9 }).length;
  }
  const single = await readFile(join(out, OFFLINE_FILE));
  return { total, gzip, single: single.length, singleGzip: gzipSync(single, { level: 9 }).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { out, files } = await buildSite();
    const s = await sizes(out, files);
    const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
    console.log(`site: ${relative(process.cwd(), out)}/ (${files.length} files, ${kb(s.total)}; served code gzipped ${kb(s.gzip)})`);
    console.log(`offline single file: ${relative(process.cwd(), join(out, OFFLINE_FILE))} (${kb(s.single)}, gzipped ${kb(s.singleGzip)})`);
  } catch (err) {
    console.error(`site build failed: ${err.message}`);
    process.exit(1);
  }
}
