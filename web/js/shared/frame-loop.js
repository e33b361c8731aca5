// The one render path of a stepping mode (matrix, layer): a change asks for a frame;
// the frame advances playback, then derives and draws once. What differs per mode
// comes in as callbacks. No timers: playback moves by the frames' own clock.

/**
 * win: the root's window; state: has playing and step; total(): the step count;
 * advance(state, total, now, last) → the new last-advance time (the mode's action);
 * onStep(): playback moved the step (before work); work(): derive and draw;
 * onError(err): a frame failed (playback is already stopped).
 */
export function createFrameLoop({ win, state, total, advance, onStep, work, onError }) {
  let requested = false;
  let stopped = false;
  let lastAdvance = 0;

  function frame(now) {
    requested = false;
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
    if (state.playing) invalidate();
  }

  function invalidate() {
    if (requested || stopped) return;
    requested = true;
    win.requestAnimationFrame(frame);
  }

  return {
    invalidate,
    /** Playback starts now: the first step waits a whole interval from here. */
    started() { lastAdvance = win.performance.now(); },
    /** No frame runs after this, even one already asked for. */
    stop() { stopped = true; },
    get stopped() { return stopped; },
  };
}
