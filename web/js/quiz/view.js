// The quiz mode's question views, bound to the element they are given: the prompt and
// answer widget of each question type, the feedback with the worked answer, the list
// of questions with their marks. Text always goes in as text.
import { formatNumber } from '../shared/numbers.js';
import { TYPE_NAMES } from './questions.js';
import { splitCells, splitSize } from './check.js';

const n = (v) => formatNumber(v);

function matrixEl(h, rows, { label, mark = () => '', button = null } = {}) {
  const g = h('div', { class: 'grid', role: 'group', 'aria-label': label });
  g.style.setProperty('--cols', String(rows[0].length));
  rows.forEach((row, r) => row.forEach((v, c) => {
    const cls = `cell ${mark(r, c)}`;
    g.append(button ? button(r, c, v, cls) : h('span', { class: cls, text: typeof v === 'number' ? n(v) : v }));
  }));
  return g;
}

function drawImage(doc, { width, height, data }, label) {
  const cv = doc.createElement('canvas');
  cv.width = width;
  cv.height = height;
  cv.className = 'quiz-image';
  cv.setAttribute('role', 'img');
  cv.setAttribute('aria-label', label);
  const ctx = cv.getContext('2d');
  const img = ctx.createImageData(width, height);
  img.data.set(data);
  ctx.putImageData(img, 0, 0);
  return cv;
}

const padText = (p) => (p ? `padding ${p} on every side` : 'no padding');

/** The prompt (what is asked, with its numbers) of a question. */
export function promptOf(q, s) {
  switch (q.type) {
    case 'size': return q.transposed
      ? `A transposed convolution: input ${q.height} × ${q.width}, kernel ${q.kernelHeight} × ${q.kernelWidth}, stride ${q.stride}, ${padText(q.padding)}, dilation ${q.dilation}, output padding ${q.outputPadding}. What is the output size?`
      : `Input ${q.height} × ${q.width}, kernel ${q.kernelHeight} × ${q.kernelWidth}, stride ${q.stride}, ${padText(q.padding)}, dilation ${q.dilation}. What is the output size?`;
    case 'feeds': return `Input ${q.height} × ${q.width}, kernel ${q.kernelHeight} × ${q.kernelWidth}, stride ${q.stride}, ${padText(q.padding)}, dilation ${q.dilation}. Pick every input cell that output cell (${s.cell.row + 1}, ${s.cell.col + 1}) reads.`;
    case 'value': return `Cross-correlation (the kernel is not flipped), stride ${q.stride}, ${padText(q.padding)} (zeros). What is output cell (${s.cell.row + 1}, ${s.cell.col + 1})?`;
    case 'filter': return 'The left image was filtered into the right one. Which built-in filter did it?';
    case 'pool': return `${q.mode === 'max' ? 'Max' : 'Average'} pooling with a ${q.window} × ${q.window} window and stride ${q.stride}, no padding. Type the pooled matrix (its size and its values): one row per line, numbers separated by spaces or commas.`;
    default: return '';
  }
}

/**
 * Builds the question card into `box`. `response` is the stored text; `locked` when it
 * can no longer change; `reveal` whether right and wrong are shown; `onDraft(text)`
 * keeps the widget's current text; ids get `prefix`.
 */
export function renderQuestion(box, h, doc, { q, s, index, count, response, draft, locked, reveal, check, onDraft, prefix, modeUrl }) {
  const kids = [];
  const title = h('h2', { id: `${prefix}q-title`, text: `Question ${index + 1} of ${count}: ${TYPE_NAMES[q.type]}` });
  kids.push(title);
  if (s.error) {
    kids.push(h('p', { class: 'error', role: 'alert', text: `This question could not be set: ${s.error}` }));
    box.replaceChildren(...kids);
    return;
  }
  kids.push(h('p', { class: 'prompt', id: `${prefix}q-prompt`, text: promptOf(q, s) }));
  const value = draft ?? response ?? '';
  const showMarks = reveal && response !== null && response !== undefined;
  switch (q.type) {
    case 'size': {
      const { rows, cols } = splitSize(value);
      const field = (name, label, v) => {
        const input = h('input', { type: 'text', inputmode: 'numeric', id: `${prefix}size-${name}`, value: v, readonly: locked, 'aria-describedby': `${prefix}q-prompt`, dataset: { answer: name } });
        return h('span', { class: 'field' }, h('label', { for: `${prefix}size-${name}`, text: label }), input);
      };
      const widget = h('div', { class: 'answer-row' }, field('rows', 'Rows', rows), h('span', { text: '×', 'aria-hidden': 'true' }), field('cols', 'Columns', cols));
      widget.addEventListener('input', () => {
        const [r, c] = widget.querySelectorAll('input');
        onDraft(`${r.value.trim()},${c.value.trim()}`);
      });
      kids.push(widget);
      break;
    }
    case 'feeds': {
      const picked = new Set(splitCells(value));
      const want = new Set(s.answer);
      const rows = Array.from({ length: q.height }, () => new Array(q.width).fill(''));
      const mark = (r, c) => {
        const k = `${r}.${c}`;
        if (!showMarks) return picked.has(k) ? 'picked' : '';
        return want.has(k) ? (picked.has(k) ? 'picked right' : 'missed') : picked.has(k) ? 'picked wrong' : '';
      };
      const grid = matrixEl(h, rows, {
        label: `Input ${q.height} by ${q.width}: press the cells output (${s.cell.row + 1}, ${s.cell.col + 1}) reads`, mark,
        button: (r, c, _v, cls) => {
          const k = `${r}.${c}`;
          const b = h('button', { type: 'button', class: `${cls} pick`, 'aria-pressed': String(picked.has(k)), 'aria-label': `Input row ${r + 1} column ${c + 1}${showMarks ? (want.has(k) ? ', read' : ', not read') : ''}`, disabled: locked, text: showMarks && want.has(k) ? '●' : picked.has(k) ? '✓' : '' });
          b.addEventListener('click', () => {
            if (picked.has(k)) picked.delete(k);
            else picked.add(k);
            b.setAttribute('aria-pressed', String(picked.has(k)));
            b.classList.toggle('picked', picked.has(k));
            b.textContent = picked.has(k) ? '✓' : '';
            onDraft([...picked].join(';'));
          });
          return b;
        },
      });
      const outRows = Array.from({ length: s.outHeight }, (_, i) => Array.from({ length: s.outWidth }, (_, j) => (i === s.cell.row && j === s.cell.col ? '?' : '')));
      kids.push(h('div', { class: 'quiz-grids' },
        h('div', {}, h('h3', { text: `Input ${q.height} × ${q.width}` }), grid),
        h('div', {}, h('h3', { text: `Output ${s.outHeight} × ${s.outWidth}` }), matrixEl(h, outRows, { label: 'Output, the asked cell marked with a question mark', mark: (r, c) => (r === s.cell.row && c === s.cell.col ? 'asked' : '') }))));
      break;
    }
    case 'value': {
      const outRows = Array.from({ length: s.outHeight }, (_, i) => Array.from({ length: s.outWidth }, (_, j) => (i === s.cell.row && j === s.cell.col ? '?' : '')));
      kids.push(h('div', { class: 'quiz-grids' },
        h('div', {}, h('h3', { text: 'Input' }), matrixEl(h, q.input, { label: 'Input matrix' })),
        h('div', {}, h('h3', { text: 'Kernel' }), matrixEl(h, q.kernel, { label: 'Kernel' })),
        h('div', {}, h('h3', { text: `Output ${s.outHeight} × ${s.outWidth}` }), matrixEl(h, outRows, { label: 'Output, the asked cell marked', mark: (r, c) => (r === s.cell.row && c === s.cell.col ? 'asked' : '') }))));
      const input = h('input', { type: 'text', inputmode: 'decimal', id: `${prefix}value`, value, readonly: locked, 'aria-describedby': `${prefix}q-prompt`, dataset: { answer: 'value' } });
      input.addEventListener('input', () => onDraft(input.value));
      kids.push(h('div', { class: 'answer-row field' }, h('label', { for: `${prefix}value`, text: 'Value' }), input));
      break;
    }
    case 'filter': {
      kids.push(h('div', { class: 'quiz-grids' },
        h('figure', {}, drawImage(doc, s.image, 'The original picture'), h('figcaption', { text: 'Before' })),
        h('figure', {}, drawImage(doc, s.result, 'The filtered picture'), h('figcaption', { text: 'After' }))));
      const group = h('div', { class: 'choices', role: 'radiogroup', 'aria-labelledby': `${prefix}q-prompt` });
      for (const c of s.choices) {
        const id = `${prefix}choice-${c.id}`;
        const cls = showMarks ? (c.id === s.answer ? 'right' : c.id === response ? 'wrong' : '') : '';
        const radio = h('input', { type: 'radio', name: `${prefix}choice`, id, value: c.id, checked: value === c.id, disabled: locked, dataset: { answer: 'choice' } });
        radio.addEventListener('change', () => onDraft(c.id));
        group.append(h('label', { class: `choice ${cls}`, for: id }, radio, ` ${c.name}`));
      }
      kids.push(group);
      break;
    }
    case 'pool': {
      kids.push(h('div', { class: 'quiz-grids' }, h('div', {}, h('h3', { text: `Input ${q.input.length} × ${q.input[0].length}` }), matrixEl(h, q.input, { label: 'Input matrix' }))));
      const ta = h('textarea', { id: `${prefix}pool`, rows: 3, spellcheck: false, readonly: locked, 'aria-describedby': `${prefix}q-prompt`, dataset: { answer: 'pool' } });
      ta.value = value;
      ta.addEventListener('input', () => onDraft(ta.value));
      kids.push(h('div', { class: 'answer-col' }, h('label', { for: `${prefix}pool`, text: 'Pooled matrix' }), ta));
      break;
    }
    default: break;
  }
  box.replaceChildren(...kids);
  if (showMarks && check) box.append(feedbackEl(h, q, s, check, modeUrl));
}

/** Right or wrong, why, and the worked answer (the formula with the numbers; a link to the stepper with that state). */
export function feedbackEl(h, q, s, check, modeUrl) {
  const lines = s.worked.map((t) => h('li', { text: t }));
  const links = [];
  if (s.matrix && modeUrl?.matrix) links.push(h('a', { href: modeUrl.matrix(s.matrix), target: '_blank', rel: 'noopener', text: 'Step through it in the matrix mode' }));
  if (s.transpose && modeUrl?.transpose) links.push(h('a', { href: modeUrl.transpose(s.transpose), target: '_blank', rel: 'noopener', text: 'Step through it in the transposed mode' }));
  if (s.layer && modeUrl?.layer) links.push(h('a', { href: modeUrl.layer(s.layer), target: '_blank', rel: 'noopener', text: 'See the windows in the layer mode' }));
  return h('div', { class: `feedback ${check.correct ? 'right' : 'wrong'}`, role: 'status' },
    h('p', { class: 'verdict' }, h('b', { text: check.correct ? '✓ Right.' : '✗ Not quite.' }), check.why ? ` ${check.why}` : ''),
    h('p', { text: `Answer: ${s.answerText}` }),
    h('ul', { class: 'worked' }, lines),
    links.length ? h('p', { class: 'links' }, links) : null);
}
