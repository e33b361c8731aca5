// esbuild pieces shared by the two outputs of the site build: the plugin that
// follows `new URL('…', import.meta.url)` (module workers and assets such as the
// .wasm) and one call that bundles an entry into a single file's text.
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, extname, relative, resolve, sep } from 'node:path';

// new URL('literal', import.meta.url), optionally as the first argument of new Worker(…, { … }).
const URL_PATTERN = /(new\s+Worker\(\s*)?new\s+URL\(\s*(['"`])([^'"`$]+)\2\s*,\s*import\.meta\.url\s*\)(\s*(?:,\s*\{[^{}]*\})?\s*\))?/g;

const MIME = {
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.json': 'application/json', '.js': 'text/javascript', '.wasm': 'application/wasm',
};

// The engine's scalar glue, imported by wasm/convolution.js for engines without wasm SIMD.
const SCALAR_GLUE = /[\\/]dist[\\/]convolution_core_scalar\.js$/;

export const TARGET = ['chrome100', 'firefox100', 'safari15.4', 'edge100'];

function toPosix(p) {
  return p.split(sep).join('/');
}

/** A URL path from directory `fromDir` to file `to`, always starting with ./ or ../. */
export function relativeUrl(fromDir, to) {
  const rel = toPosix(relative(fromDir, to));
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/**
 * The plugin. mode 'site': rewrites each URL for where the bundle `outFile` lands,
 * with `outPathFor(source)` giving every file's place in the site. mode 'offline':
 * a worker becomes `__cpWorker(key)` (the single file makes it from a Blob), the
 * .wasm a placeholder never fetched (the bytes come through setWasmSource), any
 * other asset a data: URL. Found workers and assets are added to `found`.
 */
export function urlPlugin({ mode, outFile, outPathFor, keyFor, found, onLoadExtra }) {
  return {
    name: 'import-meta-url',
    setup(build) {
      // The scalar engine's glue is imported only where wasm SIMD is missing: in the site it
      // stays a file of its own, fetched then; the offline file carries the SIMD build only
      // (its loader never asks for the scalar one), so there the import is left out.
      build.onResolve({ filter: SCALAR_GLUE }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const target = resolve(args.resolveDir, args.path);
        if (mode !== 'site') return { path: target, namespace: 'simd-only' };
        found.assets.add(target);
        return { path: relativeUrl(dirname(outFile), outPathFor(target)), external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'simd-only' }, () => ({
        contents: 'export default function () { throw new Error("this single file carries the SIMD build of the engine only"); }',
        loader: 'js',
      }));
      build.onLoad({ filter: /\.m?js$/ }, async (args) => {
        let text = await readFile(args.path, 'utf8');
        const replacements = [];
        for (const m of text.matchAll(URL_PATTERN)) {
          const [whole, workerHead, , literal, workerTail] = m;
          const target = resolve(dirname(args.path), literal);
          const isWorker = Boolean(workerHead && workerTail);
          if (!isWorker && /\.m?js$/.test(target)) {
            throw new Error(`${args.path}: new URL('${literal}', import.meta.url) names a script outside new Worker(…); `
              + `write new Worker(new URL('${literal}', import.meta.url), { type: 'module' }) in one expression so the build can bundle it`);
          }
          (isWorker ? found.workers : found.assets).add(target);
          let code;
          if (mode === 'site') {
            const url = JSON.stringify(relativeUrl(dirname(outFile), outPathFor(target)));
            code = isWorker
              ? `${workerHead}new URL(${url}, import.meta.url)${workerTail}`
              : `new URL(${url}, import.meta.url)`;
          } else if (isWorker) {
            code = `__cpWorker(${JSON.stringify(keyFor(target))})`;
          } else if (extname(target) === '.wasm') {
            code = `new URL(${JSON.stringify(`inlined:${keyFor(target)}`)})`;
          } else {
            const bytes = await readFile(target);
            const mime = MIME[extname(target)] ?? 'application/octet-stream';
            code = `new URL(${JSON.stringify(`data:${mime};base64,${bytes.toString('base64')}`)})`;
          }
          replacements.push([m.index, whole.length, code]);
        }
        for (const [at, length, code] of replacements.reverse()) {
          text = text.slice(0, at) + code + text.slice(at + length);
        }
        // The Emscripten glue notes its own URL, unused since the loader hands it the
        // compiled module; a classic script has none to give.
        if (mode === 'offline' && /[\\/]wasm[\\/]dist[\\/]/.test(args.path)) text = text.replace(/\bimport\.meta\.url\b/g, 'undefined');
        if (onLoadExtra) text += onLoadExtra(args.path) ?? '';
        return { contents: text, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Bundles one entry (a file path or { contents, resolveDir }) and returns its code. */
export async function bundle(entry, { format, plugins, minify = true }) {
  const input = typeof entry === 'string'
    ? { entryPoints: [entry] }
    : { stdin: { contents: entry.contents, resolveDir: entry.resolveDir, sourcefile: 'entry.js', loader: 'js' } };
  const result = await esbuild.build({
    ...input,
    bundle: true,
    write: false,
    format,
    minify,
    target: TARGET,
    platform: 'browser',
    // The loader reads the .wasm with node:fs only under Node; browsers never reach it.
    external: ['node:*'],
    legalComments: 'none',
    logLevel: 'silent',
    plugins,
  });
  for (const w of result.warnings) console.warn(`site build: ${w.text} (${w.location?.file ?? ''}:${w.location?.line ?? ''})`);
  return result.outputFiles[0].text;
}

/** Bundles and minifies a stylesheet (its @imports and url()s inlined). */
export async function bundleCss(file) {
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    write: false,
    minify: true,
    target: TARGET,
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.jpg': 'dataurl', '.woff2': 'dataurl' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
