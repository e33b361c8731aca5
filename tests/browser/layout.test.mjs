// Layouts people use (issue 11 item 6): the focus layout puts the input window, the
// kernel, the current arithmetic and the output on one screen at 390×844 and 1024×768;
// touch targets of at least 24 px; every value readable in its cell; weight badges
// below the values; a print view of the current step on one A4 / Letter page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { launch, openPage, ARTIFACTS } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const STRIDE = 'in=1,2,3,4,5;6,7,8,9,10;11,12,13,14,15;16,17,18,19,20&k=1,0,1;0,1,0;1,0,1&s=2&step=2';
// Thirds give values such as −2.66667 (−2.667 in a cell) and badges such as ×0.3333.
const LONG = 'in=-8,5,-7,3,2;4,-6,1,-9,8;-3,7,-5,6,-1;2,-4,9,-2,5;-7,3,-8,4,-6&k=1/3,-1/3,1/3;-2/3,1/3,-1/3;1/3,2/3,-1/3&p=1&b=reflect&step=7';

function settle(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function open(width, height, hash, extra = {}) {
  const ctx = await openPage(env.browser, `${env.baseUrl}#${hash}`, { width, height, ...extra });
  await ctx.page.waitForSelector('main[data-ready="true"]');
  await settle(ctx.page);
  await ctx.page.waitForTimeout(250); // the window's glide
  return ctx;
}

/** Boxes of what must be on screen together, in page coordinates at scroll 0. */
const boxes = (page) => page.evaluate(() => {
  const box = (sel) => {
    const b = document.querySelector(sel).getBoundingClientRect();
    return { top: Math.round(b.top), bottom: Math.round(b.bottom), left: Math.round(b.left), right: Math.round(b.right) };
  };
  return {
    scrollY: window.scrollY, window: box('.window-box'), kernel: box('#kernel-grid'), output: box('#output-grid'),
    arithmetic: box('#arithmetic'), current: box('#output-grid .cell.current'), play: box('#play'),
  };
});

for (const [width, height] of [[390, 844], [1024, 768]]) {
  for (const [name, hash] of [['course vertical edge', 'k=1,0,-1;1,0,-1;1,0,-1&in=1,1,1,0,0;1,1,1,0,0;1,1,1,0,0;1,1,1,0,0;1,1,1,0,0&step=5'], ['course stride', STRIDE]]) {
    test(`focus layout at ${width}×${height}, ${name}: window, kernel, arithmetic and output on one screen`, async () => {
      const ctx = await open(width, height, hash, width < 500 ? { hasTouch: true, isMobile: true } : {});
      const b = await boxes(ctx.page);
      console.log(`${width}×${height} ${name}: ${JSON.stringify(b)}`);
      assert.equal(b.scrollY, 0);
      for (const key of ['window', 'kernel', 'output', 'arithmetic', 'current', 'play']) {
        assert.ok(b[key].top >= 0 && b[key].bottom <= height, `${key} ${b[key].top}–${b[key].bottom} is inside 0–${height}`);
        assert.ok(b[key].left >= 0 && b[key].right <= width, `${key} ${b[key].left}–${b[key].right} is inside 0–${width}`);
      }
      assert.ok(await ctx.page.evaluate(() => document.documentElement.scrollWidth) <= width, 'no sideways page scroll');
      assert.deepEqual(ctx.errors, []);
      await ctx.context.close();
    });
  }
}

test('touch targets are at least 24 px; values of any length fit their cells; badges never cover values', async () => {
  for (const [width, height] of [[390, 844], [1440, 900]]) {
    const ctx = await open(width, height, LONG, width < 500 ? { hasTouch: true, isMobile: true } : {});
    const { page } = ctx;
    for (const drawer of ['presets', 'settings']) {
      if (!(await page.locator(`details.${drawer}`).evaluate((d) => d.open))) await page.locator(`details.${drawer} summary`).click();
    }
    await page.locator('details.paste-box summary').click();
    await settle(page);
    const small = await page.evaluate(() => [...document.querySelectorAll('button, summary, select, input, textarea, a[href]')]
      .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[hidden]'))
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 24 || r.height < 24)
      .map(({ e, r }) => `${e.tagName.toLowerCase()} ${e.getAttribute('aria-label') ?? e.id ?? e.textContent.trim().slice(0, 20)} ${r.width.toFixed(0)}×${r.height.toFixed(0)}`));
    assert.deepEqual(small, [], `${width}: every control is at least 24×24 px`);
    const clipped = await page.evaluate(() => [...document.querySelectorAll('.grid .cell')]
      .filter((c) => c.scrollWidth > c.clientWidth + 1)
      .map((c) => `${c.getAttribute('aria-label') ?? c.className}: "${c.value ?? c.textContent}" ${c.scrollWidth}>${c.clientWidth}`));
    assert.deepEqual(clipped, [], `${width}: no value is clipped`);
    const shown = await page.evaluate(() => [...document.querySelectorAll('#output-grid .cell, #padded-grid .cell.pad')].map((c) => c.textContent).filter((t) => t.length >= 6));
    assert.ok(shown.some((t) => /^−\d\.\d{3}$/.test(t)), `long values such as −2.667 are present (${shown.slice(0, 4)})`);
    const covered = await page.evaluate(() => {
      const bad = [];
      for (const mark of document.querySelectorAll('#padded-grid .tap-mark:not([hidden])')) {
        const badge = mark.querySelector('.weight').getBoundingClientRect();
        const cell = document.querySelector(`#padded-grid [data-pr="${mark.dataset.pr}"][data-pc="${mark.dataset.pc}"]:not(.tap-mark)`);
        const r = cell.getBoundingClientRect();
        const valueBottom = r.bottom - parseFloat(getComputedStyle(cell).paddingBottom);
        const badgeW = mark.querySelector('.weight');
        if (badge.top < valueBottom - 0.5) bad.push(`badge at ${badge.top} over value ending ${valueBottom}`);
        if (badgeW.scrollWidth > badgeW.clientWidth + 1) bad.push(`badge "${badgeW.textContent}" clipped`);
      }
      return bad;
    });
    assert.deepEqual(covered, [], `${width}: badges sit below the values`);
    assert.deepEqual(ctx.errors, []);
    await ctx.context.close();
  }
});

test('screenshots at 390×844, 1024×768 and 1440×900, and the print view on one A4 and one Letter page', async () => {
  for (const [width, height] of [[390, 844], [1024, 768], [1440, 900]]) {
    const ctx = await open(width, height, STRIDE);
    await ctx.page.screenshot({ path: join(ARTIFACTS, `matrix-${width}x${height}.png`) });
    await ctx.page.screenshot({ path: join(ARTIFACTS, `matrix-${width}x${height}-full.png`), fullPage: true });
    const long = await open(width, height, LONG);
    await long.page.screenshot({ path: join(ARTIFACTS, `matrix-long-values-${width}x${height}.png`) });
    assert.ok(await ctx.page.evaluate(() => document.documentElement.scrollWidth) <= width);
    await long.context.close();
    await ctx.context.close();
  }
  const ctx = await open(1024, 768, LONG);
  const { page } = ctx;
  await page.emulateMedia({ media: 'print' });
  await settle(page);
  const hidden = await page.evaluate(() => ['.toolbar', '.player-panel', '.code-panel', '.paste-box', 'nav']
    .filter((s) => { const e = document.querySelector(s); return e && e.getClientRects().length > 0; }));
  assert.deepEqual(hidden, [], 'no controls in print');
  for (const sel of ['#padded-grid', '#kernel-grid', '#arithmetic', '#output-grid', '#formula']) {
    assert.ok(await page.locator(sel).isVisible(), `${sel} is printed`);
  }
  // A4's printable area at the 1.2 cm margins of common.css, so the screenshot shows what the PDF lays out.
  await page.setViewportSize({ width: 703, height: 1033 });
  await page.screenshot({ path: join(ARTIFACTS, 'matrix-print-a4.png'), fullPage: true });
  for (const format of ['A4', 'Letter']) {
    const pdf = await page.pdf({ format, printBackground: true });
    await writeFile(join(ARTIFACTS, `matrix-print-${format}.pdf`), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.equal(pages, 1, `${format}: the step prints on one page (${pages})`);
  }
  assert.deepEqual(ctx.errors, []);
  await ctx.context.close();
});
