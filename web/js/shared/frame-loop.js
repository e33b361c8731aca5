// The one render path of the modes: a change asks for a frame, one at a time; the frame
// advances playback, then derives and draws once. What differs per mode comes in as callbacks.

/** At most one animation frame asked for at a time, and none after stop(). */
export function frameLoop(win, frame) {
  let id = 0;
  let stopped = false;
  return {
    request() {
      if (id || stopped || !win) return;
      id = win.requestAnimationFrame((now) => { id = 0; frame(now); });
    },
    stop() {
      stopped = true;
      if (id) win.cancelAnimationFrame(id);
    },
  };
}

/**
 * win: the root's window; state: has playing and step; total(): the step count;
 * advance(state, total, now, last) → the new last-advance time (the mode's action);
 * onStep(): playback moved the step (before work); work(): derive and draw;
 * onError(err): a frame failed (playback is already stopped).
 */
export function createFrameLoop({ win, state, total, advance, onStep, work, onError }) {
  let lastAdvance = 0;
  let stopped = false;
  const frames = frameLoop(win, (now) => {
    if (stopped) return;
    try {
      if (state.playing) {
        const before = state.step;
        lastAdvance = advance(state, total(), now, lastAdvance);
        if (state.step !== before) onStep();
      }
      work();
    } catch (err) {
      state.playing = false;
      onError(err);
    }
    if (state.playing) frames.request();
  });

  return {
    invalidate: () => frames.request(),
    /** Playback starts now: the first step waits a whole interval from here. */
    started() { lastAdvance = win.performance.now(); },
    /** No frame runs after this; one already asked for is cancelled. */
    stop() {
      stopped = true;
      frames.stop();
    },
  };
}
