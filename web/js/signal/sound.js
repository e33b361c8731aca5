// Hearing a signal: each sample becomes a short tone burst whose loudness is the
// sample's size, so an echo is heard as a quieter repeat and a smoothing kernel as
// softer steps. 64 samples played as audio samples would last a millisecond and
// say nothing; a burst per sample lasts a few seconds at most.
// toneBursts is pure (tested in Node); play() needs a window and a user's click.

export const BURST_SECONDS = 0.09;
const FREQ = 440;

/** values → Float32Array of audio samples at `rate`: one faded burst per value, normalised to the largest |value|. */
export function toneBursts(values, rate, { seconds = BURST_SECONDS, freq = FREQ } = {}) {
  const n = Math.max(1, Math.round(seconds * rate));
  const out = new Float32Array(n * values.length);
  const peak = Math.max(...values.map((v) => Math.abs(v)));
  if (!(peak > 0)) return out;
  const fade = Math.min(Math.floor(n / 6), Math.round(0.005 * rate));
  for (let k = 0; k < values.length; k++) {
    const a = (0.8 * Math.abs(values[k])) / peak;
    for (let i = 0; i < n; i++) {
      const edge = Math.min(1, i / fade, (n - 1 - i) / fade);
      out[k * n + i] = a * edge * Math.sin((2 * Math.PI * freq * i) / rate);
    }
  }
  return out;
}

/** Plays the values once; resolves when done. Only call from a click or key press. */
export function play(win, values, state = {}) {
  const Ctx = win.AudioContext ?? win.webkitAudioContext;
  if (!Ctx) return Promise.reject(new Error('this browser has no Web Audio'));
  state.ctx ??= new Ctx();
  const ctx = state.ctx;
  const data = toneBursts(values, ctx.sampleRate);
  const buffer = ctx.createBuffer(1, data.length, ctx.sampleRate);
  buffer.copyToChannel(data, 0);
  state.source?.stop();
  const source = ctx.createBufferSource();
  source.buffer = buffer;
  source.connect(ctx.destination);
  state.source = source;
  return new Promise((resolve) => {
    source.addEventListener('ended', () => resolve());
    ctx.resume().then(() => source.start());
  });
}

/** Closes the audio context of a mount (destroy). */
export function close(state) {
  state.source?.stop?.();
  state.ctx?.close?.();
  state.ctx = null;
}
