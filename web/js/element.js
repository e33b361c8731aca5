// <convolution-playground>: one module script defines it (SEMANTICS §9).
//   <script type="module" src=".../web/js/element.js"></script>
//   <convolution-playground mode="matrix" state="in=1,2;3,4&k=1,0;0,-1" panels="stepper,arithmetic" readonly>
// Each element renders a mode (web/js/modes/<mode>.js) into its own shadow root, so
// several on one page are independent: each has its own state, view and listeners;
// only the stateless engine is shared.
// Properties: ready (Promise), getState(), setState(obj), step, play(), pause(), output.
// Events: ready, statechange { detail: { state, userInitiated } }.

// Modes are imported by name from this fixed list only: an attribute's text is checked
// against it before it becomes part of a module path.
const MODES = ['matrix', 'image', '1d', 'transpose', 'layer', 'quiz'];
const importMode = (name) => import(`./modes/${name}.js`);
const listed = (names) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);
// Modes link their stylesheets from here into the element's shadow root. (A folder, not
// a file: written apart from new URL(…) so the site build does not take it for an asset to copy.)
const HERE = import.meta.url;
const STYLE_BASE = new URL('../css/', HERE).href;

let enginePromise = null;
function loadEngine() {
  enginePromise ??= import('../../wasm/convolution.js').then((m) => m.createConvolution());
  return enginePromise;
}

const panelsOf = (text) => (text === null ? null : text.split(',').map((s) => s.trim()).filter(Boolean));

class ConvolutionPlayground extends HTMLElement {
  static get observedAttributes() { return ['mode', 'state', 'panels', 'readonly']; }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this._controller = null;
    this._generation = 0;
    this._newReady();
  }

  _newReady() {
    this._ready = new Promise((resolve, reject) => { this._settle = { resolve, reject }; });
    // A page that never awaits `ready` must not see an unhandled rejection for a bad mode.
    this._ready.catch(() => {});
  }

  get ready() { return this._ready; }

  connectedCallback() {
    if (!this._controller && !this._starting) this._start();
  }

  disconnectedCallback() {
    this._controller?.pause();
  }

  attributeChangedCallback(name, oldValue, value) {
    if (oldValue === value) return;
    // A new mode remounts, even over a failed or unfinished start (its generation is dropped).
    if (name === 'mode') {
      if (this.isConnected && (this._controller || !this._starting || this._generation > 0)) this._restart();
      return;
    }
    if (!this._controller) return;
    if (name === 'state') this._controller.setHash(value ?? '');
    else this._controller.setView({ panels: panelsOf(this.getAttribute('panels')), readonly: this.hasAttribute('readonly') });
  }

  _message(text) {
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = text;
    p.style.cssText = 'margin:0;padding:0.75rem;border:1px solid #e6a39b;border-radius:6px;background:#fdecea;color:#8a1c12;font:16px/1.45 system-ui,sans-serif';
    this.shadowRoot.replaceChildren(p);
  }

  _restart() {
    this._controller?.destroy();
    this._controller = null;
    this.shadowRoot.replaceChildren();
    this._newReady();
    this._start();
  }

  async _start() {
    this._starting = true;
    const generation = ++this._generation;
    const mode = this.getAttribute('mode') ?? 'matrix';
    const fail = (code, text) => {
      this._message(text);
      const err = new Error(text);
      err.code = code;
      err.field = 'mode';
      this._settle.reject(err);
      this._starting = false;
    };
    if (!MODES.includes(mode)) {
      const shown = mode.length > 40 ? `${mode.slice(0, 39)}…` : mode;
      fail('unknown-name', `Unknown mode "${shown}"; <convolution-playground> knows the modes ${listed(MODES)}.`);
      return;
    }
    let module;
    let engine;
    try {
      [module, engine] = await Promise.all([importMode(mode), loadEngine()]);
    } catch (err) {
      fail(module ? 'engine' : 'unknown-name', module
        ? `The convolution engine could not be loaded (${err.message}).`
        : `The ${mode} mode could not be loaded (${err.message}); it may not be part of this version.`);
      return;
    }
    if (generation !== this._generation) return;
    let controller = null;
    controller = await module.mount(this.shadowRoot, {
      engine,
      styleBase: STYLE_BASE,
      panels: panelsOf(this.getAttribute('panels')),
      readonly: this.hasAttribute('readonly'),
      onStateChange: (state, userInitiated) => {
        // The state attribute applied while starting is the element's first state, not a change.
        if (!controller || this._controller !== controller) return;
        this.dispatchEvent(new CustomEvent('statechange', { detail: { state, userInitiated: Boolean(userInitiated) } }));
      },
    });
    if (generation !== this._generation) {
      controller.destroy();
      return;
    }
    const hash = this.getAttribute('state');
    if (hash) controller.setHash(hash);
    this._controller = controller;
    this._starting = false;
    this._settle.resolve(this);
    this.dispatchEvent(new CustomEvent('ready'));
  }

  /** The current state as plain JSON (null until ready). */
  getState() { return this._controller?.getState() ?? null; }

  /** Applies a state object (validated as a link is: valid parts kept); returns the problems. */
  setState(obj) {
    if (!this._controller) throw new Error('setState before the element is ready; await element.ready first');
    return this._controller.setState(obj);
  }

  get step() { return this._controller?.step ?? 0; }
  set step(v) { if (this._controller) this._controller.step = v; }
  play() { this._controller?.play(); }
  pause() { this._controller?.pause(); }
  get output() { return this._controller?.output ?? null; }
  /** The problems of the last state or link applied, as shown. */
  get problems() { return this._controller?.problems ?? []; }
}

if (!customElements.get('convolution-playground')) customElements.define('convolution-playground', ConvolutionPlayground);
export { ConvolutionPlayground };
