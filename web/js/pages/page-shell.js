// What every full page around a mode does the same way (pages/matrix.js, host.js,
// mode-host.js): the status line, the page's own address, the hash that always holds
// the share link of what is shown, a hash the learner edits, and inside an iframe the
// postMessage protocol to the course page around it. Bound to the window it is given.
import { readViewParams, viewParamsText } from '../embed/params.js';
import { embedSnippets } from '../embed/snippets.js';
import { connectParent } from '../embed/iframe.js';

/** A hash that holds a link (key=value…); "#" or "#main" does not. */
export const isLinkHash = (hash) => String(hash ?? '').replace(/^#/, '').includes('=');

/** The page's status line: shows the text (hides itself when there is none). */
export function statusLine(status) {
  return (text, isError) => {
    status.textContent = text;
    status.hidden = !text;
    status.classList.toggle('error', Boolean(isError));
    status.setAttribute('role', isError ? 'alert' : 'status');
  };
}

/** The page's address without its hash. */
export function pageUrl(win) {
  const url = new URL(win.location.href);
  url.hash = '';
  return url.href.replace(/#$/, '');
}

/** The hash of a share link: the mode's state text, then the view parameters. */
export const linkHash = (stateText, view) => `#${[stateText, viewParamsText(view)].filter(Boolean).join('&')}`;

/** The engine (wasm/convolution.js); rejects with the loader's own reason and advice. */
export async function loadEngine() {
  const { createConvolution } = await import('../../../wasm/convolution.js');
  return createConvolution();
}

/**
 * What the mode's share buttons copy: the page's link (without embed=1: whoever opens
 * a copied link gets the whole page in a tab of their own) and the embed snippets.
 * view() is the page's current view; mode and title name the element's mode.
 */
export function shareOptions(win, { encodeState, view, mode, title }) {
  const here = () => pageUrl(win);
  return {
    shareUrl: (state) => `${here()}${linkHash(encodeState(state), { ...view(), embed: false })}`,
    embedSnippets: (state, v) => embedSnippets({
      pageUrl: here(), elementUrl: new URL('js/element.js', here()).href, hash: encodeState(state),
      mode, title, panels: v.panels, readonly: v.readonly,
    }).text,
  };
}

/**
 * Writes hashFor(state) into the address bar. replaceState, not pushState: editing or
 * playing must not fill the Back button's history; `schedule` is debounced, because Play
 * changes the step several times a second. `written` tells the page's own hashchange
 * from one the learner made.
 */
export function hashWriter(win, hashFor) {
  let timer = 0;
  let written = '';
  const write = (state) => {
    win.clearTimeout(timer);
    written = hashFor(state);
    if (win.location.hash === written) return;
    try {
      win.history.replaceState(win.history.state, '', written);
    } catch {
      // Some sandboxed iframes refuse history changes; Copy link still works there.
    }
  };
  const schedule = (state) => {
    win.clearTimeout(timer);
    timer = win.setTimeout(() => write(state), 300);
  };
  return { write, schedule, get written() { return written; } };
}

/** The embed look (no site header) goes with the view parameters of the hash. */
export const showEmbed = (win, view) => win.document.documentElement.classList.toggle('embed', view.embed);

/**
 * A link hash the page did not write (edited in the address bar, a link to this page)
 * is applied, its view parameters too; onView(view) keeps the page's copy of them.
 */
export function followHash(win, { panels, hashes, controller, onView }) {
  win.addEventListener('hashchange', (ev) => {
    // The event's own URL, not location.hash: a pending write may already have replaced it.
    const hash = new URL(ev.newURL).hash;
    if (hash === hashes.written || !isLinkHash(hash)) return;
    const view = readViewParams(hash, panels);
    onView(view);
    showEmbed(win, view);
    controller.setView({ panels: view.panels, readonly: view.readonly });
    controller.setHash(hash, view.problems);
  });
}

/** Inside a frame: the postMessage bridge to the page around it, ready sent; else null. */
export function frameBridge(win, controller, measure) {
  if (win.parent === win) return null;
  const bridge = connectParent(controller, { win, measure });
  bridge.ready();
  return bridge;
}
