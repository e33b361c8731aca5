// The matrix mode's markup, written into the root the mode is given. Every id carries
// the mount's prefix, so two modes in one document never share an id (inside a shadow
// root the prefix is empty). The text here is the mode's own, never data from a link
// or a message: those only ever reach the DOM as textContent or attribute values.

/** The panels a link's or an element's `panels` can name, in page order. */
export const PANELS = ['presets', 'settings', 'share', 'stepper', 'input', 'kernel', 'output', 'arithmetic', 'formula', 'code', 'paste', 'export'];

export function template(p) {
  return `
<div class="playground" id="${p}playground" data-ready="false">
  <div id="${p}mode-status" class="status" role="status">Loading the convolution engine…</div>
  <div id="${p}link-message" class="error link-message" role="alert" hidden></div>

  <div class="toolbar">
    <details class="drawer presets" data-panel="presets" id="${p}presets-drawer">
      <summary><span class="drawer-title">Presets</span> <span class="summary-note" id="${p}preset-current"></span></summary>
      <div class="drawer-body">
        <div class="preset-groups">
          <div role="group" aria-labelledby="${p}course-presets-label" class="preset-group">
            <span id="${p}course-presets-label" class="group-label">Course examples</span>
            <div id="${p}course-presets" class="button-row"></div>
          </div>
          <div role="group" aria-labelledby="${p}border-presets-label" class="preset-group">
            <span id="${p}border-presets-label" class="group-label">Border modes</span>
            <div id="${p}border-presets" class="button-row"></div>
          </div>
          <div role="group" aria-labelledby="${p}filter-presets-label" class="preset-group">
            <span id="${p}filter-presets-label" class="group-label">Built-in filters</span>
            <div id="${p}filter-presets" class="button-row"></div>
          </div>
        </div>
        <p id="${p}preset-note" class="note preset-note" aria-live="polite"></p>
      </div>
    </details>

    <details class="drawer settings" data-panel="settings" id="${p}settings-drawer">
      <summary><span class="drawer-title">Settings</span> <span class="summary-note" id="${p}settings-summary"></span></summary>
      <div class="drawer-body settings-body" id="${p}settings">
        <fieldset class="sizes">
          <legend>Input size</legend>
          <label>Rows <input id="${p}input-rows" type="number" inputmode="numeric" min="1" max="32" aria-label="Input rows"></label>
          <label>Columns <input id="${p}input-cols" type="number" inputmode="numeric" min="1" max="32" aria-label="Input columns"></label>
          <button type="button" id="${p}input-random" aria-label="Randomise input">Randomise</button>
          <button type="button" id="${p}input-clear" aria-label="Clear input">Clear</button>
        </fieldset>
        <fieldset class="sizes">
          <legend>Kernel size</legend>
          <label>Rows <input id="${p}kernel-rows" type="number" inputmode="numeric" min="1" max="9" aria-label="Kernel rows"></label>
          <label>Columns <input id="${p}kernel-cols" type="number" inputmode="numeric" min="1" max="9" aria-label="Kernel columns"></label>
          <button type="button" id="${p}kernel-random" aria-label="Randomise kernel">Randomise</button>
          <button type="button" id="${p}kernel-clear" aria-label="Clear kernel">Clear</button>
        </fieldset>
        <div id="${p}size-errors" class="error" role="alert" hidden></div>
        <fieldset class="pair" id="${p}stride-group"><legend>Stride</legend></fieldset>
        <fieldset class="pair" id="${p}dilation-group"><legend>Dilation</legend></fieldset>
        <div id="${p}option-fields" class="option-fields"></div>
        <fieldset class="quad" id="${p}explicit-padding" hidden>
          <legend>Padding per side</legend>
          <label>top <input id="${p}pad-top" type="number" inputmode="numeric" min="0" max="16" aria-label="Padding top"></label>
          <label>bottom <input id="${p}pad-bottom" type="number" inputmode="numeric" min="0" max="16" aria-label="Padding bottom"></label>
          <label>left <input id="${p}pad-left" type="number" inputmode="numeric" min="0" max="16" aria-label="Padding left"></label>
          <label>right <input id="${p}pad-right" type="number" inputmode="numeric" min="0" max="16" aria-label="Padding right"></label>
        </fieldset>
        <div id="${p}setting-errors" class="error" role="alert" hidden></div>
      </div>
    </details>

    <div class="share" data-panel="share">
      <button type="button" id="${p}copy-link" title="Copy a link that opens this exact example: matrices, settings and step">Copy link</button>
      <button type="button" id="${p}copy-embed" title="Copy the HTML that embeds this example in a course page"><span class="wide-text">Copy </span>embed<span class="wide-text"> code</span></button>
      <span id="${p}share-status" class="share-status" role="status" aria-live="polite"></span>
    </div>
  </div>
  <div id="${p}share-fallback" class="share-fallback" hidden>
    <label for="${p}share-url" id="${p}share-label">Link to this example</label>
    <textarea id="${p}share-url" rows="3" readonly spellcheck="false"></textarea>
  </div>

  <div class="stage">
    <div class="stage-col stage-right">
    <section class="panel player-panel" data-panel="stepper" aria-label="Step through the convolution">
      <div class="player" role="group" aria-label="Step through the convolution">
        <div class="button-row transport">
          <button type="button" id="${p}first" aria-label="First step" title="First step (Home)">|◀<span class="btn-text"> First</span></button>
          <button type="button" id="${p}back" aria-label="Step back" title="Step back (←)">◀<span class="btn-text"> Back</span></button>
          <button type="button" id="${p}play" class="primary" aria-keyshortcuts="Space">Play</button>
          <button type="button" id="${p}forward" aria-label="Step forward" title="Step forward (→)"><span class="btn-text">Forward </span>▶</button>
          <button type="button" id="${p}last" aria-label="Last step" title="Last step (End)"><span class="btn-text">Last </span>▶|</button>
        </div>
        <div class="sliders">
          <label class="slider-field">Step <input id="${p}step" type="range" min="0" max="0" value="0" aria-label="Step"> <output id="${p}step-text" for="${p}step"></output></label>
          <label class="slider-field speed-field">Speed <input id="${p}speed" type="range" min="0" max="7" step="1" aria-label="Speed"> <output id="${p}speed-text" for="${p}speed"></output></label>
        </div>
      </div>
    </section>
    </div>

    <div class="stage-col stage-left">
    <section class="panel input-panel" data-panel="input" aria-labelledby="${p}input-heading">
      <h2 id="${p}input-heading">Input <span class="shape" id="${p}input-shape"></span></h2>
      <div class="grid-scroll" id="${p}input-scroll">
        <div id="${p}padded-grid" class="grid padded-grid" role="group" aria-label="Input matrix with padding"></div>
      </div>
      <p id="${p}feed-note" class="note" aria-live="polite"></p>
      <div id="${p}cell-errors" class="error" role="alert" hidden></div>
    </section>

    <section class="panel kernel-panel" data-panel="kernel" aria-labelledby="${p}kernel-heading">
      <h2 id="${p}kernel-heading">Kernel <span class="shape" id="${p}kernel-shape"></span></h2>
      <div class="kernel-row">
        <div class="grid-scroll">
          <div id="${p}kernel-grid" class="grid kernel-grid" role="group" aria-labelledby="${p}kernel-heading"></div>
        </div>
        <div id="${p}folded" class="folded" hidden>
          <p class="group-label" id="${p}folded-label">Folded (what the window uses)</p>
          <div id="${p}folded-grid" class="grid folded-grid" role="img" aria-labelledby="${p}folded-label"></div>
        </div>
      </div>
      <p id="${p}kernel-scaled" class="kernel-scaled mono"></p>
    </section>
    </div>

    <div class="stage-col stage-right2">
    <section class="panel output-panel" data-panel="output" aria-labelledby="${p}output-heading">
      <h2 id="${p}output-heading">Output <span class="shape" id="${p}output-shape"></span></h2>
      <div class="grid-scroll" id="${p}output-scroll">
        <div id="${p}output-grid" class="grid output-grid" role="group" tabindex="0" aria-label="Output matrix" aria-describedby="${p}output-keys"></div>
      </div>
      <p class="hint player-hint" id="${p}output-keys">Keys: Space play/pause, ← → step, Home/End first/last. Hover or tap an output cell to inspect it.</p>
      <div id="${p}output-message" class="error" role="alert" hidden></div>
    </section>

    <section class="panel arith-panel" data-panel="arithmetic" aria-labelledby="${p}arith-heading">
      <h2 id="${p}arith-heading">The arithmetic</h2>
      <div id="${p}arithmetic" class="arithmetic" aria-labelledby="${p}arith-heading"></div>
    </section>

    <section class="panel formula-panel" data-panel="formula" aria-labelledby="${p}formula-heading">
      <h2 id="${p}formula-heading">Output size</h2>
      <div id="${p}formula" class="formula mono"></div>
      <div id="${p}fit-error" class="error" role="alert" hidden></div>
      <p id="${p}macs" class="macs"></p>
    </section>
    </div>
  </div>

  <div class="panel code-panel" data-panel="code">
    <h2 id="${p}code-heading">The loop</h2>
    <pre id="${p}pseudocode" class="pseudocode" role="region" tabindex="0" aria-labelledby="${p}code-heading"></pre>
    <p class="hint">Padding cells are <span class="legend-pad">hatched and italic</span> and show the value the border mode supplies; the sliding window is <span class="legend-window">outlined</span> with each kernel weight below its value. Hover or focus an input cell to see every output cell it feeds.</p>
  </div>

  <details class="panel paste-box" data-panel="paste">
    <summary>Paste or type a whole matrix</summary>
    <p class="hint">Spreadsheet cells, CSV, or a NumPy/Python list such as <code>[[1, 0], [0, -1]]</code>. You can also paste a block straight into any cell: it fills from that cell.</p>
    <label for="${p}paste-text">Matrix text</label>
    <textarea id="${p}paste-text" rows="4" spellcheck="false"></textarea>
    <div class="button-row">
      <button type="button" id="${p}paste-input">Use as input</button>
      <button type="button" id="${p}paste-kernel">Use as kernel</button>
    </div>
  </details>
  <details class="panel export-panel" data-panel="export" id="${p}export-panel">
    <summary>Export as code</summary>
    <p class="hint">The same computation in NumPy/SciPy, PyTorch and OpenCV, for the current matrices and settings.</p>
    <div id="${p}export" class="export-body"></div>
  </details>
  <p id="${p}notice" class="note" role="status"></p>
  <p id="${p}announce" class="visually-hidden" aria-live="polite" aria-atomic="true"></p>
</div>`;
}
