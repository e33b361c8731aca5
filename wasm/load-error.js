// Why the engine could not start, in words a visitor can act on. The loader
// (convolution.js) gathers the facts (the page's protocol, the HTTP status, the
// error's type, a Content-Security-Policy violation, whether compiling WebAssembly
// is refused at all) and this turns them into an Error with `code:
// 'engine-unavailable'` and a `reason` a page may route on.

export const ENGINE_UNAVAILABLE = 'engine-unavailable';

const OFFLINE = 'the single-file version (offline/convolution-playground.html in the built site), which works from disk';

/**
 * facts: { error, url, protocol, status, hasWebAssembly, compileRefused, violation }
 * where violation is { directive, blocked } of a securitypolicyviolation event seen
 * while loading, or null. Returns { reason, message }.
 */
export function explainLoadFailure(facts) {
  const { error, url, protocol, status, hasWebAssembly, compileRefused, violation } = facts;
  const file = url ? String(url) : 'the engine file';
  if (!hasWebAssembly) {
    return {
      reason: 'no-webassembly',
      message: 'This browser does not run WebAssembly (it may be turned off by a setting, a policy or a "lockdown" mode). The playground needs it: use a current Chrome, Edge, Firefox or Safari with WebAssembly allowed.',
    };
  }
  if (compileRefused || (violation && violation.blocked === 'wasm-eval')) {
    return {
      reason: 'csp-wasm',
      message: "This site's Content-Security-Policy blocks WebAssembly: its script-src must allow 'wasm-unsafe-eval' (the site's administrator can add it). Until then, use " + OFFLINE + '.',
    };
  }
  if (violation) {
    return {
      reason: 'csp-fetch',
      message: `This site's Content-Security-Policy (${violation.directive}) blocks downloading ${file}: it must allow this site's own files ('self'), as the site's administrator can set.`,
    };
  }
  if (protocol === 'file:') {
    return {
      reason: 'file',
      message: `This page was opened from disk (file://), where the browser does not let it read ${file}. Open ${OFFLINE}, or open this folder through a web server.`,
    };
  }
  if (status === 404) {
    return {
      reason: 'not-found',
      message: `The engine file ${file} is missing on this server (HTTP 404): the site was copied without it. Whoever runs the site should upload the whole built folder.`,
    };
  }
  if (status) {
    return {
      reason: 'http',
      message: `The server answered HTTP ${status} for the engine file ${file}. Reload in a moment; if it persists, tell whoever runs the site.`,
    };
  }
  if (error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError) {
    return {
      reason: 'corrupt',
      message: `The engine file ${file} is not a working WebAssembly module (the server may have sent another file or an old version). Reload without the cache; if it persists, tell whoever runs the site.`,
    };
  }
  if (error instanceof TypeError) {
    return {
      reason: 'network',
      message: `The engine file ${file} could not be downloaded (the connection dropped, or an extension or firewall blocked it). Check the connection and reload.`,
    };
  }
  return {
    reason: 'failed',
    message: `The engine could not start: ${error && error.message ? error.message : String(error)}. Reload the page; if it persists, try another browser.`,
  };
}

/** The Error the loader throws: the explanation, with code, reason and the original error as cause. */
export function loadError(facts) {
  const { reason, message } = explainLoadFailure(facts);
  const err = new Error(message, { cause: facts.error });
  err.code = ENGINE_UNAVAILABLE;
  err.reason = reason;
  return err;
}

// The smallest valid module (magic and version): refusing even this means a
// policy forbids compiling WebAssembly, not that the engine file is damaged.
const EMPTY_MODULE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

/** True when this realm refuses to compile any WebAssembly (a CSP without 'wasm-unsafe-eval'). */
export function compileRefused() {
  try {
    new WebAssembly.Module(EMPTY_MODULE);
    return false;
  } catch {
    return true;
  }
}
