// The image mode's running side: the worker jobs (load, run, probe, download),
// what they produced (timings, the shown stage, the last stage's pixels) and the
// status line. It never holds a full-size buffer except the last stage's result
// for `output`, which the worker transfers once per new chain.
import { ImageWorker, Cancelled } from './client.js';
import { poolSize } from './stripes.js';
import { closeBitmaps, TiledImage } from './tiles.js';
import { inspectorSteps as stepsOf, renderInspectorMessage } from './inspector.js';
import { SAMPLES } from './samples.js';
import { setAttr, setText } from '../shared/dom-write.js';
import { largeImageText } from './too-large.js';

const PROGRESS_DELAY_MS = 200;

export function createSession({ ui, store, viewer }) {
  const doc = ui.root.ownerDocument;
  const worker = new ImageWorker({ workers: poolSize(doc.defaultView?.navigator?.hardwareConcurrency) });
  // Both images draw in the mode's one render path (session.render), a few tiles a frame.
  const requestFrame = () => store.invalidate();
  const sourceTiles = new TiledImage(ui.sourceLayer, { requestFrame });
  const resultTiles = new TiledImage(ui.resultLayer, { requestFrame });
  const s = {
    source: null,        // { id, name, width, height, origin, sample? }
    sourceCounter: 0,
    loading: null,       // the sample id or file name being opened
    results: [],         // per stage: { ms, width, height } or { error }
    shownStage: -1,
    runToken: 0,
    runKey: null,
    completed: 0,
    shown: 0,            // runs whose result has been on screen (preview or tiles), complete or not
    output: null,        // { height, width, data } of the last stage
    outputKey: null,
    probeKey: null,
    pendingDownscale: null,
  };
  // What the session shows; render() writes it to the elements once a frame.
  const v = {
    status: 'Engine ready.', busy: false, progressShown: false, progress: 0, loadMessage: '', tooLarge: '',
    info: '', caption: 'Result', runState: '', shownStage: '', lastMs: '', workers: '', sourceId: '', downloading: false,
    inspector: { text: 'No pixel selected yet.' }, markers: { window: null, pixel: null },
  };
  const set = (fields) => { Object.assign(v, fields); store.invalidate(); };
  let progressTimer = 0;
  const status = (text) => set({ status: text });

  function showBusy(text) {
    clearTimeout(progressTimer);
    set({ status: text, busy: true, progressShown: false, progress: 0 });
    progressTimer = setTimeout(() => set({ progressShown: true }), PROGRESS_DELAY_MS);
  }
  function hideBusy() {
    clearTimeout(progressTimer);
    set({ busy: false, progressShown: false });
  }
  const finished = (state) => { s.completed++; set({ runState: state }); };
  const showLoadMessage = (text) => set({ loadMessage: text });
  const inspectorMessage = (text) => set({ inspector: { text } });

  // ---------- running the chain ----------

  async function run(d) {
    const configs = d.configs;
    s.runKey = runKeyOf(d);
    if (!s.source || !configs.length) return;
    if (worker.busy) worker.restart();
    const token = ++s.runToken;
    const view = d.view;
    const chainKey = d.chainKey;
    const started = performance.now();
    let seen = false;
    const onScreen = () => {
      if (seen || token !== s.runToken) return;
      seen = true;
      s.shown++;
      store.invalidate();
    };
    showBusy(`Filtering ${s.source.width}×${s.source.height}…`);
    set({ runState: 'running' });
    try {
      await worker.ensureSource(s.source.id, s.source.origin);
      const reply = await worker.request({
        type: 'run', sourceId: s.source.id, stages: configs, view, output: s.outputKey !== `${s.source.id}|${chainKey}`,
      }, {
        long: true,
        onEvent: (m) => {
          if (token !== s.runToken) {
            m.bitmap?.close();
            return;
          }
          if (m.type === 'progress') set({ progress: m.fraction });
          // Zoomed out, the new result is on screen once its preview is; the tiles follow. From
          // here on the new result is shown, so there is nothing left to cancel.
          if (m.type === 'preview') {
            hideBusy();
            resultTiles.showPreview(m.width, m.height, m.bitmap, () => { if (resultTiles.previewSuffices) onScreen(); });
          }
          if (m.type === 'stage') {
            s.results[m.stage] = { ms: m.ms, width: m.width, height: m.height };
            store.invalidate();
          }
        },
      });
      if (token !== s.runToken) {
        closeBitmaps(reply);
        return;
      }
      hideBusy();
      if (reply.type === 'stage-error') {
        s.results.length = reply.stage;
        s.results[reply.stage] = { error: reply.message };
        s.output = null;
        s.outputKey = null;
        status(`Stage ${reply.stage + 1} failed: ${reply.message}`);
        finished('error');
        store.invalidate();
        return;
      }
      s.results.length = d.stages.length;
      reply.times.forEach((ms, i) => { s.results[i] = { ...s.results[i], ms }; });
      if (d.firstError >= 0) s.results.length = d.firstError;
      if (reply.output) {
        s.output = reply.output;
        s.outputKey = `${s.source.id}|${chainKey}`;
      }
      s.shownStage = reply.view;
      const names = store.derived.stages;
      set({
        caption: store.state.stages.length > 1
          ? `Result of stage ${reply.view + 1}: ${names[reply.view]?.name ?? ''}`
          : `Result: ${names[reply.view]?.name ?? ''}`,
        shownStage: String(reply.view),
      });
      await resultTiles.show(reply.width, reply.height, reply.tiles, reply.preview);
      await s.sourceShown;
      if (token !== s.runToken) return;
      onScreen();
      const ms = reply.times[reply.view];
      status(`Done: stage ${reply.view + 1} took ${ms.toFixed(0)} ms in ${(reply.workers?.[reply.view] ?? 1) > 1 ? `${reply.workers[reply.view]} workers` : 'the worker'} (whole update ${(performance.now() - started).toFixed(0)} ms).`);
      set({ lastMs: ms.toFixed(1), workers: String(reply.workers?.[reply.view] ?? 1) });
      s.probeKey = null;
      finished('done');
      store.invalidate();
    } catch (err) {
      if (err instanceof Cancelled || token !== s.runToken) return;
      hideBusy();
      status(err.message);
      finished('error');
    }
  }

  const runKeyOf = (d) => `${s.source?.id}|${d.chainKey}|${d.view}`;

  function cancel() {
    worker.restart();
    s.runToken++;
    hideBusy();
    status('Cancelled. The result shown is from the previous settings; change a setting to run again.');
    set({ runState: 'cancelled' });
  }

  // ---------- opening images ----------

  async function load(request, name, { sample = null } = {}) {
    set({ loadMessage: '', tooLarge: '' });
    const superseded = worker.busy;
    if (superseded) worker.restart();
    s.runToken++;
    const id = ++s.sourceCounter;
    s.loading = sample ?? name;
    showBusy(request.sample ? 'Drawing the sample…' : request.resize ? `Downscaling ${name} to ${request.resize.width}×${request.resize.height}…` : `Decoding ${name}…`);
    let reply;
    try {
      reply = await worker.request({ type: 'load', sourceId: id, ...request }, {
        long: true,
        onEvent: (m) => { if (m.type === 'progress') set({ progress: m.fraction }); },
      });
    } catch (err) {
      if (err instanceof Cancelled) return;
      s.loading = null;
      hideBusy();
      status('');
      showLoadMessage(`Could not open “${name}”: ${err.message} The current image is kept.`);
      // A crashed decode (out of memory) takes the worker with it; start afresh.
      worker.restart();
      s.runKey = null;
      store.invalidate();
      return;
    }
    s.loading = null;
    hideBusy();
    if (reply.type !== 'loaded' && superseded) s.runKey = null;
    if (reply.type === 'decode-error') {
      status(s.source ? 'Kept the current image.' : '');
      showLoadMessage(`Could not open “${name}”: the file is damaged or is not an image this browser can decode (PNG, JPEG, WebP, GIF, BMP). The current image is kept.`);
      store.invalidate();
      return;
    }
    if (reply.type === 'too-large') {
      const { text, width, height } = largeImageText(name, reply);
      set({ tooLarge: text, status: 'Image too large: waiting for your choice.' });
      s.pendingDownscale = { blob: request.blob, name, width, height };
      store.afterRender(() => ui.downscaleYes.focus());
      return;
    }
    s.source = { id, name, width: reply.width, height: reply.height, origin: request, sample };
    worker.sourceId = id;
    s.sourceShown = sourceTiles.show(reply.width, reply.height, reply.tiles, reply.preview);
    // The previous result would be misleading under a new image until the new one arrives.
    resultTiles.clear(reply.width, reply.height);
    s.results = [];
    s.shownStage = -1;
    s.output = null;
    s.outputKey = null;
    s.runKey = null;
    s.probeKey = null;
    viewer.setSize(reply.width, reply.height);
    set({
      info: `${name} · ${reply.width}×${reply.height} px (${(reply.width * reply.height / 1e6).toFixed(1)} MP)`,
      sourceId: String(id), inspector: { text: 'Hover or tap a pixel of the result.' },
    });
    if (!sample) store.dispatch((st) => ({ ...st, photo: true, inspect: null }));
    else store.invalidate();
    store.sourceChanged();
  }

  function loadSample(id) {
    const sample = SAMPLES.find((x) => x.id === id);
    return load({ sample: sample.id }, sample.name.replace(/ \(.*/, ''), { sample: sample.id });
  }

  function openFile(file) {
    if (!file) return;
    if (file.type && !file.type.startsWith('image/')) {
      showLoadMessage(`“${file.name}” is not an image (${file.type}). Open a PNG, JPEG, WebP, GIF or BMP file. The current image is kept.`);
      return;
    }
    load({ blob: file }, file.name || 'pasted image');
  }

  ui.downscaleYes.addEventListener('click', () => {
    const p = s.pendingDownscale;
    s.pendingDownscale = null;
    set({ tooLarge: '' });
    if (p) load({ blob: p.blob, resize: { width: p.width, height: p.height } }, p.name);
  });
  ui.downscaleNo.addEventListener('click', () => {
    s.pendingDownscale = null;
    set({ tooLarge: '', status: 'Kept the current image.' });
  });
  ui.cancel.addEventListener('click', () => { cancel(); store.stopScan(); });

  // ---------- the inspector ----------

  let probeInFlight = false;
  async function probe(x, y) {
    const index = s.shownStage;
    const runKey = s.runKey;
    const key = `${runKey}|${x},${y}`;
    if (probeInFlight || s.probeKey === key) return;
    s.probeKey = key;
    if (index < 0) return;
    set({ markers: { window: null, pixel: { x, y, w: 1, h: 1 } } });
    const d = store.derived.stages[index];
    if (!d?.options) { inspectorMessage(d?.error ?? 'This stage cannot run.'); return; }
    probeInFlight = true;
    try {
      const reply = await worker.request({ type: 'probe', index, x, y, options: d.options });
      if (reply.type === 'probe') {
        const many = store.state.stages.length > 1;
        const context = {
          stageLabel: many ? `stage ${index + 1} (${d.name})` : d.name,
          inputLabel: index === 0 ? 'the original image' : `the result of stage ${index}`,
        };
        const taps = reply.planes[0].parts[0].taps;
        const rows = taps.map((t) => t.inputRow), cols = taps.map((t) => t.inputCol);
        const top = Math.min(...rows), left = Math.min(...cols);
        set({
          inspector: { reply, context, x, y, runKey },
          markers: { window: { x: left, y: top, w: Math.max(...cols) - left + 1, h: Math.max(...rows) - top + 1 }, pixel: { x, y, w: 1, h: 1 } },
        });
      } else if (reply.type === 'missing') {
        inspectorMessage('This result is not in the worker any more (the job was cancelled); change a setting to run it again.');
      } else if (reply.type === 'outside') {
        inspectorMessage(`Pixel (x ${x}, y ${y}) is outside the result (${s.results[index]?.width ?? '?'}×${s.results[index]?.height ?? '?'}).`);
      }
    } catch (err) {
      if (!(err instanceof Cancelled)) inspectorMessage(err.message);
    } finally {
      probeInFlight = false;
      // The state may have moved on to another pixel while this one was computed.
      store.invalidate();
    }
  }

  // ---------- download ----------

  ui.download.addEventListener('click', async () => {
    if (!s.source || s.shownStage < 0) return;
    const index = s.shownStage;
    const prev = v.status;
    set({ downloading: true, status: 'Encoding the PNG at full resolution…' });
    try {
      const reply = await worker.request({ type: 'png', index }, { long: true });
      if (reply.type !== 'png') throw new Error('the result is not available any more; change a setting to run the filter again');
      const url = URL.createObjectURL(reply.blob);
      const a = doc.createElement('a');
      a.href = url;
      const base = s.source.name.replace(/\.[a-z0-9]+$/i, '').replace(/[^\w.-]+/g, '-');
      a.download = `${base}-stage${index + 1}-${reply.width}x${reply.height}.png`;
      ui.frame.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status(prev);
    } catch (err) {
      status(err instanceof Cancelled ? 'Download cancelled.' : `Download failed: ${err.message}`);
    } finally {
      set({ downloading: false });
    }
  });

  /** Side effects the new state asks for: open the chosen sample, run the chain, inspect the pixel. */
  function effects(state, d) {
    const wantSample = !state.photo && state.sample && s.source?.sample !== state.sample;
    if (wantSample && s.loading !== state.sample) { loadSample(state.sample); return; }
    if (s.loading) return;
    if (s.source && runKeyOf(d) !== s.runKey) { run(d); return; }
    if (!state.inspect && v.markers.pixel) set({ markers: { window: null, pixel: null } });
    if (state.inspect && s.shownStage >= 0 && v.runState === 'done') {
      const { x, y } = state.inspect;
      if (x < s.source.width && y < s.source.height) probe(x, y);
    }
  }

  let shownInspector = null;
  let inspectorSteps = [];
  let shownMarkers = null;
  /** Writes what the session shows; called by the mode's one render path. */
  function render() {
    // First, so that a run whose preview this frame draws is counted on screen in this frame.
    const drawing = sourceTiles.pump();
    if (resultTiles.pump() || drawing) store.invalidate();
    setText(ui.statusText, v.status);
    ui.progressWrap.hidden = !(v.busy && v.progressShown);
    ui.progress.value = v.progress;
    ui.cancel.disabled = !v.busy;
    setAttr(ui.compare, 'aria-busy', v.busy ? 'true' : null);
    setText(ui.loadMessage, v.loadMessage);
    ui.loadMessage.hidden = !v.loadMessage;
    setText(ui.tooLargeText, v.tooLarge);
    ui.tooLarge.hidden = !v.tooLarge;
    setText(ui.imageInfo, v.info);
    setText(ui.resultCaption, v.caption);
    ui.download.disabled = v.downloading;
    Object.assign(ui.compare.dataset, { runs: String(s.completed), shown: String(s.shown), state: v.runState, shownStage: v.shownStage, lastMs: v.lastMs, workers: v.workers, sourceId: v.sourceId });
    if (v.inspector !== shownInspector) {
      shownInspector = v.inspector;
      const { reply, context, text: message } = v.inspector;
      inspectorSteps = reply ? stepsOf(ui.inspector, reply, context) : [() => renderInspectorMessage(ui.inspector, message)];
    }
    // One step a frame: a large kernel's grids are spread over a few frames, not one long task.
    if (inspectorSteps.length) {
      inspectorSteps.shift()();
      if (inspectorSteps.length) store.invalidate();
    }
    // data-x / data-y name the pixel of a complete inspector of the result being shown, never
    // a half-built one or one of a result a new run replaces.
    const stale = Boolean(v.inspector.reply) && v.inspector.runKey !== s.runKey;
    const complete = !inspectorSteps.length && Boolean(v.inspector.reply) && !stale;
    const busy = inspectorSteps.length > 0 || (stale && (v.runState === 'running' || probeInFlight));
    setAttr(ui.inspector, 'aria-busy', busy ? 'true' : null);
    setAttr(ui.inspector, 'data-x', complete ? String(v.inspector.x) : null);
    setAttr(ui.inspector, 'data-y', complete ? String(v.inspector.y) : null);
    if (v.markers !== shownMarkers) {
      shownMarkers = v.markers;
      viewer.setMarkers(v.markers);
    }
  }

  return {
    render,
    state: s,
    get results() { return s.results; },
    effects,
    openFile,
    cancel,
    /** The view's zoom, so each image draws its preview or its tiles. */
    setScale(scale) { sourceTiles.setScale(scale); resultTiles.setScale(scale); },
    destroy() { worker.terminate(); sourceTiles.cancelPending(); resultTiles.cancelPending(); },
    status,
  };
}
