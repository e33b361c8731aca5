// The layer mode's views, bound to the element they are given: the stacks of every
// stage (input channels, kernels with their biases, feature maps, ReLU, pooled maps)
// built once per shape, then updated in place by render() on each animation frame.
import { formatDisplay, formatPrecise, formatCellValue } from '../shared/numbers.js';
import { maker } from './dom.js';
import { channelName, channelTaps, totalSteps } from './derive.js';

const STAGE_TITLES = { conv: 'Feature map', relu: 'After ReLU', pool: 'Pooled' };

export function createLayerView(host, { doc }) {
  const h = maker(doc);
  const parts = {};
  let structureKey = '';
  const cellIndex = { input: new Map(), kernel: new Map(), bias: [], out: { conv: [], relu: [], pool: [] } };
  let lastAnnounce = '';
  // Decks: below the wide layout a stack shows one card at a time (the one the
  // inspected step uses, or the one a learner picked with the deck's tabs, until
  // the step or the inspected cell changes), so the input, the kernels, the
  // output and the arithmetic fit one screen.
  let decks = [];
  const picks = new Map();
  const contextKey = (state) => JSON.stringify([state.inspect, state.step]);

  // A deck without labels has no tabs: a kernel's slices follow the input's front channel.
  function deckOf(name, title, cards, labels) {
    const stack = h('div', { class: cards.length < 2 ? 'stack' : 'stack deck', dataset: { deck: name } }, cards);
    if (cards.length < 2) return [stack];
    if (!labels) {
      decks.push({ name, stack, cards, tabs: [] });
      return [stack];
    }
    const tabs = labels.map((label, k) => h('button', { type: 'button', class: 'deck-tab', 'aria-pressed': 'false', 'aria-label': `Show ${title} ${label}`, dataset: { deck: name, card: String(k) }, text: label }));
    decks.push({ name, stack, cards, tabs });
    return [h('div', { class: 'deck-tabs', role: 'group', 'aria-label': `${title}: which card is in front` }, tabs), stack];
  }

  /** A learner's choice of the front card of a deck; it holds until the step or the inspected cell changes. */
  function pick(name, k, state) {
    picks.set(name, { k, key: contextKey(state) });
  }

  const card = (title, ...kids) => h('div', { class: 'layer-card' }, h('h3', { text: title }), ...kids);

  function gridEl(rows, cols, label) {
    const g = h('div', { class: 'grid', role: 'group', 'aria-label': label });
    g.style.setProperty('--cols', String(cols));
    g.style.setProperty('--rows', String(rows));
    return g;
  }

  function build(state, d) {
    const s = d.shape;
    const pad = d.plan?.padding ?? { top: 0, bottom: 0, left: 0, right: 0 };
    const outs = ['conv', 'relu', 'pool'].map((k) => (k === 'conv' ? d.conv : k === 'relu' ? d.relu : d.pooled));
    const key = JSON.stringify([s, pad, state.image, outs.map((t) => t && [t.channels, t.height, t.width])]);
    if (key === structureKey) return;
    structureKey = key;
    cellIndex.input.clear();
    cellIndex.kernel.clear();
    cellIndex.bias = [];
    cellIndex.out = { conv: [], relu: [], pool: [] };
    decks = [];

    const inputCards = [];
    for (let c = 0; c < s.channels; c++) {
      const rows = s.height + pad.top + pad.bottom;
      const cols = s.width + pad.left + pad.right;
      const g = gridEl(rows, cols, `Input ${channelName(state, c)}, ${s.height} by ${s.width}${pad.top + pad.left ? ', with its padding' : ''}`);
      for (let r = -pad.top; r < s.height + pad.bottom; r++) {
        for (let k = -pad.left; k < s.width + pad.right; k++) {
          const inside = r >= 0 && r < s.height && k >= 0 && k < s.width;
          const el = inside
            ? h('input', { class: 'cell', type: 'text', inputmode: 'decimal', spellcheck: 'false', autocomplete: 'off', 'aria-label': `${channelName(state, c)} row ${r + 1} column ${k + 1}`, dataset: { which: 'input', at: `${c},${r},${k}` } })
            : h('span', { class: 'cell pad', 'aria-hidden': 'true' });
          cellIndex.input.set(`${c},${r},${k}`, el);
          g.append(el);
        }
      }
      inputCards.push(card(`${channelName(state, c)}`, g));
    }
    const kernelCards = [];
    for (let o = 0; o < s.kernels; o++) {
      const slices = [];
      for (let c = 0; c < s.channels; c++) {
        const g = gridEl(s.kernelHeight, s.kernelWidth, `Kernel ${o + 1}, slice for ${channelName(state, c)}`);
        for (let m = 0; m < s.kernelHeight; m++) {
          for (let n = 0; n < s.kernelWidth; n++) {
            const el = h('input', { class: 'cell', type: 'text', inputmode: 'decimal', spellcheck: 'false', autocomplete: 'off', 'aria-label': `Kernel ${o + 1} ${channelName(state, c)} row ${m + 1} column ${n + 1}`, dataset: { which: 'kernel', at: `${o},${c},${m},${n}` } });
            cellIndex.kernel.set(`${o},${c},${m},${n}`, el);
            g.append(el);
          }
        }
        slices.push(h('div', { class: 'slice' }, h('span', { class: 'slice-label', text: channelName(state, c) }), g));
      }
      const bias = h('input', { class: 'cell bias', type: 'text', inputmode: 'decimal', spellcheck: 'false', 'aria-label': `Bias of kernel ${o + 1}`, dataset: { which: 'bias', at: `${o}` } });
      cellIndex.bias.push(bias);
      kernelCards.push(h('div', { class: 'layer-card kernel-card', dataset: { kernel: String(o) } },
        h('h3', { text: `Kernel ${o + 1} (${s.channels}×${s.kernelHeight}×${s.kernelWidth})` }),
        ...deckOf(`slices-${o}`, `Kernel ${o + 1} slice`, slices, null),
        h('label', { class: 'bias-label' }, 'bias ', bias)));
    }
    const outCards = {};
    ['conv', 'relu', 'pool'].forEach((stage, k) => {
      const t = outs[k];
      outCards[stage] = [];
      if (!t) return;
      for (let o = 0; o < t.channels; o++) {
        const g = gridEl(t.height, t.width, `${STAGE_TITLES[stage]} ${o + 1}, ${t.height} by ${t.width}`);
        const cells = [];
        for (let i = 0; i < t.height; i++) {
          for (let j = 0; j < t.width; j++) {
            const el = h('button', { type: 'button', class: 'cell out', tabindex: '-1', dataset: { stage, at: `${o},${i},${j}` } });
            cells.push(el);
            g.append(el);
          }
        }
        cellIndex.out[stage].push(cells);
        outCards[stage].push(card(`${STAGE_TITLES[stage]} ${o + 1}`, g));
      }
    });
    const column = (name, title, shape, cards, extra = null, labels = cards.map((_, k) => String(k + 1))) => h('section', { class: `panel stage-col stage-${name}`, 'aria-label': title },
      h('h2', {}, title, h('span', { class: 'shape', text: shape })), extra, ...deckOf(name, title, cards, labels));
    parts.swatch = state.image ? h('canvas', { class: 'swatch', width: s.width, height: s.height, 'aria-hidden': 'true' }) : null;
    const t3 = (t) => (t ? `${t.channels}×${t.height}×${t.width}` : '');
    const cols = [
      column('input', 'Input', `${s.channels}×${s.height}×${s.width}`, inputCards, parts.swatch, Array.from({ length: s.channels }, (_, c) => channelName(state, c))),
      column('kernels', 'Kernels', `${s.kernels}×${s.channels}×${s.kernelHeight}×${s.kernelWidth}`, kernelCards),
      column('conv', 'Feature maps', t3(d.conv), outCards.conv.length ? outCards.conv : [h('p', { class: 'note', text: 'No feature maps: see the message above.' })]),
    ];
    if (d.relu) cols.push(column('relu', 'ReLU: max(0, v)', t3(d.relu), outCards.relu));
    if (d.pooled) cols.push(column('pool', `${d.pool.mode === 'max' ? 'Max' : 'Average'} pooling ${d.pool.height}×${d.pool.width}, stride ${d.pool.strideY},${d.pool.strideX}`, t3(d.pooled), outCards.pool));
    parts.stages.replaceChildren(...cols);
  }

  function mark(el, cls, on) {
    if (el && el.classList.contains(cls) !== Boolean(on)) el.classList.toggle(cls, Boolean(on));
  }

  function setValue(el, text, active) {
    if (el !== active && el.value !== text) el.value = text;
  }

  function drawSwatch(state) {
    const cv = parts.swatch;
    if (!cv) return;
    const s = state.input;
    const nums = s.flat(2).map(Number);
    const scale = Math.max(...nums.filter(Number.isFinite)) <= 1 ? 255 : 1;
    const ctx = cv.getContext('2d');
    const img = ctx.createImageData(cv.width, cv.height);
    for (let r = 0; r < cv.height; r++) {
      for (let c = 0; c < cv.width; c++) {
        const p = (r * cv.width + c) * 4;
        for (let k = 0; k < 3; k++) img.data[p + k] = (Number(s[k][r][c]) || 0) * scale;
        img.data[p + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  }

  function render(state, d, { active, hoverExplain }) {
    build(state, d);
    const invalid = new Set(d.cellErrors.map((e) => `${e.which}:${e.at.join(',')}`));
    for (const [k, el] of cellIndex.input) {
      if (el.tagName !== 'INPUT') continue;
      const [c, r, col] = k.split(',').map(Number);
      setValue(el, state.input[c][r][col], active);
      el.toggleAttribute('aria-invalid', invalid.has(`input:${k}`));
    }
    for (const [k, el] of cellIndex.kernel) {
      const [o, c, m, n] = k.split(',').map(Number);
      setValue(el, state.kernels[o][c][m][n], active);
      el.toggleAttribute('aria-invalid', invalid.has(`kernel:${k}`));
    }
    cellIndex.bias.forEach((el, o) => {
      setValue(el, state.bias[o], active);
      el.toggleAttribute('aria-invalid', invalid.has(`bias:${o}`));
    });
    drawSwatch(state);

    const ins = d.inspected;
    const step = state.step;
    // Input and kernel marks: the inspected conv cell's window, or a hovered cell's.
    const win = new Map();
    const kernelMarks = new Map();
    let activeKernel = -1;
    const explain = hoverExplain?.explain ?? (ins?.stage === 'conv' ? ins.explain : null);
    if (explain) {
      activeKernel = explain.channel;
      explain.taps.forEach((t, k) => {
        const phase = hoverExplain ? 'hover' : k < step ? 'done' : k === step ? 'cur' : 'todo';
        win.set(`${t.inputChannel},${t.inputRow},${t.inputCol}`, { phase, t });
        kernelMarks.set(`${explain.channel},${t.inputChannel},${t.kernelRow},${t.kernelCol}`, phase);
      });
    }
    for (const [k, el] of cellIndex.input) {
      const m = win.get(k);
      mark(el, 'win', m);
      mark(el, 'cur', m?.phase === 'cur');
      mark(el, 'done', m?.phase === 'done');
      mark(el, 'hover', m?.phase === 'hover');
      if (el.tagName === 'SPAN') el.textContent = m ? formatDisplay(m.t.value) : '';
    }
    for (const [k, el] of cellIndex.kernel) {
      const ph = kernelMarks.get(k);
      mark(el, 'win', ph);
      mark(el, 'cur', ph === 'cur');
    }
    for (const c of parts.stages.querySelectorAll('.kernel-card')) mark(c, 'active', Number(c.dataset.kernel) === activeKernel);
    const tap = explain && !hoverExplain ? explain.taps[Math.min(step, explain.taps.length - 1)] : null;
    renderDecks(state, { channel: tap?.inputChannel ?? 0, kernel: activeKernel >= 0 ? activeKernel : ins?.channel ?? 0, output: ins?.channel ?? 0 });

    // Output stages: values, the inspected cell, a pooled cell's window and its winner.
    const poolWin = new Map();
    if (ins?.stage === 'pool') {
      ins.cells.forEach((x, k) => poolWin.set(`${x.row},${x.col}`, k));
    }
    for (const stage of ['conv', 'relu', 'pool']) {
      const t = stage === 'conv' ? d.conv : stage === 'relu' ? d.relu : d.pooled;
      cellIndex.out[stage].forEach((cells, o) => {
        cells.forEach((el, k) => {
          const i = Math.floor(k / t.width);
          const j = k % t.width;
          const v = t.data[(o * t.height + i) * t.width + j];
          const text = formatDisplay(v);
          if (el.textContent !== text) el.textContent = text;
          mark(el, 'neg', v < 0);
          const sel = ins && ins.stage === stage && ins.channel === o && ins.row === i && ins.col === j;
          mark(el, 'sel', sel);
          const inPool = ins?.stage === 'pool' && stage === ins.source && o === ins.channel ? poolWin.get(`${i},${j}`) : undefined;
          mark(el, 'win', inPool !== undefined);
          mark(el, 'cur', inPool !== undefined && inPool === step);
          mark(el, 'winner', inPool !== undefined && inPool === ins.winner && step >= ins.cells.length - 1);
          const ownedRelu = ins?.stage === 'relu' && stage === 'conv' && o === ins.channel && i === ins.row && j === ins.col;
          mark(el, 'win', inPool !== undefined || ownedRelu);
          el.tabIndex = sel || (!ins && k === 0) ? 0 : -1;
          const label = `${STAGE_TITLES[stage]} ${o + 1} row ${i + 1} column ${j + 1}: ${formatPrecise(v)}`;
          if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
          el.setAttribute('aria-pressed', sel ? 'true' : 'false');
        });
      });
    }
    renderArithmetic(state, d);
  }

  function renderDecks(state, front) {
    const key = contextKey(state);
    const chosen = (name) => (picks.get(name)?.key === key ? picks.get(name).k : undefined);
    const channel = chosen('input') ?? front.channel;
    for (const deck of decks) {
      const own = deck.name === 'input' || deck.name.startsWith('slices-') ? channel : deck.name === 'kernels' ? front.kernel : front.output;
      const k = Math.min(chosen(deck.name) ?? own, deck.cards.length - 1);
      deck.cards.forEach((c, i) => mark(c, 'front', i === k));
      deck.tabs.forEach((t, i) => t.setAttribute('aria-pressed', String(i === k)));
    }
  }

  function line(cls, ...kids) {
    return h('p', { class: `arith-line ${cls}` }, ...kids);
  }

  const num = (v) => (v < 0 ? `(${formatPrecise(v)})` : formatPrecise(v));

  function renderArithmetic(state, d) {
    const ins = d.inspected;
    const total = totalSteps(d);
    const step = Math.min(state.step, Math.max(total - 1, 0));
    parts.stepText.textContent = total ? `Step ${step + 1} / ${total}` : 'No steps';
    parts.stepRange.max = String(Math.max(total - 1, 0));
    if (parts.stepRange.value !== String(step)) parts.stepRange.value = String(step);
    parts.play.textContent = state.playing ? 'Pause' : 'Play';
    parts.play.setAttribute('aria-label', state.playing ? 'Pause' : 'Play the steps');
    const lines = [];
    let say = '';
    if (!ins) {
      lines.push(line('', 'Choose a cell of a feature map or a pooled map to see its arithmetic.'));
    } else if (ins.stage === 'conv') {
      const e = ins.explain;
      const groups = channelTaps(e, d.shape.channels);
      parts.arithTitle.textContent = `Feature map ${ins.channel + 1}, row ${ins.row + 1}, column ${ins.col + 1}: the sum over ${d.shape.channels} ${d.shape.channels === 1 ? 'channel' : 'channels'}, plus the bias`;
      groups.forEach((taps, c) => {
        const last = taps[taps.length - 1]?.index ?? -1;
        const terms = taps.map((t) => h('span', { class: `term ${t.index < step ? 'done' : t.index === step ? 'cur' : 'todo'}`, text: `${num(t.value)}·${num(t.weight)}` }));
        const joined = [];
        terms.forEach((x, k) => { if (k) joined.push(' + '); joined.push(x); });
        lines.push(line('channel', h('b', { text: `${channelName(state, c)}: ` }), ...joined,
          step >= last ? h('span', { class: 'partial', text: ` = ${formatPrecise(ins.partials[c])}` }) : ' = …'));
      });
      const T = e.taps.length;
      lines.push(line(step >= T ? 'bias done' : 'bias todo', h('b', { text: 'bias: ' }), step >= T ? `+ ${formatPrecise(e.bias)}` : '+ …'));
      lines.push(line(step >= T + 1 ? 'total done' : 'total todo', h('b', { text: 'total: ' }),
        step >= T + 1 ? `${ins.partials.map(formatPrecise).join(' + ')} + ${formatPrecise(e.bias)} = ${formatPrecise(e.sum)}` : '…'));
      if (step < T) {
        const t = e.taps[step];
        say = `Step ${step + 1} of ${total}: ${channelName(state, t.inputChannel)}, input row ${t.inputRow + 1} column ${t.inputCol + 1}${t.inside ? '' : ' (padding)'}, value ${formatPrecise(t.value)}, times weight ${formatPrecise(t.weight)}, gives ${formatPrecise(t.product)}.`;
      } else if (step === T) say = `Step ${step + 1} of ${total}: add the bias ${formatPrecise(e.bias)}.`;
      else say = `Step ${step + 1} of ${total}: feature map ${ins.channel + 1} row ${ins.row + 1} column ${ins.col + 1} is ${formatPrecise(e.sum)}.`;
    } else if (ins.stage === 'relu') {
      parts.arithTitle.textContent = `After ReLU ${ins.channel + 1}, row ${ins.row + 1}, column ${ins.col + 1}`;
      lines.push(line('total done', `max(0, ${formatPrecise(ins.before)}) = ${formatPrecise(ins.value)}`));
      say = `ReLU of ${formatPrecise(ins.before)} is ${formatPrecise(ins.value)}.`;
    } else {
      const r0 = ins.cells[0];
      const rN = ins.cells[ins.cells.length - 1];
      parts.arithTitle.textContent = `Pooled ${ins.channel + 1}, row ${ins.row + 1}, column ${ins.col + 1}: ${ins.mode} of the window rows ${r0.row + 1}–${rN.row + 1}, columns ${r0.col + 1}–${rN.col + 1}`;
      const terms = ins.cells.map((x, k) => h('span', { class: `term ${k < step ? 'done' : k === step ? 'cur' : 'todo'}`, text: formatPrecise(x.value) }));
      const joined = [];
      terms.forEach((x, k) => { if (k) joined.push(ins.mode === 'max' ? ', ' : ' + '); joined.push(x); });
      const end = step >= ins.cells.length - 1;
      if (ins.mode === 'max') {
        const w = ins.cells[ins.winner];
        lines.push(line('channel', 'max(', ...joined, ')', end ? ` = ${formatPrecise(ins.value)}` : ' = …'));
        if (end && w) lines.push(line('total done', `The winner: row ${w.row + 1}, column ${w.col + 1} (${formatPrecise(w.value)}); the other ${ins.cells.length - 1} values are dropped.`));
      } else {
        lines.push(line('channel', '(', ...joined, `) / ${ins.cells.length}`, end ? ` = ${formatPrecise(ins.value)}` : ' = …'));
      }
      const x = ins.cells[step];
      say = end ? `Pooled value ${formatPrecise(ins.value)}.` : `Window cell ${step + 1} of ${ins.cells.length}: row ${x.row + 1} column ${x.col + 1}, value ${formatPrecise(x.value)}.`;
    }
    if (!ins) parts.arithTitle.textContent = 'Arithmetic';
    parts.arith.replaceChildren(...lines);
    if (say !== lastAnnounce) {
      lastAnnounce = say;
      parts.announce.textContent = say;
    }
  }

  return { parts, render, pick, h, cellIndex, formatCellValue };
}
