// Image mode: wires the controls, the viewer, the inspector and the worker.
// This thread never holds a full-size pixel buffer: it sends settings, shows
// the ImageBitmaps the worker transfers back, and asks the worker about pixels.
import { ImageWorker, Cancelled } from './client.js';
import { createViewer } from './viewer.js';
import { renderInspector, renderInspectorMessage } from './inspector.js';
import { SAMPLES } from './samples.js';
import { TiledImage } from './tiles.js';
import {
  boxKernel, commonDenominator, gaussianKernel, logKernel, kernelSum, kernelToText, kernelsJSON,
  parseKernelText, scaleKernel, formatWeight,
} from './kernels.js';

const PROGRESS_DELAY_MS = 200;
const CHANNELS = ['R', 'G', 'B'];

const OUTPUT_HELP = {
  clamp: 'Round, then clamp to 0..255. Right for blurs and sharpening. An edge kernel sums to 0, so half of its answers are negative and clamp turns them black: use abs or offset for edges.',
  abs: '|v|, then clamp. Edge kernels give negative values on one side of an edge and positive on the other; abs shows both sides bright.',
  offset: 'v + 128, then clamp. Zero becomes mid-gray, so the sign of an edge (dark to light or light to dark) stays visible, as in emboss.',
  normalize: 'Stretches the min..max of the whole result (R, G and B together) to 0..255: shows any range, but brightness is no longer absolute.',
};

const $ = (id) => document.getElementById(id);

const ui = {
  fileInput: $('file-input'), sampleSelect: $('sample-select'), sampleLoad: $('sample-load'),
  imageInfo: $('image-info'), loadMessage: $('load-message'), tooLarge: $('too-large'),
  tooLargeText: $('too-large-text'), downscaleYes: $('downscale-yes'), downscaleNo: $('downscale-no'),
  compare: $('compare'), sourceLayer: $('source-layer'), resultLayer: $('result-layer'),
  divider: $('divider'), zoomLevel: $('zoom-level'), statusText: $('status-text'),
  progressWrap: $('progress-wrap'), progress: $('progress'), cancel: $('cancel'),
  download: $('download'), resultCaption: $('result-caption'),
  stages: $('stages'), addStage: $('add-stage'), removeStage: $('remove-stage'),
  legend: $('editor-legend'), filterSelect: $('filter-select'), filterDescription: $('filter-description'),
  builtinKernel: $('builtin-kernel'), builtinGrids: $('builtin-grids'), editAsCustom: $('edit-as-custom'),
  customKernel: $('custom-kernel'), perChannel: $('per-channel'), kernelEditors: $('kernel-editors'),
  gaussSigma: $('gauss-sigma'), genGauss: $('gen-gauss'), boxSize: $('box-size'), genBox: $('gen-box'),
  logSigma: $('log-sigma'), genLog: $('gen-log'), genNote: $('gen-note'),
  divisor: $('divisor'), normalise: $('normalise'), bias: $('bias'), outputMode: $('output-mode'),
  outputHelp: $('output-help'), borderMode: $('border-mode'), constant: $('constant'),
  constantLabel: $('constant-label'), grayscale: $('grayscale'), flip: $('flip'),
  stageError: $('stage-error'), copyKernel: $('copy-kernel'), copyStatus: $('copy-status'),
  inspectX: $('inspect-x'), inspectY: $('inspect-y'), scan: $('scan'), inspector: $('inspector'),
};

const app = {
  filters: [],
  stages: [],
  selected: 0,
  source: null,          // { id, name, width, height, origin: { blob, resize } | { sample } }
  sourceCounter: 0,
  results: [],           // per stage: { ms, width, height } of the last finished run, or { error }
  shownStage: -1,
  runToken: 0,
  inspect: null,         // { x, y }
  completed: 0,          // finished runs, exposed for tests and assistive status
};

const worker = new ImageWorker();
const sourceTiles = new TiledImage(ui.sourceLayer);
const resultTiles = new TiledImage(ui.resultLayer);

const viewer = createViewer({
  compare: ui.compare,
  viewports: [...ui.compare.querySelectorAll('.viewport')],
  layers: [ui.sourceLayer, ui.resultLayer],
  divider: ui.divider,
  onPoint: (x, y, kind) => {
    if (scan.timer && kind === 'hover') return;
    if (kind === 'tap') stopScan();
    setInspect(x, y);
  },
  onView: (v) => { ui.zoomLevel.value = `${Math.round(v.scale * 100)}%`; },
});

// ---------- stages ----------

const DEFAULT_FIRST = ['gaussian-blur-5', 'gaussian-blur-3', 'box-blur-3'];
const DEFAULT_NEXT = ['sobel-magnitude', 'laplacian'];
const pick = (ids) => ids.find((id) => app.filters.some((f) => f.id === id)) ?? app.filters[0]?.id ?? 'custom';

function newStage(filterId) {
  const f = app.filters.find((g) => g.id === filterId);
  return {
    filterId: f ? filterId : (app.filters[0]?.id ?? 'custom'),
    custom: ['0 -1 0\n-1 5 -1\n0 -1 0', '', ''],
    perChannel: false,
    divisor: 1,
    bias: 0,
    output: f ? f.output : 'clamp',
    border: 'replicate',
    constant: 0,
    grayscale: false,
    flip: false,
  };
}

function filterName(stage) {
  if (stage.filterId === 'custom') {
    try {
      const ks = customKernels(stage);
      return `Custom ${ks[0].height}×${ks[0].width}${ks.length === 3 ? ' per channel' : ''}`;
    } catch {
      return 'Custom kernel';
    }
  }
  return app.filters.find((f) => f.id === stage.filterId)?.name ?? stage.filterId;
}

function customKernels(stage) {
  const texts = stage.perChannel ? stage.custom : [stage.custom[0]];
  return texts.map((t, i) => {
    try {
      return parseKernelText(t);
    } catch (err) {
      throw new Error(stage.perChannel ? `${CHANNELS[i]} kernel: ${err.message}` : err.message);
    }
  });
}

/** The kernels a stage applies before the divisor, and how they combine. */
function stageKernels(stage) {
  if (stage.filterId === 'custom') return { kernels: customKernels(stage), combine: 'none' };
  const f = app.filters.find((g) => g.id === stage.filterId);
  return { kernels: f.kernels.map((k) => ({ height: k.height, width: k.width, data: Array.from(k.data) })), combine: f.combine ?? 'none' };
}

/** Engine options for a stage; throws with a user-facing message when a setting is invalid. */
function stageOptions(stage) {
  const { kernels, combine } = stageKernels(stage);
  const options = { output: stage.output, border: stage.border, grayscale: stage.grayscale };
  if (stage.border === 'constant') options.constant = stage.constant;
  if (stage.flip) options.flip = true;
  if (stage.bias !== 0) options.bias = stage.bias;
  if (!Number.isFinite(stage.divisor) || stage.divisor === 0) throw new Error('The divisor must be a non-zero number.');
  if (stage.filterId !== 'custom' && (stage.divisor === 1 || combine === 'magnitude')) {
    options.filter = stage.filterId;
  } else {
    const scaled = kernels.map((k) => scaleKernel(k, stage.divisor));
    if (scaled.length === 1) options.kernel = scaled[0];
    else options.kernels = scaled;
  }
  return options;
}

function stageConfigs() {
  const configs = [];
  for (let i = 0; i < app.stages.length; i++) {
    let options;
    try {
      options = stageOptions(app.stages[i]);
    } catch (err) {
      return { configs, error: { stage: i, message: err.message } };
    }
    configs.push({ options, key: JSON.stringify(options) });
  }
  return { configs, error: null };
}

// ---------- running ----------

let runScheduled = false;
function scheduleRun() {
  if (runScheduled) return;
  runScheduled = true;
  // Coalesces a burst of input events (a dragged number spinner) into one job.
  requestAnimationFrame(() => { runScheduled = false; run(); });
}

let progressTimer = 0;
function showBusy(text) {
  ui.statusText.textContent = text;
  ui.cancel.disabled = false;
  clearTimeout(progressTimer);
  ui.progress.value = 0;
  progressTimer = setTimeout(() => { ui.progressWrap.hidden = false; }, PROGRESS_DELAY_MS);
  ui.compare.setAttribute('aria-busy', 'true');
}
function hideBusy() {
  clearTimeout(progressTimer);
  ui.progressWrap.hidden = true;
  ui.compare.removeAttribute('aria-busy');
}

async function run() {
  if (!app.source || !app.filters.length) return;
  const { configs, error } = stageConfigs();
  renderStageErrorsFromConfig(error);
  if (!configs.length) return;
  // A newer request supersedes the running one instead of queueing behind it.
  if (worker.busy) worker.restart();
  const token = ++app.runToken;
  const view = Math.min(app.selected, configs.length - 1);
  const started = performance.now();
  showBusy(`Filtering ${app.source.width}×${app.source.height}…`);
  ui.compare.dataset.state = 'running';
  try {
    await worker.ensureSource(app.source.id, app.source.origin);
    const reply = await worker.request({ type: 'run', sourceId: app.source.id, stages: configs, view }, {
      long: true,
      onEvent: (m) => {
        if (token !== app.runToken) return;
        if (m.type === 'progress') ui.progress.value = m.fraction;
        if (m.type === 'stage') {
          app.results[m.stage] = { ms: m.ms, width: m.width, height: m.height };
          renderStageList();
        }
      },
    });
    if (token !== app.runToken) {
      for (const t of reply.tiles ?? []) t.bitmap.close();
      return;
    }
    hideBusy();
    const total = performance.now() - started;
    if (reply.type === 'stage-error') {
      ui.compare.dataset.runs = String(++app.completed);
      app.results.length = reply.stage;
      app.results[reply.stage] = { error: reply.message };
      renderStageList();
      renderStageError();
      ui.statusText.textContent = `Stage ${reply.stage + 1} failed: ${reply.message}`;
      ui.compare.dataset.state = 'error';
      return;
    }
    app.results.length = configs.length;
    reply.times.forEach((ms, i) => { app.results[i] = { ...app.results[i], ms }; });
    if (error) app.results.length = error.stage;
    await showResult(reply);
    await app.sourceShown;
    if (token !== app.runToken) return;
    ui.compare.dataset.runs = String(++app.completed);
    renderStageList();
    renderStageError();
    const ms = reply.times[reply.view];
    ui.statusText.textContent = `Done: stage ${reply.view + 1} took ${ms.toFixed(0)} ms in the worker (whole update ${total.toFixed(0)} ms).`;
    ui.compare.dataset.state = 'done';
    ui.compare.dataset.lastMs = ms.toFixed(1);
    refreshInspector();
  } catch (err) {
    if (err instanceof Cancelled) return;
    if (token !== app.runToken) return;
    hideBusy();
    ui.statusText.textContent = err.message;
    ui.compare.dataset.state = 'error';
    ui.compare.dataset.runs = String(++app.completed);
  }
}

function showResult(reply) {
  const index = reply.view;
  app.shownStage = index;
  ui.resultCaption.textContent = app.stages.length > 1
    ? `Result of stage ${index + 1}: ${filterName(app.stages[index])}`
    : `Result: ${filterName(app.stages[index])}`;
  ui.compare.dataset.shownStage = String(index);
  return resultTiles.show(reply.width, reply.height, reply.tiles);
}

ui.cancel.addEventListener('click', () => {
  worker.restart();
  app.runToken++;
  hideBusy();
  ui.statusText.textContent = 'Cancelled. The result shown is from the previous settings; change a setting to run again.';
  ui.compare.dataset.state = 'cancelled';
  stopScan();
});

// ---------- image loading ----------

function showLoadMessage(text) {
  ui.loadMessage.textContent = text;
  ui.loadMessage.hidden = !text;
}

async function loadImage(request, name) {
  showLoadMessage('');
  ui.tooLarge.hidden = true;
  const superseded = worker.busy;
  if (superseded) worker.restart();
  app.runToken++;
  const id = ++app.sourceCounter;
  showBusy(request.sample ? 'Drawing the sample…' : `Decoding ${name}…`);
  let reply;
  try {
    reply = await worker.request({ type: 'load', sourceId: id, ...request }, { long: true });
  } catch (err) {
    if (err instanceof Cancelled) return;
    hideBusy();
    ui.statusText.textContent = '';
    showLoadMessage(`Could not open “${name}”: ${err.message} The current image is kept.`);
    // A crashed decode (out of memory) takes the worker with it; start afresh.
    worker.restart();
    if (app.source) scheduleRun();
    return;
  }
  hideBusy();
  // The load superseded a running job: bring the current result up to date.
  if (reply.type !== 'loaded' && superseded && app.source) scheduleRun();
  if (reply.type === 'decode-error') {
    ui.statusText.textContent = app.source ? 'Kept the current image.' : '';
    showLoadMessage(`Could not open “${name}”: the file is damaged or is not an image this browser can decode (PNG, JPEG, WebP, GIF, BMP). The current image is kept.`);
    return;
  }
  if (reply.type === 'too-large') {
    const { width: W, height: H, maxImagePixels: maxPx, maxImageSide: maxSide } = reply;
    const k = Math.min(1, Math.sqrt(maxPx / (W * H)), maxSide / W, maxSide / H);
    const w = Math.max(1, Math.floor(W * k)), h = Math.max(1, Math.floor(H * k));
    const side = Math.round(Math.sqrt(maxPx));
    ui.tooLargeText.textContent = `“${name}” is ${W}×${H} pixels (${(W * H / 1e6).toFixed(1)} MP); the engine filters up to ${(maxPx / 1e6).toFixed(1)} MP (${side}×${side}) and ${maxSide} pixels a side. Downscale it to ${w}×${h}? The current image stays until you choose.`;
    ui.tooLarge.hidden = false;
    ui.statusText.textContent = 'Image too large: waiting for your choice.';
    pendingDownscale = { blob: request.blob, name, width: w, height: h };
    ui.downscaleYes.focus();
    return;
  }
  app.source = { id, name, width: reply.width, height: reply.height, origin: request };
  worker.sourceId = id;
  app.sourceShown = sourceTiles.show(reply.width, reply.height, reply.tiles);
  // The previous result would be misleading under a new image until the new one arrives.
  resultTiles.clear(reply.width, reply.height);
  app.results = [];
  app.shownStage = -1;
  viewer.setSize(reply.width, reply.height);
  viewer.fit();
  ui.imageInfo.textContent = `${name} · ${reply.width}×${reply.height} px (${(reply.width * reply.height / 1e6).toFixed(1)} MP)`;
  ui.compare.dataset.sourceId = String(id);
  app.inspect = null;
  renderInspectorMessage(ui.inspector, 'Hover or tap a pixel of the result.');
  renderStageList();
  scheduleRun();
}

let pendingDownscale = null;
ui.downscaleYes.addEventListener('click', () => {
  const p = pendingDownscale;
  pendingDownscale = null;
  ui.tooLarge.hidden = true;
  if (p) loadImage({ blob: p.blob, resize: { width: p.width, height: p.height } }, p.name);
});
ui.downscaleNo.addEventListener('click', () => {
  pendingDownscale = null;
  ui.tooLarge.hidden = true;
  ui.statusText.textContent = 'Kept the current image.';
});

function openFile(file) {
  if (!file) return;
  if (file.type && !file.type.startsWith('image/')) {
    showLoadMessage(`“${file.name}” is not an image (${file.type}). Open a PNG, JPEG, WebP, GIF or BMP file. The current image is kept.`);
    return;
  }
  loadImage({ blob: file }, file.name || 'pasted image');
}

ui.fileInput.addEventListener('change', () => {
  openFile(ui.fileInput.files[0]);
  ui.fileInput.value = '';
});

for (const s of SAMPLES) ui.sampleSelect.append(new Option(s.name, s.id));
ui.sampleLoad.addEventListener('click', () => {
  const s = SAMPLES.find((x) => x.id === ui.sampleSelect.value);
  loadImage({ sample: s.id }, s.name.replace(/ \(.*/, ''));
});

const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
document.addEventListener('dragover', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'copy';
  ui.compare.classList.add('dragging');
});
document.addEventListener('dragleave', (e) => {
  if (e.relatedTarget === null) ui.compare.classList.remove('dragging');
});
document.addEventListener('drop', (e) => {
  ui.compare.classList.remove('dragging');
  if (!e.dataTransfer?.files?.length) return;
  e.preventDefault();
  openFile(e.dataTransfer.files[0]);
});
document.addEventListener('paste', (e) => {
  const item = [...(e.clipboardData?.items ?? [])].find((i) => i.kind === 'file');
  if (!item) return;
  e.preventDefault();
  openFile(item.getAsFile());
});

// ---------- download and copy ----------

ui.download.addEventListener('click', async () => {
  if (!app.source || app.shownStage < 0) return;
  const index = app.shownStage;
  const prev = ui.statusText.textContent;
  ui.download.disabled = true;
  ui.statusText.textContent = 'Encoding the PNG at full resolution…';
  try {
    const reply = await worker.request({ type: 'png', index }, { long: true });
    if (reply.type !== 'png') throw new Error('the result is not available any more; change a setting to run the filter again');
    const url = URL.createObjectURL(reply.blob);
    const a = document.createElement('a');
    a.href = url;
    const base = app.source.name.replace(/\.[a-z0-9]+$/i, '').replace(/[^\w.-]+/g, '-');
    a.download = `${base}-stage${index + 1}-${reply.width}x${reply.height}.png`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    ui.statusText.textContent = prev;
  } catch (err) {
    ui.statusText.textContent = err instanceof Cancelled ? 'Download cancelled.' : `Download failed: ${err.message}`;
  } finally {
    ui.download.disabled = false;
  }
});

ui.copyKernel.addEventListener('click', async () => {
  const stage = app.stages[app.selected];
  let text;
  try {
    const { kernels, combine } = stageKernels(stage);
    const scaled = kernels.map((k) => scaleKernel(k, stage.divisor));
    const extra = combine === 'magnitude' ? { combine } : {};
    text = kernelsJSON(combine === 'magnitude' ? kernels : scaled, extra);
  } catch (err) {
    ui.copyStatus.textContent = err.message;
    return;
  }
  ui.copyKernel.dataset.copied = text;
  try {
    await navigator.clipboard.writeText(text);
    ui.copyStatus.textContent = 'Copied.';
  } catch {
    // Clipboard API refused (insecure context or no permission): fall back to a selection copy.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'visually-hidden';
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    ui.copyStatus.textContent = ok ? 'Copied.' : 'Could not copy; your browser blocked the clipboard.';
  }
});

// ---------- stage list and editor ----------

function renderStageList() {
  ui.stages.replaceChildren();
  app.stages.forEach((stage, i) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'stage-button';
    b.setAttribute('aria-pressed', String(i === app.selected));
    const r = app.results[i];
    const status = r?.error ? ' · error' : r?.ms != null ? ` · ${r.ms.toFixed(0)} ms` : '';
    b.textContent = `${i + 1}. ${filterName(stage)} · ${stage.output}${status}`;
    if (r?.error) b.classList.add('has-error');
    b.addEventListener('click', () => {
      app.selected = i;
      renderStageList();
      renderEditor();
      // The worker reuses cached stages, so this only shows the selected result.
      scheduleRun();
    });
    li.append(b);
    ui.stages.append(li);
  });
  ui.removeStage.disabled = app.stages.length <= 1;
  ui.addStage.disabled = app.stages.length >= 8;
}

function kernelGrid(kernel, caption) {
  const table = document.createElement('table');
  table.className = 'grid kernel-view';
  const cap = document.createElement('caption');
  // Built-in weights such as 1/256·[1 4 6 4 1 …] read as integers times one fraction.
  const d = commonDenominator(kernel.data);
  cap.textContent = d > 1 ? `${caption} × 1/${d}` : caption;
  table.append(cap);
  const body = document.createElement('tbody');
  for (let r = 0; r < kernel.height; r++) {
    const tr = document.createElement('tr');
    for (let c = 0; c < kernel.width; c++) {
      const td = document.createElement('td');
      const v = kernel.data[r * kernel.width + c];
      td.textContent = formatWeight(v * d);
      if (d > 1) td.title = `${formatWeight(v * d)}/${d} = ${v}`;
      if (v < 0) td.className = 'neg';
      else if (v > 0) td.className = 'pos';
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

function renderKernelEditors(stage) {
  ui.kernelEditors.replaceChildren();
  const count = stage.perChannel ? 3 : 1;
  for (let i = 0; i < count; i++) {
    const wrap = document.createElement('div');
    wrap.className = 'kernel-editor';
    const id = `kernel-text-${i}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = stage.perChannel ? `${CHANNELS[i]} kernel` : 'Kernel';
    const ta = document.createElement('textarea');
    ta.id = id;
    ta.className = 'mono kernel-text';
    ta.rows = 5;
    ta.spellcheck = false;
    ta.autocapitalize = 'off';
    ta.value = stage.custom[i];
    ta.addEventListener('input', () => {
      stage.custom[i] = ta.value;
      updateSize(ta, stage, i);
      stageChanged();
    });
    const size = document.createElement('span');
    size.className = 'hint kernel-size';
    size.id = `${id}-size`;
    ta.setAttribute('aria-describedby', size.id);
    wrap.append(label, ta, size);
    ui.kernelEditors.append(wrap);
    updateSize(ta, stage, i);
  }
}

function updateSize(ta, stage, i) {
  const size = ta.parentElement.querySelector('.kernel-size');
  try {
    const k = parseKernelText(stage.custom[i]);
    size.textContent = `${k.height}×${k.width}, sum ${formatWeight(kernelSum(k))}`;
    ta.removeAttribute('aria-invalid');
  } catch (err) {
    size.textContent = err.message;
    ta.setAttribute('aria-invalid', 'true');
  }
}

function renderEditor() {
  const stage = app.stages[app.selected];
  ui.legend.textContent = `Stage ${app.selected + 1}${app.selected > 0 ? ` (filters the result of stage ${app.selected})` : ' (filters the original)'}`;
  ui.filterSelect.value = stage.filterId;
  const f = app.filters.find((g) => g.id === stage.filterId);
  const custom = stage.filterId === 'custom';
  ui.builtinKernel.hidden = custom;
  ui.customKernel.hidden = !custom;
  if (custom) {
    ui.filterDescription.textContent = 'Your own kernel, applied to R, G and B (or one per channel).';
    renderKernelEditors(stage);
  } else {
    ui.filterDescription.textContent = f.description;
    ui.builtinGrids.replaceChildren(...f.kernels.map((k, i) => kernelGrid(k,
      f.kernels.length === 2 && f.combine === 'magnitude' ? (i ? 'gy' : 'gx') : 'Kernel')));
    if (f.combine === 'magnitude') {
      const p = document.createElement('p');
      p.className = 'hint';
      p.textContent = 'Combined per channel as √(gx² + gy²); the divisor does not apply.';
      ui.builtinGrids.append(p);
    }
  }
  ui.perChannel.checked = stage.perChannel;
  ui.divisor.value = String(stage.divisor);
  ui.divisor.disabled = !custom && f?.combine === 'magnitude';
  ui.normalise.disabled = ui.divisor.disabled;
  ui.bias.value = String(stage.bias);
  ui.outputMode.value = stage.output;
  ui.outputHelp.textContent = OUTPUT_HELP[stage.output];
  ui.borderMode.value = stage.border;
  ui.constant.value = String(stage.constant);
  ui.constant.hidden = stage.border !== 'constant';
  ui.constantLabel.hidden = stage.border !== 'constant';
  ui.grayscale.checked = stage.grayscale;
  ui.flip.checked = stage.flip;
  renderStageError();
}

function renderStageErrorsFromConfig(error) {
  app.configError = error;
  renderStageError();
}

function renderStageError() {
  const e = app.configError;
  let text = '';
  if (e && e.stage === app.selected) text = e.message;
  else if (app.results[app.selected]?.error) text = app.results[app.selected].error;
  else if (e && e.stage < app.selected) text = `Stage ${e.stage + 1} has an error, so this stage cannot run.`;
  ui.stageError.textContent = text;
  ui.stageError.hidden = !text;
}

function stageChanged() {
  app.configError = null;
  // Results of this stage and the ones after it are about to change.
  app.results.length = Math.min(app.results.length, app.selected);
  renderStageList();
  scheduleRun();
}

ui.filterSelect.addEventListener('change', () => {
  const stage = app.stages[app.selected];
  const id = ui.filterSelect.value;
  if (id !== 'custom') {
    const f = app.filters.find((g) => g.id === id);
    stage.output = f.output;
    stage.divisor = 1;
  }
  stage.filterId = id;
  renderEditor();
  stageChanged();
});

ui.editAsCustom.addEventListener('click', () => {
  const stage = app.stages[app.selected];
  const f = app.filters.find((g) => g.id === stage.filterId);
  stage.custom = [kernelToText(f.kernels[0]), kernelToText(f.kernels[0]), kernelToText(f.kernels[0])];
  stage.perChannel = false;
  stage.filterId = 'custom';
  renderEditor();
  stageChanged();
  ui.kernelEditors.querySelector('textarea')?.focus();
});

ui.perChannel.addEventListener('change', () => {
  const stage = app.stages[app.selected];
  stage.perChannel = ui.perChannel.checked;
  if (stage.perChannel) for (let i = 1; i < 3; i++) if (!stage.custom[i].trim()) stage.custom[i] = stage.custom[0];
  renderEditor();
  stageChanged();
});

function generate(make, note) {
  const stage = app.stages[app.selected];
  try {
    const { kernel, text } = make();
    const t = kernelToText(kernel);
    if (stage.perChannel) stage.custom = [t, t, t];
    else stage.custom[0] = t;
    stage.divisor = 1;
    ui.genNote.textContent = text ?? note;
    renderEditor();
    stageChanged();
  } catch (err) {
    ui.genNote.textContent = err.message;
  }
}
const GEN_NOTE = ui.genNote.textContent;
ui.genGauss.addEventListener('click', () => generate(() => {
  const sigma = Number(ui.gaussSigma.value);
  const g = gaussianKernel(sigma);
  return { kernel: g.kernel, text: `σ = ${sigma}: ${g.side}×${g.side} (2·⌈3σ⌉+1), normalised to sum 1; it runs as two 1-D passes.` };
}, GEN_NOTE));
ui.genBox.addEventListener('click', () => generate(() => {
  const n = Number(ui.boxSize.value);
  return { kernel: boxKernel(n), text: `${n}×${n} box: every weight 1/${n * n}.` };
}, GEN_NOTE));
ui.genLog.addEventListener('click', () => generate(() => {
  const sigma = Number(ui.logSigma.value);
  const g = logKernel(sigma);
  return {
    kernel: g.kernel,
    text: `Laplacian of Gaussian, σ = ${sigma}: ${g.side}×${g.side} (2·⌈3σ⌉+1), sums to 0; use abs or offset output.`,
  };
}, GEN_NOTE));

function numberInput(input, key, { allowZero = true } = {}) {
  input.addEventListener('input', () => {
    const v = input.valueAsNumber;
    const ok = Number.isFinite(v) && (allowZero || v !== 0);
    input.setAttribute('aria-invalid', String(!ok));
    if (!ok) return;
    app.stages[app.selected][key] = v;
    stageChanged();
  });
}
numberInput(ui.divisor, 'divisor', { allowZero: false });
numberInput(ui.bias, 'bias');
numberInput(ui.constant, 'constant');

ui.normalise.addEventListener('click', () => {
  const stage = app.stages[app.selected];
  let sum;
  try {
    sum = kernelSum(stageKernels(stage).kernels[0]);
  } catch (err) {
    ui.stageError.textContent = err.message;
    ui.stageError.hidden = false;
    return;
  }
  if (Math.abs(sum) < 1e-12) {
    ui.stageError.textContent = 'This kernel sums to 0 (an edge detector), so it cannot be normalised; use the abs or offset output instead.';
    ui.stageError.hidden = false;
    return;
  }
  stage.divisor = Number(sum.toPrecision(12));
  ui.divisor.value = String(stage.divisor);
  stageChanged();
});

ui.outputMode.addEventListener('change', () => {
  app.stages[app.selected].output = ui.outputMode.value;
  ui.outputHelp.textContent = OUTPUT_HELP[ui.outputMode.value];
  stageChanged();
});
ui.borderMode.addEventListener('change', () => {
  app.stages[app.selected].border = ui.borderMode.value;
  renderEditor();
  stageChanged();
});
ui.grayscale.addEventListener('change', () => { app.stages[app.selected].grayscale = ui.grayscale.checked; stageChanged(); });
ui.flip.addEventListener('change', () => { app.stages[app.selected].flip = ui.flip.checked; stageChanged(); });

ui.addStage.addEventListener('click', () => {
  app.stages.splice(app.selected + 1, 0, newStage(pick(DEFAULT_NEXT)));
  app.selected += 1;
  app.results.length = Math.min(app.results.length, app.selected);
  renderStageList();
  renderEditor();
  scheduleRun();
});
ui.removeStage.addEventListener('click', () => {
  if (app.stages.length <= 1) return;
  app.stages.splice(app.selected, 1);
  app.results.length = Math.min(app.results.length, app.selected);
  app.selected = Math.min(app.selected, app.stages.length - 1);
  renderStageList();
  renderEditor();
  scheduleRun();
});

// ---------- view controls ----------

for (const r of document.querySelectorAll('input[name="layout"]')) {
  r.addEventListener('change', () => { if (r.checked) viewer.setMode(r.value); });
}
$('zoom-in').addEventListener('click', () => viewer.zoom(1.5));
$('zoom-out').addEventListener('click', () => viewer.zoom(1 / 1.5));
$('zoom-fit').addEventListener('click', () => viewer.fit());
$('zoom-1').addEventListener('click', () => viewer.actualSize());

// ---------- inspector ----------

let probeInFlight = false;
let probeWanted = null;

function setInspect(x, y) {
  if (!app.source) return;
  if (x < 0 || y < 0 || x >= app.source.width || y >= app.source.height) return;
  app.inspect = { x, y };
  ui.inspectX.value = String(x);
  ui.inspectY.value = String(y);
  viewer.setMarkers({ window: null, pixel: { x, y, w: 1, h: 1 } });
  probeWanted = { x, y };
  pumpProbe();
}

function refreshInspector() {
  if (app.inspect) setInspect(app.inspect.x, app.inspect.y);
}

async function pumpProbe() {
  if (probeInFlight || !probeWanted) return;
  const index = app.shownStage;
  if (index < 0) {
    renderInspectorMessage(ui.inspector, 'The result is not ready yet.');
    return;
  }
  const { x, y } = probeWanted;
  probeWanted = null;
  probeInFlight = true;
  let options;
  try {
    options = stageOptions(app.stages[index]);
  } catch (err) {
    probeInFlight = false;
    renderInspectorMessage(ui.inspector, err.message);
    return;
  }
  try {
    const reply = await worker.request({ type: 'probe', index, x, y, options });
    if (reply.type === 'probe') {
      renderInspector(ui.inspector, reply, {
        stageLabel: app.stages.length > 1 ? `stage ${index + 1} (${filterName(app.stages[index])})` : filterName(app.stages[index]),
        inputLabel: index === 0 ? 'the original image' : `the result of stage ${index}`,
      });
      ui.inspector.dataset.x = String(x);
      ui.inspector.dataset.y = String(y);
      const rowsSeen = reply.planes[0].parts[0].taps.map((t) => t.inputRow);
      const colsSeen = reply.planes[0].parts[0].taps.map((t) => t.inputCol);
      const top = Math.min(...rowsSeen), left = Math.min(...colsSeen);
      viewer.setMarkers({
        window: { x: left, y: top, w: Math.max(...colsSeen) - left + 1, h: Math.max(...rowsSeen) - top + 1 },
        pixel: { x, y, w: 1, h: 1 },
      });
    } else if (reply.type === 'missing') {
      renderInspectorMessage(ui.inspector, 'This result is not in the worker any more (the job was cancelled); change a setting to run it again.');
    }
  } catch (err) {
    if (!(err instanceof Cancelled)) renderInspectorMessage(ui.inspector, err.message);
  } finally {
    probeInFlight = false;
    if (probeWanted) pumpProbe();
  }
}

for (const input of [ui.inspectX, ui.inspectY]) {
  input.addEventListener('change', () => {
    const x = ui.inspectX.valueAsNumber, y = ui.inspectY.valueAsNumber;
    if (Number.isInteger(x) && Number.isInteger(y)) setInspect(x, y);
  });
}

const scan = { timer: 0 };
function stopScan() {
  clearInterval(scan.timer);
  scan.timer = 0;
  ui.scan.setAttribute('aria-pressed', 'false');
  ui.scan.textContent = 'Scan animation';
}
ui.scan.addEventListener('click', () => {
  if (scan.timer) { stopScan(); return; }
  if (!app.source) return;
  const W = app.source.width, H = app.source.height;
  const rw = Math.min(12, W), rh = Math.min(8, H);
  const cx = app.inspect?.x ?? Math.floor(W / 2), cy = app.inspect?.y ?? Math.floor(H / 2);
  const x0 = Math.max(0, Math.min(W - rw, cx - Math.floor(rw / 2)));
  const y0 = Math.max(0, Math.min(H - rh, cy - Math.floor(rh / 2)));
  const k = stageKernelSafe();
  viewer.showRegion(x0 - k, y0 - k, rw + 2 * k, rh + 2 * k);
  let step = 0;
  const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
  ui.scan.setAttribute('aria-pressed', 'true');
  ui.scan.textContent = 'Stop scan';
  const tick = () => {
    if (step >= rw * rh) { stopScan(); return; }
    setInspect(x0 + (step % rw), y0 + Math.floor(step / rw));
    step += 1;
  };
  tick();
  scan.timer = setInterval(tick, reduced ? 1200 : 350);
});

function stageKernelSafe() {
  try {
    const k = stageKernels(app.stages[Math.max(0, app.shownStage)]).kernels[0];
    return Math.ceil(Math.max(k.height, k.width) / 2);
  } catch {
    return 1;
  }
}

// ---------- start ----------

async function start() {
  try {
    const ready = await worker.request({ type: 'init' });
    app.filters = ready.filters;
  } catch (err) {
    ui.statusText.textContent = err.message;
    ui.compare.dataset.state = 'error';
    return;
  }
  ui.filterSelect.replaceChildren(
    ...app.filters.map((f) => new Option(f.name, f.id)),
    new Option('Custom kernel…', 'custom'),
  );
  app.stages = [newStage(pick(DEFAULT_FIRST))];
  app.selected = 0;
  renderStageList();
  renderEditor();
  ui.statusText.textContent = 'Engine ready.';
  document.documentElement.dataset.ready = 'true';
  const params = new URLSearchParams(location.search);
  const sample = SAMPLES.find((s) => s.id === params.get('sample')) ?? SAMPLES[0];
  ui.sampleSelect.value = sample.id;
  if (params.get('sample') !== 'none') await loadImage({ sample: sample.id }, sample.name.replace(/ \(.*/, ''));
}

start();
