// The image page: loads the engine, mounts the image mode into #app and owns
// what belongs to the page, not to the mode: the URL hash (the share link),
// "Copy link", embed=1, and files pasted or dropped anywhere on the page.
import { createConvolution } from '../../../wasm/convolution.js';
import { mount, encodeState } from '../modes/image.js';
import { isLinkHash } from './link.js';
import { copyText } from '../shared/clipboard.js';

const $ = (id) => document.getElementById(id);
const embed = /(^|[#&])embed=1(&|$)/.test(location.hash);
document.documentElement.classList.toggle('embed', embed);

let written = '';
function writeHash(state) {
  written = `#${encodeState(state)}${embed ? '&embed=1' : ''}`;
  if (location.hash !== written) history.replaceState(null, '', written);
}

/** The link to open this exact view in a tab of its own (without embed=1). */
function shareLink(state) {
  const url = new URL(location.href);
  url.search = '';
  url.hash = encodeState(state);
  return url.href;
}

async function start() {
  let engine;
  try {
    engine = await createConvolution();
  } catch (err) {
    $('engine-status').textContent = `The convolution engine could not be loaded (${err.message}). Serve the folder over http (npm run serve), or build it first with npm run build.`;
    $('engine-status').hidden = false;
    return;
  }
  const params = new URLSearchParams(location.search);
  // The hash is the share link; ?sample= (tests, old bookmarks) only chooses a sample.
  const state = isLinkHash(location.hash) ? location.hash : params.has('sample') ? `sample=${encodeURIComponent(params.get('sample'))}` : undefined;
  const controller = await mount($('app'), { engine, state, onStateChange: (s) => writeHash(s) });
  window.addEventListener('hashchange', () => {
    if (location.hash === written || !isLinkHash(location.hash)) return;
    controller.setState(location.hash);
  });
  document.addEventListener('paste', (e) => {
    const item = [...(e.clipboardData?.items ?? [])].find((i) => i.kind === 'file');
    if (!item || e.defaultPrevented) return;
    e.preventDefault();
    controller.openFile(item.getAsFile());
  });
  // Drops outside the mode's own area still open the file instead of navigating away.
  document.addEventListener('dragover', (e) => { if ([...(e.dataTransfer?.types ?? [])].includes('Files')) e.preventDefault(); });
  document.addEventListener('drop', (e) => {
    if (e.defaultPrevented || !e.dataTransfer?.files?.length) return;
    e.preventDefault();
    controller.openFile(e.dataTransfer.files[0]);
  });
  $('copy-link').addEventListener('click', async () => {
    const how = await copyText(shareLink(controller.getState()), { root: document.body, box: $('copy-link-box') });
    $('copy-link-status').textContent = how === 'manual' ? 'Copying was blocked: the link is selected in the box; copy it with Ctrl+C.' : 'Link copied.';
  });

  document.documentElement.dataset.ready = 'true';
}

start();
