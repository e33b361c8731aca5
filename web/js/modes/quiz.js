// The quiz mode of the component (interface 3): seeded questions, answers checked
// against the engine, a score, and an exam setting that holds feedback to the end.
// The score and the answers are in getState() and every statechange, so a course page
// can record them. mount(root, …) never touches document, location or a global.
import { bindShareButtons } from '../shared/share-buttons.js';
import { showProblemList, showPanels } from '../shared/mode-view.js';
import { maker } from '../layer/dom.js';
import { inlineStyleBase, linkStyles } from '../shared/styles.js';
import { TYPES, TYPE_NAMES, LIMITS } from '../quiz/questions.js';
import { createState, derive, toJSON, validateState, applyPatch, answer, finish, restart, setSettings, setCurrent, canAnswer, showsFeedback } from '../quiz/model.js';
import { encodeState as encodeLink, decodeState as decodeLink } from '../quiz/link.js';
import { renderQuestion } from '../quiz/view.js';
import { encodeState as matrixHash } from '../playground/link.js';
import { encodeState as layerHash } from '../layer/link.js';
import { encodeState as transposeHash } from '../transpose/link.js';
import { createWorked } from '../quiz/worked.js';

export const PANELS = ['settings', 'share', 'score', 'question', 'list'];
/** The stylesheets the mode needs, in web/css/; a host that renders into a shadow root links them there. */
export const STYLE_FILES = ['common.css', 'layer.css', 'quiz.css'];
export const encodeState = (state) => encodeLink(state);
export const decodeState = (hash) => decodeLink(hash);

let mounts = 0;

// A page that links the sheets itself gives no styleBase; the worked answer's shadow
// root then links them from the folder the page's own quiz.css comes from (or, in the
// offline single file, takes the sheets' text it carries).
function pageStyleBase(doc) {
  const link = [...doc.querySelectorAll('link[rel="stylesheet"][href]')].find((l) => /\/quiz\.css$/.test(new URL(l.href, doc.baseURI).pathname));
  return link ? new URL('./', link.href).href : inlineStyleBase();
}

export async function mount(root, {
  engine, state: initial, panels = null, readonly = false, onStateChange = () => {}, idPrefix, styleBase = null,
  shareUrl = null, embedSnippets = null, modeUrl = null,
} = {}) {
  if (!engine) throw new Error('mount needs { engine } (await createConvolution())');
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  const p = idPrefix ?? `cpq${++mounts}-`;
  const h = maker(doc);
  const host = h('div', { class: 'cp-mode cp-quiz' });
  root.append(host);
  // styleBase: the URL of web/css/ (the element gives it); none when the page links the styles itself.
  const sheets = linkStyles(root, styleBase, STYLE_FILES);
  const state = createState();
  let derived = null;
  let frameRequested = false;
  let destroyed = false;
  let pendingUser = null;
  let linkProblems = [];
  let viewOpts = { panels: null, readonly: Boolean(readonly) };
  let cardKey = '';
  const drafts = new Map();
  const links = modeUrl ? { matrix: (s) => modeUrl('matrix', matrixHash(s)), transpose: (s) => modeUrl('transpose', transposeHash(s)), layer: (s) => modeUrl('layer', layerHash(s)) } : null;
  const worked = createWorked({ engine, styleBase: styleBase ?? pageStyleBase(doc), idPrefix: p });

  // ---- Markup ----
  const el = {};
  el.status = h('div', { class: 'status', role: 'status', hidden: true });
  el.linkMessage = h('div', { class: 'error link-message', role: 'alert', hidden: true });
  el.seed = h('input', { type: 'text', id: `${p}seed`, maxlength: String(LIMITS.seed.max), spellcheck: 'false', autocomplete: 'off' });
  el.count = h('input', { type: 'number', id: `${p}count`, min: String(LIMITS.count.min), max: String(LIMITS.count.max), inputmode: 'numeric' });
  el.exam = h('input', { type: 'checkbox', id: `${p}exam` });
  el.types = TYPES.map((t) => h('input', { type: 'checkbox', id: `${p}type-${t}`, value: t }));
  el.apply = h('button', { type: 'button', class: 'primary', text: 'Start these questions' });
  el.settings = h('details', { class: 'drawer', dataset: { panel: 'settings' } }, h('summary', {}, 'Quiz settings'),
    h('div', { class: 'drawer-body settings-body' },
      h('div', { class: 'field' }, h('label', { for: `${p}seed`, text: 'Seed' }), el.seed,
        h('span', { class: 'hint', text: 'Everyone with the same seed gets the same questions; a student\'s own name as the seed gives them their own.' })),
      h('div', { class: 'field' }, h('label', { for: `${p}count`, text: 'Questions' }), el.count),
      h('fieldset', {}, h('legend', { text: 'Question types' }), h('div', { class: 'option-fields' }, TYPES.map((t, k) => h('span', { class: 'field check' }, el.types[k], h('label', { for: `${p}type-${t}`, text: TYPE_NAMES[t] }))))),
      h('div', { class: 'field check' }, el.exam, h('label', { for: `${p}exam`, text: 'Exam: feedback only at the end' })),
      el.apply));
  el.copyLink = h('button', { type: 'button', text: 'Copy link' });
  el.copyEmbed = h('button', { type: 'button', text: 'Copy embed code' });
  el.shareStatus = h('span', { class: 'share-status', role: 'status', 'aria-live': 'polite' });
  el.shareBox = h('textarea', { readonly: true, rows: 3, 'aria-label': 'Text to copy', hidden: true });
  el.score = h('p', { class: 'score', role: 'status', 'aria-live': 'polite', dataset: { panel: 'score' } });
  el.list = h('ol', { class: 'question-list', 'aria-label': 'Questions', dataset: { panel: 'list' } });
  el.card = h('section', { class: 'panel question', 'aria-labelledby': `${p}q-title` });
  el.prev = h('button', { type: 'button', text: '◀ Previous' });
  el.check = h('button', { type: 'button', class: 'primary', text: 'Check' });
  el.next = h('button', { type: 'button', text: 'Next ▶' });
  el.finish = h('button', { type: 'button', text: 'Finish and show the results' });
  el.again = h('button', { type: 'button', text: 'Try again' });
  el.actions = h('div', { class: 'button-row actions' }, el.prev, el.check, el.next, el.finish, el.again);
  el.main = h('div', { class: 'quiz-mode', dataset: { ready: 'false' } }, el.status, el.linkMessage,
    h('div', { class: 'toolbar' }, el.settings, h('div', { class: 'share', dataset: { panel: 'share' } }, el.copyLink, el.copyEmbed, el.shareStatus, el.shareBox)),
    el.score, el.list, h('div', { dataset: { panel: 'question' } }, el.card, el.actions));
  host.append(el.main);

  // ---- Frame: derive, render, report ----
  function invalidate() {
    if (frameRequested || destroyed) return;
    frameRequested = true;
    win.requestAnimationFrame(() => {
      frameRequested = false;
      if (!destroyed) work();
    });
  }
  function changed(user) {
    pendingUser = pendingUser === null ? user : pendingUser || user;
    invalidate();
  }

  function work() {
    if (!derived || derived.version !== state.version) derived = derive(state, engine);
    render();
    if (pendingUser !== null) {
      const user = pendingUser;
      pendingUser = null;
      onStateChange(toJSON(state, derived), user);
    }
  }

  function render() {
    const d = derived;
    const reveal = showsFeedback(state);
    const i = state.current;
    const q = d.questions[i];
    const s = q ? d.solvedOf(i) : null;
    const response = state.responses[i] ?? null;
    const locked = viewOpts.readonly || !canAnswer(state, i);
    const active = root.activeElement ?? doc.activeElement;
    if (el.seed !== active) el.seed.value = state.seed;
    if (el.count !== active) el.count.value = String(state.count);
    el.exam.checked = state.exam;
    el.types.forEach((b) => { b.checked = state.types.includes(b.value); });
    const { correct, answered, total } = d.score;
    el.score.textContent = reveal
      ? `Score: ${correct} right of ${answered} answered (${total} ${total === 1 ? 'question' : 'questions'}).`
      : `${answered} of ${total} answered. Exam: the score and the answers are shown when you finish.`;
    // The list: one button per question, its mark shown when feedback is.
    const items = d.questions.map((qq, k) => {
      const c = d.checks[k];
      const mark = c ? (reveal ? (c.correct ? '✓' : '✗') : '•') : '';
      const said = c ? (reveal ? (c.correct ? ', right' : ', wrong') : ', answered') : ', not answered';
      return h('li', {}, h('button', { type: 'button', class: `q-button ${k === i ? 'current' : ''} ${reveal && c ? (c.correct ? 'right' : 'wrong') : ''}`, 'aria-current': k === i ? 'step' : null, 'aria-label': `Question ${k + 1}, ${TYPE_NAMES[qq.type]}${said}`, dataset: { q: String(k) }, text: `${k + 1}${mark}` }));
    });
    el.list.replaceChildren(...items);
    const key = JSON.stringify([state.seed, state.count, state.types, i, state.finished, state.exam, locked, reveal ? response : null, viewOpts.readonly]);
    if (key !== cardKey && q) {
      cardKey = key;
      worked.clear();
      renderQuestion(el.card, h, doc, {
        q, s, index: i, count: d.questions.length, response, draft: drafts.get(i), locked, reveal, check: d.checks[i], prefix: p, modeUrl: links,
        onDraft(text) {
          if (state.exam) {
            answer(state, i, text);
            changed(true);
          } else drafts.set(i, text);
        },
      });
      // After the feedback, not inside it: the feedback is a live region, the stepper is not.
      if (el.card.querySelector('.feedback')) {
        worked.show(el.card, s).catch((err) => {
          el.status.textContent = `The worked answer could not be shown: ${err.message}`;
          el.status.hidden = false;
        });
      }
    }
    el.prev.disabled = i === 0;
    el.next.disabled = i >= d.questions.length - 1;
    el.check.hidden = state.exam || !q || locked;
    el.finish.hidden = !state.exam || state.finished || viewOpts.readonly;
    el.again.hidden = !(state.finished || (!state.exam && answered === total)) || viewOpts.readonly;
    el.main.classList.toggle('readonly', viewOpts.readonly);
  }

  function showProblems(list) {
    linkProblems = list;
    showProblemList(el.linkMessage, list);
  }

  function load(obj, { base, extra = [] }) {
    const { patch, problems } = validateState(obj);
    applyPatch(state, patch, { base });
    drafts.clear();
    cardKey = '';
    derived = null;
    const all = [...extra, ...problems];
    showProblems(all);
    return all;
  }

  function applyView({ panels: names, readonly: ro }) {
    viewOpts = showPanels(host, { panels: names, readonly: ro }, ['settings']);
    cardKey = '';
    invalidate();
  }

  // ---- Events ----
  const go = (k) => {
    setCurrent(state, k);
    changed(true);
  };
  const submit = () => {
    const i = state.current;
    if (state.exam || viewOpts.readonly || !canAnswer(state, i)) return;
    const text = drafts.get(i);
    if (text === undefined || text.replace(/[,;\s]/g, '') === '') {
      el.status.textContent = 'Give an answer first, then press Check.';
      el.status.hidden = false;
      return;
    }
    el.status.hidden = true;
    answer(state, i, text);
    drafts.delete(i);
    changed(true);
    work();
    el.card.querySelector('.feedback')?.focus?.();
  };
  el.prev.addEventListener('click', () => go(state.current - 1));
  el.next.addEventListener('click', () => go(state.current + 1));
  el.check.addEventListener('click', submit);
  el.finish.addEventListener('click', () => { finish(state); changed(true); });
  el.again.addEventListener('click', () => { restart(state); drafts.clear(); changed(true); });
  el.list.addEventListener('click', (ev) => {
    const b = ev.target.closest?.('button[data-q]');
    if (b) go(Number(b.dataset.q));
  });
  el.card.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && ev.target.tagName === 'INPUT' && ev.target.type === 'text') {
      ev.preventDefault();
      submit();
    }
  });
  el.main.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.composedPath()[0] ?? ev.target;
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.closest?.('.grid')) return;
    // Keys inside the worked answer's stepper are its own.
    if (ev.composedPath().some((n) => n.classList?.contains('worked-stepper'))) return;
    if (ev.key === 'ArrowRight' || ev.key === 'PageDown') go(state.current + 1);
    else if (ev.key === 'ArrowLeft' || ev.key === 'PageUp') go(state.current - 1);
    else return;
    ev.preventDefault();
  });
  el.apply.addEventListener('click', () => {
    if (viewOpts.readonly) return;
    setSettings(state, { seed: el.seed.value.trim() || '1', count: Number(el.count.value) || state.count, types: el.types.filter((b) => b.checked).map((b) => b.value), exam: el.exam.checked });
    restart(state);
    drafts.clear();
    changed(true);
  });
  bindShareButtons(el, { host, shareUrl, embedSnippets, current: () => ({ json: toJSON(state, derived), view: viewOpts }) });

  applyView({ panels, readonly });
  if (initial !== undefined && initial !== null) load(initial, { base: 'defaults' });
  await sheets.done;
  work();
  el.main.dataset.ready = 'true';

  return {
    getState: () => toJSON(state, derived ?? derive(state, engine)),
    setState(obj) {
      const problems = load(obj, { base: 'current' });
      changed(false);
      work();
      return problems;
    },
    setHash(hash, extra = []) {
      const { state: s, problems } = decodeState(hash);
      const all = load(s, { base: 'defaults', extra: [...extra, ...problems] });
      changed(false);
      work();
      return all;
    },
    /** The shown question (0-based). */
    get step() { return state.current; },
    set step(v) {
      setCurrent(state, v);
      changed(false);
      work();
    },
    // A quiz has nothing to animate: play and pause keep the interface of every mode.
    play() {},
    pause() {},
    get playing() { return false; },
    /** The engine's result behind the shown question, when it has one (a convolution's or pooling's output). */
    get output() {
      const s = derived?.solvedOf(state.current);
      const o = s?.output;
      return o ? { height: o.height, width: o.width, data: Array.from(o.data) } : null;
    },
    get problems() { return [...linkProblems]; },
    get panels() { return viewOpts.panels; },
    setView(v) { applyView({ ...viewOpts, ...v }); },
    flush: work,
    get root() { return host; },
    /** The worked answer's mounted mode (its controller), when one is shown. */
    get worked() { return worked.controller; },
    destroy() {
      destroyed = true;
      worked.clear();
      host.remove();
      sheets.remove();
    },
  };
}
