// The worked answer of a quiz question, stepped in place: the right mode (matrix,
// transposed or layer) mounted readonly into its own shadow root inside the feedback,
// at the step of the asked cell, with its own Step and Play. At most one is mounted;
// the next question destroys it (its frames stop, its markup and listeners go).
import { mount as mountMatrix } from '../modes/matrix.js';
import { mount as mountTranspose } from '../modes/transpose.js';
import { mount as mountLayer } from '../modes/layer.js';
import { encodeState as matrixHash } from '../playground/link.js';
import { encodeState as transposeHash } from '../transpose/link.js';
import { encodeState as layerHash } from '../layer/link.js';

const MODES = [
  { key: 'matrix', mount: mountMatrix, hash: matrixHash, panels: ['stepper', 'input', 'kernel', 'output', 'arithmetic'], title: 'Step through it: the matrix stepper' },
  { key: 'transpose', mount: mountTranspose, hash: transposeHash, panels: ['stepper', 'scatter', 'arithmetic'], title: 'Step through it: the transposed stepper' },
  { key: 'layer', mount: mountLayer, hash: layerHash, panels: ['stages', 'stepper', 'arithmetic'], title: 'Step through it: the layer stepper' },
];

/** Which mode shows a solved question's worked answer, or null (a filter question has none). */
export function workedMode(s) {
  return MODES.find((m) => s?.[m.key]) ?? null;
}

/**
 * styleBase: the URL of web/css/, where the mounted mode links its sheets from (its
 * shadow root sees none of the page's); without one nothing is mounted and the
 * feedback keeps only its link.
 */
export function createWorked({ engine, styleBase, idPrefix }) {
  let current = null;
  let generation = 0;

  function clear() {
    generation++;
    current?.controller?.destroy();
    current?.box.remove();
    current = null;
  }

  /** Mounts the worked answer of `s` into `container` (replacing any other). */
  async function show(container, s) {
    clear();
    const mode = workedMode(s);
    if (!mode || !styleBase) return null;
    const mine = generation;
    const doc = container.ownerDocument;
    const box = doc.createElement('section');
    box.className = 'worked-stepper';
    box.setAttribute('aria-label', mode.title);
    const title = doc.createElement('h3');
    title.textContent = mode.title;
    const holder = doc.createElement('div');
    box.append(title, holder);
    container.append(box);
    current = { box, controller: null, mode: mode.key };
    const shadow = holder.attachShadow({ mode: 'open' });
    const controller = await mode.mount(shadow, {
      engine, readonly: true, panels: mode.panels, styleBase, idPrefix: `${idPrefix}w${mine}-`,
    });
    // The question changed while the mode was loading: this one is not wanted any more.
    if (mine !== generation) {
      controller.destroy();
      return null;
    }
    controller.setHash(mode.hash(s[mode.key]));
    current.controller = controller;
    box.dataset.ready = 'true';
    return controller;
  }

  return {
    show,
    clear,
    get controller() { return current?.controller ?? null; },
    get mode() { return current?.mode ?? null; },
  };
}
