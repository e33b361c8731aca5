// The full matrix page (web/index.html): the matrix mode with the page's hash and iframe
// protocol (host.js), and the player's keys while nothing on the page has focus.
import * as matrix from '../modes/matrix.js';
import { startModePage } from './host.js';

startModePage(matrix, { hashOnShare: true }).then((controller) => {
  if (!controller) return;
  // The mode listens on its own root only; with nothing focused the page's keys are the player's.
  document.addEventListener('keydown', (ev) => {
    if (ev.target !== document.body || ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (controller.key(ev.key)) ev.preventDefault();
  });
});
