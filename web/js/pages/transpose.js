// The transposed page: the transposed mode in the page's container, the hash as its share link.
import { startModePage } from './mode-host.js';

const doc = globalThis.document;
startModePage({
  load: () => import('../modes/transpose.js'),
  container: doc.getElementById('mode-root'),
  status: doc.getElementById('engine-status'),
  measure: doc.querySelector('main'),
});
