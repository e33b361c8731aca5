// Main-thread side of the image worker: request/response by id, progress
// callbacks, and cancellation by terminating the worker (a running wasm call
// cannot be interrupted any other way) and starting a fresh one.

// Messages a worker sends before its reply to a request (a preview carries a bitmap).
const EVENTS = new Set(['progress', 'stage', 'preview']);

export class Cancelled extends Error {
  constructor() { super('cancelled'); this.name = 'Cancelled'; }
}

export class ImageWorker {
  /** `workers`: how many workers filter (this one plus workers − 1 pool helpers; see pool.js). */
  constructor({ workers = 1 } = {}) {
    this.nextId = 1;
    this.pending = new Map();
    this.generation = 0;
    this.helperCount = Math.max(0, Math.floor(workers) - 1);
    this.helpers = [];
    this.spawn();
  }

  spawn() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.generation += 1;
    this.spawnHelpers();
    // Which source (by id) the current worker holds; a fresh worker holds none.
    this.sourceId = null;
    this.worker.onmessage = (e) => this.receive(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault();
      const err = new Error(`The image worker failed: ${e.message || 'it could not start'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  /**
   * The pool's helpers, each on a MessageChannel to the image worker, so stripes
   * never pass through this thread. The worker warms up its engine on the
   * 'pool' message, which is the first it gets.
   */
  spawnHelpers() {
    const ports = [];
    this.helpers = [];
    for (let i = 0; i < this.helperCount; i++) {
      const helper = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
      const channel = new MessageChannel();
      helper.postMessage({ type: 'helper', port: channel.port2 }, [channel.port2]);
      const index = i;
      // A helper that fails takes no more stripes; the image worker redoes its job alone.
      helper.onerror = (e) => {
        e.preventDefault();
        this.worker.postMessage({ type: 'helper-lost', index });
      };
      ports.push(channel.port1);
      this.helpers.push(helper);
    }
    this.request({ type: 'pool', ports }, { transfer: ports }).catch(() => {});
  }

  /** Stops every worker of this client for good. */
  terminate() {
    this.worker.terminate();
    for (const h of this.helpers) h.terminate();
    this.helpers = [];
  }

  receive(msg) {
    const p = this.pending.get(msg.id);
    if (!p) {
      msg.bitmap?.close();
      return;
    }
    if (EVENTS.has(msg.type)) {
      if (p.onEvent) p.onEvent(msg);
      else msg.bitmap?.close();
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new Error(msg.message));
    else p.resolve(msg);
  }

  /** Sends a request; resolves with the worker's final reply. */
  request(message, { transfer = [], onEvent, long = false } = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onEvent, long });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** True while a request that can take long (load, run, png) is outstanding. */
  get busy() {
    for (const p of this.pending.values()) if (p.long) return true;
    return false;
  }

  /** Ends all work in progress: every outstanding request rejects with Cancelled. */
  restart() {
    this.terminate();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new Cancelled());
    this.spawn();
  }

  /**
   * Makes sure the worker holds source `id`, having it decode `origin` (the
   * file's Blob, a handle that costs nothing to post, or a sample id) if not.
   * Posting a decoded ImageBitmap instead would copy its pixels on this thread.
   */
  async ensureSource(id, origin) {
    if (this.sourceId === id) return;
    this.sourceId = id;
    try {
      await this.request({ type: 'seed', sourceId: id, ...origin }, { long: true });
    } catch (err) {
      this.sourceId = null;
      throw err;
    }
  }
}
