// Static file server for the playground. By default it serves the repository root so
// that the page in web/ can import the engine module from wasm/ with relative URLs.
// With --site it serves the built folder (build/site/) under a sub-path such as
// /course/week3/ with the strict Content-Security-Policy of SEMANTICS §9, as a
// locked-down course platform would.
import { createServer } from 'node:http';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const SITE_ROOT = join(ROOT, 'build', 'site');

/** The policy course sites may send (SEMANTICS §9); the built site must pass it with no violation. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + "img-src 'self' blob: data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/**
 * Starts the server; resolves to { server, url }. Port 0 picks a free port (tests).
 * base: the URL path the root is served under ('/course/week3/'); csp: a
 * Content-Security-Policy header value sent with every response, or null.
 */
export function startServer({ port = 8080, host = '127.0.0.1', root = ROOT, base = '/', csp = null, start = root === ROOT ? 'web/' : '' } = {}) {
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`base must start and end with "/", got "${base}"`);
  const security = csp ? { 'Content-Security-Policy': csp } : {};
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let path = decodeURIComponent(url.pathname);
      // Browsers ask for /favicon.ico whatever the page says; answer with the page's icon.
      if (path === '/favicon.ico') path = `${base}${start}favicon.svg`;
      if (path === '/' || path === '' || path === base.slice(0, -1)) {
        res.writeHead(302, { Location: `${base}${start}` });
        res.end();
        return;
      }
      if (!path.startsWith(base)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...security });
        res.end(`Not found: ${path} (this server serves ${base})`);
        return;
      }
      path = `/${path.slice(base.length)}`;
      const file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end('Forbidden');
        return;
      }
      let target = file;
      let info = await stat(target).catch(() => null);
      if (info && info.isDirectory()) {
        if (!path.endsWith('/')) {
          res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
          res.end();
          return;
        }
        target = join(target, 'index.html');
        info = await stat(target).catch(() => null);
      }
      if (!info || !info.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...security });
        res.end(`Not found: ${path}`);
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
        ...security,
      });
      createReadStream(target).pipe(res);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(err && err.message));
    }
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolveStart({ server, url: `http://localhost:${actual}${base}${start}` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number.parseInt(process.env.PORT ?? '8080', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be an integer from 0 to 65535, got "${process.env.PORT}"`);
    process.exit(2);
  }
  const site = process.argv.includes('--site');
  const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  const base = arg('--base') ?? (site ? '/course/week3/' : '/');
  const csp = process.argv.includes('--no-csp') ? null : (arg('--csp') ?? (site ? STRICT_CSP : null));
  if (site && !existsSync(join(SITE_ROOT, 'index.html'))) {
    console.error('build/site/ is missing: run "npm run build" first');
    process.exit(1);
  }
  const options = site ? { port, root: SITE_ROOT, base, csp } : { port, base, csp };
  const { url } = await startServer(options).catch((err) => {
    console.error(err.code === 'EADDRINUSE'
      ? `Port ${port} is in use; set another with PORT=8081 npm start`
      : `Could not start the server: ${err.message}`);
    process.exit(1);
  });
  console.log(`Convolution Playground: ${url}`);
  console.log(`Image mode:            ${url}image.html`);
  if (site) console.log(`Offline single file:   ${url}offline/convolution-playground.html`);
  if (csp) console.log(`Content-Security-Policy: ${csp}`);
  console.log('Press Ctrl+C to stop.');
  if (process.argv.includes('--open') && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  }
}
