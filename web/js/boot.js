// The one classic script of every page. It runs before the page's module and also
// where modules cannot run at all (a page opened from disk), so it is what says
// why the engine will not load when the module never gets the chance to.
(function () {
  'use strict';
  var root = document.documentElement;
  // embed=1 (see js/playground/link.js) must hide the header before the first
  // paint, which can come before the deferred module runs.
  if (/^#(.*&)?embed=1(&|$)/.test(location.hash)) root.classList.add('embed');

  var shown = false;

  function offlineLink() {
    var meta = document.querySelector('meta[name="convolution-offline"]');
    return meta && meta.getAttribute('content');
  }

  // A box of its own next to the page's status line (or atop <main>), so that the
  // page's later messages cannot overwrite it. pageWillNotRun: the module cannot
  // start, so the status line's "Loading…" is hidden rather than left to hang.
  function show(parts, pageWillNotRun) {
    if (shown) return;
    shown = true;
    var put = function () {
      var status = document.querySelector('[data-engine-status]');
      var box = document.createElement('div');
      box.className = 'error load-problem';
      box.setAttribute('role', 'alert');
      parts.forEach(function (p) {
        if (typeof p === 'string') {
          box.appendChild(document.createTextNode(p));
          return;
        }
        var a = document.createElement('a');
        a.href = p.href;
        a.textContent = p.text;
        box.appendChild(a);
      });
      if (status) {
        status.parentNode.insertBefore(box, status);
        if (pageWillNotRun) status.hidden = true;
      } else {
        var main = document.querySelector('main') || document.body;
        main.insertBefore(box, main.firstChild);
      }
      root.dataset.engine = 'unavailable';
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', put);
    else put();
  }

  function fromDisk() {
    var link = offlineLink();
    show([
      'This page was opened from disk (file://), where browsers do not run its scripts, so the convolution engine cannot load. ',
      link ? { href: link, text: 'Open the single-file version' } : 'Open the single-file version (offline/convolution-playground.html in the built site)',
      ', which works from disk, or open this folder through a web server.',
    ], true);
  }

  if (location.protocol === 'file:' && document.querySelector('script[type="module"]')) {
    fromDisk();
    return;
  }

  // A module script that fails to load fires 'error' on its element, which does not bubble.
  document.addEventListener('error', function (e) {
    var el = e.target;
    if (!el || el.tagName !== 'SCRIPT') return;
    show(['The page\'s script ' + el.getAttribute('src') + ' could not be loaded (missing on the server, or blocked). Reload the page; if it persists, tell whoever runs the site.'], true);
  }, true);

  // A policy that blocks our scripts or workers: name the directive. WebAssembly
  // itself ('wasm-eval') is explained by the engine's loader, which sees the failure.
  document.addEventListener('securitypolicyviolation', function (e) {
    var directive = e.effectiveDirective || e.violatedDirective || '';
    if (e.blockedURI === 'wasm-eval' || !/^(script-src|worker-src)/.test(directive)) return;
    show(['This site\'s Content-Security-Policy (' + directive + ') blocked ' + (e.blockedURI || 'a script') +
      ', which the playground needs. It must allow script-src \'self\' \'wasm-unsafe-eval\' and worker-src \'self\' blob: (the site\'s administrator can set this).']);
  });
}());
