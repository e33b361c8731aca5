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

  // Writes into the page's own status line when it marks one, else into a box of its own.
  function show(parts) {
    if (shown) return;
    shown = true;
    var put = function () {
      var targets = document.querySelectorAll('[data-engine-status]');
      var box;
      if (targets.length) {
        box = targets[0];
      } else {
        box = document.createElement('div');
        var main = document.querySelector('main') || document.body;
        main.insertBefore(box, main.firstChild);
      }
      box.replaceChildren.apply(box, parts.map(function (p) {
        if (typeof p === 'string') return document.createTextNode(p);
        var a = document.createElement('a');
        a.href = p.href;
        a.textContent = p.text;
        return a;
      }));
      box.classList.add('error', 'load-problem');
      box.setAttribute('role', 'alert');
      box.hidden = false;
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
    ]);
  }

  if (location.protocol === 'file:' && document.querySelector('script[type="module"]')) {
    fromDisk();
    return;
  }

  // A module script that fails to load fires 'error' on its element, which does not bubble.
  document.addEventListener('error', function (e) {
    var el = e.target;
    if (!el || el.tagName !== 'SCRIPT') return;
    show(['The page\'s script ' + el.getAttribute('src') + ' could not be loaded (missing on the server, or blocked). Reload the page; if it persists, tell whoever runs the site.']);
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
