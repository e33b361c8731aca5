// The image mode's markup, built inside the root it is mounted in. Ids carry a
// prefix so that labels work in a container shared with other mounts; inside a
// shadow root they are scoped anyway. Elements are found through the root only.

const markup = (p) => `
<div class="image-mode">
  <div id="${p}link-problems" data-ref="linkProblems" class="notice link-problems" role="status" hidden></div>
  <section class="panel source-panel" data-panel="source" aria-labelledby="${p}source-heading">
    <h2 id="${p}source-heading">Image</h2>
    <div class="source-row">
      <label class="file-button button-like" for="${p}file-input">Open image…</label>
      <input type="file" id="${p}file-input" data-ref="fileInput" class="visually-hidden" accept="image/png,image/jpeg,image/webp,image/gif,image/bmp,image/*">
      <label for="${p}sample-select">Sample</label>
      <select id="${p}sample-select" data-ref="sampleSelect"></select>
      <button type="button" id="${p}sample-load" data-ref="sampleLoad">Load sample</button>
      <span class="hint">Or drop a file on the page, or paste one. PNG, JPEG, WebP, GIF (first frame), BMP.</span>
    </div>
    <p class="image-info mono" id="${p}image-info" data-ref="imageInfo" aria-live="polite"></p>
    <div id="${p}load-message" data-ref="loadMessage" class="error" role="alert" hidden></div>
    <div id="${p}too-large" data-ref="tooLarge" class="notice" role="alertdialog" aria-labelledby="${p}too-large-text" hidden>
      <p id="${p}too-large-text" data-ref="tooLargeText"></p>
      <button type="button" class="primary" id="${p}downscale-yes" data-ref="downscaleYes">Downscale and open</button>
      <button type="button" id="${p}downscale-no" data-ref="downscaleNo">Keep the current image</button>
    </div>
  </section>

  <div class="workspace">
    <section class="panel viewer-panel" data-panel="viewer" aria-labelledby="${p}viewer-heading">
      <h2 id="${p}viewer-heading" class="visually-hidden">Original and result</h2>
      <div class="toolbar" role="toolbar" aria-label="View">
        <div class="segmented" role="radiogroup" aria-label="Layout">
          <label><input type="radio" name="${p}layout" value="side" data-ref="layoutSide" checked> Side by side</label>
          <label><input type="radio" name="${p}layout" value="split" data-ref="layoutSplit"> Before/after</label>
        </div>
        <div class="zoom-controls">
          <button type="button" id="${p}zoom-out" data-ref="zoomOut" aria-label="Zoom out">−</button>
          <output id="${p}zoom-level" data-ref="zoomLevel" class="mono" aria-live="off">100%</output>
          <button type="button" id="${p}zoom-in" data-ref="zoomIn" aria-label="Zoom in">+</button>
          <button type="button" id="${p}zoom-fit" data-ref="zoomFit">Fit</button>
          <button type="button" id="${p}zoom-1" data-ref="zoom1">1:1</button>
        </div>
        <button type="button" id="${p}download" data-ref="download" class="primary">Download PNG</button>
      </div>
      <div class="job-status">
        <span id="${p}status-text" data-ref="statusText" role="status" aria-live="polite">Loading the engine…</span>
        <span id="${p}progress-wrap" data-ref="progressWrap" class="progress-wrap" hidden>
          <progress id="${p}progress" data-ref="progress" max="1" value="0" aria-label="Filtering progress"></progress>
          <button type="button" id="${p}cancel" data-ref="cancel">Cancel</button>
        </span>
      </div>
      <div class="compare mode-side" id="${p}compare" data-ref="compare">
        <div class="split-area">
          <figure class="pane pane-source">
            <figcaption>Original</figcaption>
            <div class="viewport" data-ref="sourceViewport" role="group" tabindex="0" aria-label="Original image. Drag or arrow keys to pan, wheel or plus and minus to zoom, 0 to fit, 1 for actual size.">
              <div class="image-layer" id="${p}source-layer" data-ref="sourceLayer"></div>
              <div class="marker marker-window" hidden></div>
              <div class="marker marker-pixel" hidden></div>
            </div>
          </figure>
          <figure class="pane pane-result">
            <figcaption id="${p}result-caption" data-ref="resultCaption">Result</figcaption>
            <div class="viewport" data-ref="resultViewport" role="group" tabindex="0" aria-label="Filtered result. Hover or tap a pixel to inspect it; drag or arrow keys to pan, wheel or plus and minus to zoom.">
              <div class="image-layer" id="${p}result-layer" data-ref="resultLayer"></div>
              <div class="marker marker-window" hidden></div>
              <div class="marker marker-pixel" hidden></div>
            </div>
          </figure>
          <div class="divider" id="${p}divider" data-ref="divider" role="slider" tabindex="0" aria-label="Before/after divider" aria-valuemin="0" aria-valuemax="100" aria-valuenow="50" hidden><span aria-hidden="true"></span></div>
        </div>
        <div class="drop-overlay" aria-hidden="true">Drop the image to open it</div>
      </div>
    </section>

    <section class="panel controls-panel" data-panel="chain" aria-labelledby="${p}pipeline-heading">
      <h2 id="${p}pipeline-heading">Filter chain</h2>
      <p class="hint">Each stage filters the result of the one before. Select a stage to edit it and to see its result.</p>
      <ol class="stages" id="${p}stages" data-ref="stages"></ol>
      <div class="stage-buttons">
        <button type="button" id="${p}add-stage" data-ref="addStage">Add stage</button>
        <button type="button" id="${p}remove-stage" data-ref="removeStage">Remove stage</button>
      </div>
      <fieldset class="stage-editor" data-ref="editor">
        <legend data-ref="legend">Stage 1</legend>
        <label for="${p}filter-select">Filter</label>
        <select id="${p}filter-select" data-ref="filterSelect"></select>
        <p class="filter-description" id="${p}filter-description" data-ref="filterDescription"></p>
        <div data-ref="builtinKernel">
          <div class="kernel-grids" id="${p}builtin-grids" data-ref="builtinGrids"></div>
          <button type="button" id="${p}edit-as-custom" data-ref="editAsCustom">Edit a copy as a custom kernel</button>
        </div>
        <div data-ref="customKernel" hidden>
          <label class="check"><input type="checkbox" id="${p}per-channel" data-ref="perChannel"> A different kernel for R, G and B</label>
          <div class="kernel-editors" data-ref="kernelEditors"></div>
          <p class="hint">Rows on separate lines, numbers separated by spaces; fractions like 1/16 and −1 work. Any size up to 61×61, odd or even, not only square. NumPy or Python lists (np.array([[1, 0], [0, -1]])) and JSON ({height, width, data}) can be pasted too.</p>
          <details class="generators" open>
            <summary>Generators</summary>
            <div class="gen-row">
              <label for="${p}gauss-sigma">Gaussian σ</label>
              <input type="number" id="${p}gauss-sigma" data-ref="gaussSigma" min="0.1" max="10" step="0.1" value="1.5">
              <button type="button" id="${p}gen-gauss" data-ref="genGauss">Generate</button>
            </div>
            <div class="gen-row">
              <label for="${p}box-size">Box N×N</label>
              <input type="number" id="${p}box-size" data-ref="boxSize" min="1" max="61" step="1" value="5">
              <button type="button" id="${p}gen-box" data-ref="genBox">Generate</button>
            </div>
            <div class="gen-row">
              <label for="${p}log-sigma">Laplacian of Gaussian σ</label>
              <input type="number" id="${p}log-sigma" data-ref="logSigma" min="0.3" max="10" step="0.1" value="1.4">
              <button type="button" id="${p}gen-log" data-ref="genLog">Generate</button>
            </div>
            <p class="hint" id="${p}gen-note" data-ref="genNote">Size from σ: 2·⌈3σ⌉+1 (±3σ), so σ from 0.1 to 10 gives 3×3 to 61×61.</p>
          </details>
        </div>
        <div class="field-grid">
          <label for="${p}divisor">Divisor</label>
          <span class="with-button">
            <input type="text" inputmode="decimal" id="${p}divisor" data-ref="divisor" value="1" aria-describedby="${p}divisor-help">
            <button type="button" id="${p}normalise" data-ref="normalise">Normalise</button>
          </span>
          <p class="hint span2" id="${p}divisor-help">Weights are divided by this (scale = 1/divisor). Normalise sets it to the kernel sum.</p>
        </div>
        <div class="option-grid" data-ref="options"></div>
        <div id="${p}stage-error" data-ref="stageError" class="error" role="alert" hidden></div>
        <div class="copy-row">
          <button type="button" id="${p}copy-kernel" data-ref="copyKernel">Copy kernel as JSON</button>
          <span id="${p}copy-status" data-ref="copyStatus" class="hint" role="status"></span>
        </div>
        <textarea class="mono copy-box" data-ref="copyBox" aria-label="Text to copy" readonly hidden></textarea>
      </fieldset>
    </section>

    <section class="panel inspector-panel" data-panel="inspector" aria-labelledby="${p}inspector-heading">
      <h2 id="${p}inspector-heading">Inspector</h2>
      <div class="inspector-controls">
        <label for="${p}inspect-x">x</label>
        <input type="number" id="${p}inspect-x" data-ref="inspectX" min="0" step="1" value="0" inputmode="numeric">
        <label for="${p}inspect-y">y</label>
        <input type="number" id="${p}inspect-y" data-ref="inspectY" min="0" step="1" value="0" inputmode="numeric">
        <button type="button" id="${p}scan" data-ref="scan" aria-pressed="false">Scan animation</button>
        <span class="hint">Hover or tap a result pixel, or type its coordinates. The scan zooms in and slides the window across a small region.</span>
      </div>
      <div id="${p}inspector" data-ref="inspector" class="inspector" aria-live="polite"><p class="hint">No pixel selected yet.</p></div>
    </section>
  </div>
</div>`;

export const PANELS = ['source', 'viewer', 'chain', 'inspector'];

let containerMounts = 0;
const isShadow = (root) => root.nodeType === 11 && !!root.host;

/** A prefix for ids: none in a shadow root (ids are scoped) or for the first container mount (the full page). */
export function idPrefix(root) {
  if (isShadow(root)) return '';
  return containerMounts++ === 0 ? '' : `im${containerMounts}-`;
}

/** Builds the markup in `root` and returns its elements by data-ref name. */
export function buildDom(root, prefix) {
  const doc = root.ownerDocument;
  const t = doc.createElement('template');
  t.innerHTML = markup(prefix);
  const frame = t.content.firstElementChild;
  root.append(frame);
  const ui = { frame, root };
  for (const el of frame.querySelectorAll('[data-ref]')) ui[el.dataset.ref] = el;
  return ui;
}
