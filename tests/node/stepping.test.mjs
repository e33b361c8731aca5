// The mount shell the 1-D and the transposed mode share (web/js/modes/stepping.js), with a
// stand-in window: the frame loop, frame timing and errors, the player's buttons and
// keys, and the shared half of the controller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openMount, frameLoop, timedFrame, startPlaying, bindPlayer, presetChooser, modeController } from '../../web/js/modes/stepping.js';

function fakeWin() {
  const frames = new Map();
  let next = 1;
  let clock = 0;
  const logged = [];
  return {
    frames, logged,
    tick: (ms) => { clock += ms; },
    run() { const due = [...frames.values()]; frames.clear(); for (const f of due) f(clock); },
    requestAnimationFrame(f) { frames.set(next, f); return next++; },
    cancelAnimationFrame(id) { frames.delete(id); },
    performance: { now: () => clock },
    console: { error: (e) => logged.push(e.message) },
  };
}

test('openMount: the defaults or the checked state, the link problems first and at most four', () => {
  const win = fakeWin();
  const root = { ownerDocument: { defaultView: win } };
  const specsOf = (options) => ({ from: options });
  const defaultState = () => ({ step: 0 });
  const validateState = (s) => ({ state: { step: s.step }, problems: ['p1', 'p2', 'p3'] });
  let made = 0;
  const prefix = () => `id${++made}-`;
  const a = openMount(root, { engine: { options: 'o' }, initial: undefined, idPrefix: undefined, linkProblems: [] }, { prefix, specsOf, defaultState, validateState });
  assert.deepEqual([a.p, a.specs, a.state, a.problems, a.win === win], ['id1-', { from: 'o' }, { step: 0 }, [], true]);
  const b = openMount(root, { engine: { options: 'o' }, initial: { step: 3 }, idPrefix: 'x-', linkProblems: ['l1', 'l2'] }, { prefix, specsOf, defaultState, validateState });
  assert.deepEqual([b.p, b.state, b.problems, made], ['x-', { step: 3 }, ['l1', 'l2', 'p1', 'p2'], 1]);
  assert.throws(() => openMount(root, { linkProblems: [] }, { prefix, specsOf, defaultState, validateState }), /needs \{ engine \}/);
});

test('frameLoop asks for one frame at a time and none after stop', () => {
  const win = fakeWin();
  let drawn = 0;
  const loop = frameLoop(win, () => { drawn++; loop.request(); });
  loop.request();
  loop.request();
  assert.equal(win.frames.size, 1);
  win.run();
  assert.equal(drawn, 1);
  assert.equal(win.frames.size, 1, 'a frame may ask for the next one');
  loop.stop();
  assert.equal(win.frames.size, 0, 'stop cancels the pending frame');
  loop.request();
  assert.equal(win.frames.size, 0);
});

test('timedFrame keeps the timing of every frame and turns a throw into a shown problem', () => {
  const win = fakeWin();
  const ui = { playing: false, lastWorkMs: 0, maxWorkMs: 0, frames: 0, history: [] };
  startPlaying(ui, win);
  const box = { hidden: true, textContent: '' };
  timedFrame(ui, win, box, 'Kept.', () => win.tick(7));
  timedFrame(ui, win, box, 'Kept.', () => win.tick(3));
  assert.deepEqual([ui.lastWorkMs, ui.maxWorkMs, ui.frames, ui.history, ui.playing], [3, 7, 2, [7, 3], true]);
  timedFrame(ui, win, box, 'Your input is kept.', () => { throw new Error('bad cell'); });
  assert.equal(ui.playing, false);
  assert.equal(box.hidden, false);
  assert.equal(box.textContent, 'Something went wrong while drawing: bad cell. Your input is kept.');
  assert.deepEqual(win.logged, ['bad cell']);
  for (let i = 0; i < 700; i++) timedFrame(ui, win, box, '', () => {});
  assert.equal(ui.history.length, 600);
});

test('bindPlayer: every button and key stops playback, then moves; first, last and the slider jump', () => {
  const root = new EventTarget();
  const el = Object.fromEntries(['play', 'first', 'last', 'back', 'forward', 'step'].map((k) => [k, new EventTarget()]));
  el.step.value = '4';
  const moves = [];
  let toggles = 0;
  let playing = true;
  const unbind = bindPlayer(root, el, {
    toggle: () => { toggles++; }, stop: () => { playing = false; }, go: (n, jump) => moves.push([n, jump, playing]), step: () => 2, total: () => 9,
  });
  for (const k of ['first', 'last', 'back', 'forward']) el[k].dispatchEvent(new Event('click'));
  el.step.dispatchEvent(new Event('input'));
  el.play.dispatchEvent(new Event('click'));
  const key = (name) => { const ev = new Event('keydown', { cancelable: true }); ev.key = name; root.dispatchEvent(ev); return ev.defaultPrevented; };
  assert.equal(key('ArrowRight'), true);
  key('Home');
  key(' ');
  assert.equal(key('a'), false, 'other keys are left alone');
  assert.deepEqual(moves, [[0, true, false], [8, true, false], [1, false, false], [3, false, false], [4, true, false], [3, false, false], [0, true, false]]);
  assert.equal(toggles, 2);
  unbind();
  key('End');
  assert.equal(moves.length, 7, 'unbound keys do nothing');
});

test('presetChooser: an example replaces the state and the typed texts, never while locked', () => {
  const ui = { texts: { signal: '1,' }, textErrors: { signal: 'x' }, presetNote: '' };
  let locked = true;
  const changes = [];
  const pick = presetChooser([{ id: 'box', note: 'A box.' }], {
    ui, readonly: () => locked, state: () => ({ n: 1 }), change: (s) => changes.push(s), applyPreset: (s, pr) => ({ ...s, preset: pr.id }),
  });
  pick('box');
  assert.deepEqual(changes, []);
  locked = false;
  pick('nope');
  pick('box');
  assert.deepEqual(changes, [{ n: 1, preset: 'box' }]);
  assert.deepEqual([ui.texts, ui.textErrors, ui.presetNote], [{}, {}, 'A box.']);
});

test('modeController: outside state, links, the view and problems; the getters stay live', () => {
  let state = { step: 0 };
  let problems = [];
  let readonly = false;
  const told = [];
  const order = [];
  const ui = { playing: true, texts: { a: '1' }, textErrors: {}, lastWorkMs: 1, maxWorkMs: 2, frames: 3, history: [1] };
  const keys = () => order.push('keys');
  keys.handle = (ev) => order.push(`key ${ev.key}`);
  const controller = modeController({
    mode: '1d', label: '1-D', specs: {}, ui, invalidate: () => {}, keys,
    loop: { stop: () => order.push('loop') }, host: { remove: () => order.push('host') }, sheets: { remove: () => order.push('sheets') },
    release: () => order.push('release'),
    validateState: (obj, specs, current) => ({ state: { ...current, ...obj }, problems: obj.bad ? ['bad'] : [] }),
    state: () => state,
    take: (next) => { state = next; told.push(next); },
    problems: () => problems,
    setProblems: (list) => { problems = list; },
    readonly: () => readonly,
    setView: (names, locked) => { readonly = locked; order.push(`view ${names}`); },
    decode: (hash) => ({ state: { step: Number(hash.slice(1)) }, problems: ['from link'] }),
  }, { get step() { return state.step; } });
  assert.deepEqual(controller.setState({ mode: 'transpose', step: 2 }), ['The state is for the "transpose" mode; this is the 1-D mode. Its 1-D parts are read anyway.']);
  assert.deepEqual([state, ui.playing, ui.texts, told.length, controller.step], [{ step: 2, preset: null }, false, {}, 1, 2]);
  assert.deepEqual(controller.setHash('#5', ['v1', 'v2', 'v3']), ['v1', 'v2', 'v3', 'from link']);
  assert.equal(controller.step, 5);
  assert.equal(controller.problems.length, 4, 'problems is read when asked, not when made');
  controller.showProblems([]);
  assert.deepEqual(controller.problems, []);
  controller.setView({ panels: ['a'], readonly: 1 });
  assert.equal(readonly, true);
  controller.setView({ panels: null });
  assert.equal(readonly, true, 'readonly stays as it was when not given');
  ui.frames = 9;
  assert.deepEqual([controller.timing.frames, controller.playing], [9, false]);
  controller.handleKey({ key: 'End' });
  controller.destroy();
  assert.deepEqual(order, ['view a', 'view null', 'key End', 'loop', 'release', 'keys', 'host', 'sheets']);
});
