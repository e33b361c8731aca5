// The 1-D page: the 1-D mode in the page's container, the hash as its share link.
import { startModePage } from './mode-host.js';

const doc = globalThis.document;
startModePage({
  load: () => import('../modes/1d.js'),
  container: doc.getElementById('mode-root'),
  status: doc.getElementById('engine-status'),
  measure: doc.querySelector('main'),
});
