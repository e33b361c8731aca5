// Built-in sample images, drawn by our own code at run time (so they are ours,
// MIT like the rest of the project, and nothing large ships in the repo).
// Each function draws into a 2D context of an OffscreenCanvas (worker or window).

/** Small deterministic PRNG (mulberry32) so a sample looks the same every time. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Smooth value noise on a lattice, summed over octaves: clouds, hills, textures. */
function makeNoise(seed) {
  const rand = rng(seed);
  const N = 256;
  const perm = new Uint8Array(N * 2);
  const vals = new Float32Array(N);
  for (let i = 0; i < N; i++) { perm[i] = i; vals[i] = rand(); }
  for (let i = N - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  for (let i = 0; i < N; i++) perm[N + i] = perm[i];
  const lattice = (x, y) => vals[perm[(perm[x & 255] + y) & 511]];
  const smooth = (t) => t * t * (3 - 2 * t);
  const noise = (x, y) => {
    const xi = Math.floor(x), yi = Math.floor(y);
    const fx = smooth(x - xi), fy = smooth(y - yi);
    const a = lattice(xi, yi), b = lattice(xi + 1, yi), c = lattice(xi, yi + 1), d = lattice(xi + 1, yi + 1);
    return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
  };
  return (x, y, octaves = 4) => {
    let s = 0, amp = 0.5, f = 1, norm = 0;
    for (let o = 0; o < octaves; o++) { s += amp * noise(x * f, y * f); norm += amp; amp *= 0.5; f *= 2; }
    return s / norm;
  };
}

/** A harbour town at dusk: sky, clouds, hills, houses with windows, masts and rigging, water, grain. */
function drawHarbour(ctx, W, H) {
  const rand = rng(7);
  const fbm = makeNoise(11);
  const horizon = Math.round(H * 0.62);

  const sky = ctx.createLinearGradient(0, 0, 0, horizon);
  sky.addColorStop(0, '#1d3b6e');
  sky.addColorStop(0.55, '#c8747a');
  sky.addColorStop(1, '#f6c27a');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, W, horizon);

  ctx.fillStyle = '#fff3c4';
  ctx.beginPath();
  ctx.arc(W * 0.72, horizon * 0.72, H * 0.05, 0, Math.PI * 2);
  ctx.fill();

  // Clouds: noise thresholded into soft alpha, written as pixels over the sky.
  const sky2 = ctx.getImageData(0, 0, W, horizon);
  const d = sky2.data;
  for (let y = 0; y < horizon; y++) {
    for (let x = 0; x < W; x++) {
      const n = fbm(x / 180, y / 60, 5);
      const a = Math.max(0, Math.min(1, (n - 0.55) * 4)) * (1 - y / horizon) * 0.85;
      const i = (y * W + x) * 4;
      d[i] += (250 - d[i]) * a;
      d[i + 1] += (214 - d[i + 1]) * a;
      d[i + 2] += (220 - d[i + 2]) * a;
    }
  }
  ctx.putImageData(sky2, 0, 0);

  // Two ranges of hills from 1-D noise, the far one lighter (aerial perspective).
  const hills = [
    { base: horizon - H * 0.16, amp: H * 0.12, colour: '#6d6a8e', scale: 260, seed: 1 },
    { base: horizon - H * 0.06, amp: H * 0.08, colour: '#3e4f52', scale: 140, seed: 40 },
  ];
  for (const h of hills) {
    ctx.fillStyle = h.colour;
    ctx.beginPath();
    ctx.moveTo(0, horizon);
    for (let x = 0; x <= W; x += 2) ctx.lineTo(x, h.base - h.amp * fbm(x / h.scale, h.seed, 6));
    ctx.lineTo(W, horizon);
    ctx.closePath();
    ctx.fill();
  }

  // Houses along the quay: walls, roofs, many small windows (fine detail, sharp edges).
  const palette = ['#b5533c', '#d9a441', '#e8dcc2', '#6f8fa6', '#9c3d54', '#f1e4b3', '#5b7f5a', '#c97d4e'];
  let x = -10;
  while (x < W) {
    const w = 40 + rand() * 70;
    const h = H * (0.08 + rand() * 0.12);
    const top = horizon - h;
    ctx.fillStyle = palette[Math.floor(rand() * palette.length)];
    ctx.fillRect(x, top, w, h);
    ctx.fillStyle = rand() < 0.5 ? '#5a2f25' : '#39302c';
    ctx.beginPath();
    ctx.moveTo(x - 3, top);
    ctx.lineTo(x + w / 2, top - 12 - rand() * 22);
    ctx.lineTo(x + w + 3, top);
    ctx.closePath();
    ctx.fill();
    const cols = Math.max(1, Math.floor(w / 14));
    const rows = Math.max(1, Math.floor(h / 18));
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const lit = rand() < 0.35;
        ctx.fillStyle = lit ? '#ffd98a' : '#2a3440';
        const wx = x + 5 + c * ((w - 10) / cols);
        const wy = top + 6 + r * ((h - 10) / rows);
        ctx.fillRect(Math.round(wx), Math.round(wy), 5, 8);
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(Math.round(wx) + 2, Math.round(wy), 1, 8);
      }
    }
    x += w + 2;
  }

  // Water: darker gradient plus horizontal ripples that mirror the sky colours.
  const water = ctx.createLinearGradient(0, horizon, 0, H);
  water.addColorStop(0, '#8a6f7a');
  water.addColorStop(1, '#14283d');
  ctx.fillStyle = water;
  ctx.fillRect(0, horizon, W, H - horizon);
  const wimg = ctx.getImageData(0, horizon, W, H - horizon);
  const wd = wimg.data;
  for (let y = 0; y < H - horizon; y++) {
    for (let xx = 0; xx < W; xx++) {
      const n = fbm(xx / 90, y / 3 + 500, 3);
      const glitter = Math.abs(xx - W * 0.72) < 60 + y * 0.5 && n > 0.62 ? 90 : 0;
      const k = (n - 0.5) * 60 + glitter;
      const i = (y * W + xx) * 4;
      wd[i] += k; wd[i + 1] += k; wd[i + 2] += k * 0.8;
    }
  }
  ctx.putImageData(wimg, 0, horizon);

  // Boats with masts and thin rigging lines: one-pixel structures for edge filters.
  for (let b = 0; b < 6; b++) {
    const bx = W * (0.08 + b * 0.15 + rand() * 0.05);
    const by = horizon + H * (0.05 + rand() * 0.12);
    const bw = 60 + rand() * 50;
    ctx.fillStyle = ['#f4f1ea', '#c0392b', '#1f4e79', '#2e7d32'][b % 4];
    ctx.beginPath();
    ctx.moveTo(bx, by);
    ctx.lineTo(bx + bw, by);
    ctx.lineTo(bx + bw * 0.85, by + 14);
    ctx.lineTo(bx + bw * 0.12, by + 14);
    ctx.closePath();
    ctx.fill();
    ctx.strokeStyle = '#1c1c1c';
    ctx.lineWidth = 2;
    const mast = bx + bw * 0.45;
    const mastTop = by - 90 - rand() * 60;
    ctx.beginPath(); ctx.moveTo(mast, by); ctx.lineTo(mast, mastTop); ctx.stroke();
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(mast, mastTop); ctx.lineTo(bx + 2, by);
    ctx.moveTo(mast, mastTop); ctx.lineTo(bx + bw - 2, by);
    ctx.stroke();
    ctx.fillStyle = 'rgba(20,20,30,0.35)';
    ctx.fillRect(bx + 4, by + 15, bw - 8, 6);
  }

  // Quay with a brick texture in the foreground: a high-frequency regular pattern.
  const quayTop = Math.round(H * 0.9);
  ctx.fillStyle = '#7b4a3a';
  ctx.fillRect(0, quayTop, W, H - quayTop);
  ctx.strokeStyle = '#d8c7b0';
  ctx.lineWidth = 1;
  for (let y = quayTop; y < H; y += 8) {
    ctx.beginPath(); ctx.moveTo(0, y + 0.5); ctx.lineTo(W, y + 0.5); ctx.stroke();
    const shift = ((y - quayTop) / 8) % 2 ? 10 : 0;
    for (let xx = shift; xx < W; xx += 20) {
      ctx.beginPath(); ctx.moveTo(xx + 0.5, y); ctx.lineTo(xx + 0.5, y + 8); ctx.stroke();
    }
  }
  ctx.fillStyle = '#f3efe4';
  ctx.font = `bold ${Math.round(H * 0.035)}px sans-serif`;
  ctx.fillText('HARBOUR  ·  QUAI 7', W * 0.05, quayTop - 8);

  // Sensor grain, so that smoothing filters have something to remove.
  const all = ctx.getImageData(0, 0, W, H);
  const ad = all.data;
  for (let i = 0; i < ad.length; i += 4) {
    const g = (rand() - 0.5) * 14;
    ad[i] += g; ad[i + 1] += g; ad[i + 2] += g;
  }
  ctx.putImageData(all, 0, 0);
}

/** The small 200×130 example: a house, a tree and the sun on flat colours. */
function drawSmall(ctx, W, H) {
  ctx.fillStyle = '#9fd3f2';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#5aa150';
  ctx.fillRect(0, H * 0.72, W, H);
  ctx.fillStyle = '#ffd23f';
  ctx.beginPath(); ctx.arc(W * 0.85, H * 0.2, 14, 0, Math.PI * 2); ctx.fill();
  ctx.fillStyle = '#e9d8a6';
  ctx.fillRect(40, 55, 70, 45);
  ctx.fillStyle = '#ae2012';
  ctx.beginPath(); ctx.moveTo(32, 57); ctx.lineTo(75, 25); ctx.lineTo(118, 57); ctx.closePath(); ctx.fill();
  ctx.fillStyle = '#005f73';
  ctx.fillRect(50, 66, 14, 12);
  ctx.fillRect(86, 66, 14, 12);
  ctx.fillStyle = '#6b3e26';
  ctx.fillRect(68, 74, 14, 26);
  ctx.fillRect(148, 62, 8, 38);
  ctx.fillStyle = '#2d6a4f';
  ctx.beginPath(); ctx.arc(152, 55, 20, 0, Math.PI * 2); ctx.fill();
}

/** A test card: colour bars, a zone plate, stripes of falling width, a checkerboard and text. */
function drawTestCard(ctx, W, H) {
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, W, H);
  const bars = ['#ffffff', '#ffff00', '#00ffff', '#00ff00', '#ff00ff', '#ff0000', '#0000ff', '#000000'];
  const bw = W / bars.length;
  bars.forEach((c, i) => { ctx.fillStyle = c; ctx.fillRect(Math.round(i * bw), 0, Math.ceil(bw), H * 0.25); });

  const zone = ctx.createImageData(Math.round(H * 0.5), Math.round(H * 0.5));
  const zs = zone.width;
  for (let y = 0; y < zs; y++) {
    for (let x = 0; x < zs; x++) {
      const dx = x - zs / 2, dy = y - zs / 2;
      const v = 127.5 + 127.5 * Math.cos((Math.PI * (dx * dx + dy * dy)) / zs);
      const i = (y * zs + x) * 4;
      zone.data[i] = zone.data[i + 1] = zone.data[i + 2] = v;
      zone.data[i + 3] = 255;
    }
  }
  ctx.putImageData(zone, Math.round(W * 0.05), Math.round(H * 0.3));

  const sx = Math.round(W * 0.05 + zs + 30);
  let xx = sx;
  for (const width of [8, 6, 4, 3, 2, 1]) {
    for (let k = 0; k < 6; k++) {
      ctx.fillStyle = k % 2 ? '#ffffff' : '#000000';
      ctx.fillRect(xx, H * 0.3, width, H * 0.22);
      xx += width;
    }
    xx += 6;
  }
  const cell = 6;
  for (let y = 0; y < 10; y++) {
    for (let x = 0; x < 20; x++) {
      ctx.fillStyle = (x + y) % 2 ? '#111111' : '#eeeeee';
      ctx.fillRect(sx + x * cell, H * 0.58 + y * cell, cell, cell);
    }
  }
  const grad = ctx.createLinearGradient(0, 0, W, 0);
  grad.addColorStop(0, '#000000');
  grad.addColorStop(1, '#ffffff');
  ctx.fillStyle = grad;
  ctx.fillRect(0, H * 0.88, W, H * 0.12);
  ctx.fillStyle = '#000000';
  ctx.font = `bold ${Math.round(H * 0.06)}px sans-serif`;
  ctx.fillText('Convolution 3×3', sx, H * 0.82);
}

export const SAMPLES = [
  { id: 'harbour', name: 'Harbour at dusk (1600×1000)', width: 1600, height: 1000, draw: drawHarbour },
  { id: 'small', name: 'Small house (200×130)', width: 200, height: 130, draw: drawSmall },
  { id: 'test-card', name: 'Test card (800×600)', width: 800, height: 600, draw: drawTestCard },
];

/** Draws sample `id` on a fresh OffscreenCanvas and returns it. */
export function renderSample(id) {
  const s = SAMPLES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown sample "${id}"`);
  const canvas = new OffscreenCanvas(s.width, s.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  s.draw(ctx, s.width, s.height);
  return canvas;
}
