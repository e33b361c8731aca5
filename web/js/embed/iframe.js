// The iframe protocol of SEMANTICS §9, for any mode's controller. The page inside a
// course page's <iframe> answers requests
//   { type: 'convolution-playground', id, action, state?, step? }
// with { type, id, ok, result | error } (getOutput's data a typed array) and posts the events ready, statechange and
// resize to its parent. Messages of any other shape are ignored; nothing in a message
// is executed or inserted as HTML: a state goes through the mode's own validation,
// as a link does.
export const TYPE = 'convolution-playground';
export const ACTIONS = ['getState', 'setState', 'setStep', 'play', 'pause', 'getOutput'];

/** True for a request this protocol answers; anything else is ignored without a reply. */
export function isRequest(data) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  if (data.type !== TYPE || !ACTIONS.includes(data.action)) return false;
  const { id } = data;
  return (typeof id === 'string' && id.length <= 200) || (typeof id === 'number' && Number.isFinite(id));
}

const plain = (v) => JSON.parse(JSON.stringify(v ?? null));

/**
 * A mode's output { height, width, data, … } as it crosses postMessage: data as a
 * typed array, which structured clone copies as one block (through JSON a 12 MP RGBA
 * result would be 48 million object keys). Image results stay Uint8ClampedArray;
 * number lists become Float64Array. A view into a larger buffer is cut to its own
 * bytes first, since cloning a view clones its whole buffer.
 */
export function outputMessage(output) {
  if (output === null || output === undefined) return null;
  const out = {};
  for (const [key, value] of Object.entries(output)) {
    if (key !== 'data') out[key] = plain(value);
  }
  const { data } = output;
  if (ArrayBuffer.isView(data)) out.data = data.byteLength === data.buffer.byteLength ? data : data.slice();
  else if (Array.isArray(data)) out.data = Float64Array.from(data);
  else out.data = plain(data);
  return out;
}

/**
 * Runs one request against `controller`; resolves to the reply (never throws).
 * `setState` takes a state object, or a share-link hash string (`controller.setHash`).
 */
export async function answer(controller, data) {
  const reply = (ok, body) => ({ type: TYPE, id: data.id, ok, ...body });
  try {
    switch (data.action) {
      case 'getState':
        return reply(true, { result: plain(controller.getState()) });
      case 'setState': {
        let problems;
        if (typeof data.state === 'string') problems = controller.setHash(data.state);
        else if (data.state && typeof data.state === 'object' && !Array.isArray(data.state)) problems = controller.setState(data.state);
        else return reply(false, { error: { code: 'bad-value', field: 'state', message: 'state must be a state object (as getState returns) or a share-link hash string.' } });
        return reply(true, { result: { state: plain(controller.getState()), problems: [...problems] } });
      }
      case 'setStep': {
        const { step } = data;
        if (!Number.isSafeInteger(step) || step < 0) {
          return reply(false, { error: { code: 'bad-value', field: 'step', message: 'step must be a whole number from 0 (the first step) up.' } });
        }
        controller.step = step;
        return reply(true, { result: { step: controller.step } });
      }
      case 'play':
        controller.play();
        return reply(true, { result: { playing: controller.playing } });
      case 'pause':
        controller.pause();
        return reply(true, { result: { playing: controller.playing } });
      case 'getOutput':
        return reply(true, { result: outputMessage(controller.output) });
      default:
        return reply(false, { error: { code: 'unknown-name', field: 'action', message: `action must be one of ${ACTIONS.join(', ')}.` } });
    }
  } catch (err) {
    return reply(false, { error: { code: err.code ?? 'bad-value', field: err.field ?? '', message: String(err.message).slice(0, 300) } });
  }
}

/**
 * Connects `controller` to the parent window: answers requests from it, and returns
 * { stateChanged(state, userInitiated), ready(), disconnect() } for the page to call.
 * `measure` is the element whose height the parent should give the frame.
 */
export function connectParent(controller, { win, measure }) {
  const parent = win.parent;
  const post = (msg, origin = '*') => {
    try {
      parent.postMessage(msg, origin);
    } catch {
      // A parent that went away or refuses: nothing to tell.
    }
  };
  const onMessage = async (ev) => {
    if (ev.source !== parent || !isRequest(ev.data)) return;
    const { data } = ev;
    post(await answer(controller, data), ev.origin && ev.origin !== 'null' ? ev.origin : '*');
  };
  win.addEventListener('message', onMessage);
  let lastHeight = -1;
  const sendHeight = () => {
    const height = Math.ceil(measure.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    post({ type: TYPE, event: 'resize', height });
  };
  const observer = new win.ResizeObserver(sendHeight);
  observer.observe(measure);
  return {
    ready() {
      post({ type: TYPE, event: 'ready', state: plain(controller.getState()) });
      sendHeight();
    },
    stateChanged(state, userInitiated) {
      post({ type: TYPE, event: 'statechange', state: plain(state), userInitiated: Boolean(userInitiated) });
    },
    disconnect() {
      win.removeEventListener('message', onMessage);
      observer.disconnect();
    },
  };
}
