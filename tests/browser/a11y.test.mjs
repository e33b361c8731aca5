// Automated accessibility audit of both pages with axe-core (WCAG 2.1 A/AA and axe's
// best practices) at desktop and phone width, in the states a learner sees first and
// while a step is shown. Manual checks (keyboard use, live regions, reduced motion)
// are in the page tests; this catches missing names, bad ARIA and low contrast.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { launch, openPage } from './harness.mjs';

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function audit(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const { violations } = await window.axe.run(document, { runOnly: tags });
    return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, RULES);
}

for (const width of [1440, 390]) {
  test(`matrix page has no axe violations at ${width} px`, async () => {
    const { page, context, errors } = await openPage(env.browser, env.baseUrl, { width, height: 900 });
    await page.waitForSelector('main[data-ready="true"]');
    await page.getByRole('button', { name: 'Step forward' }).click();
    assert.deepEqual(await audit(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`image page has no axe violations at ${width} px`, async () => {
    const { page, context, errors } = await openPage(env.browser, `${env.baseUrl}image.html?sample=small`, { width, height: 900 });
    await page.waitForFunction(() => Number(document.getElementById('compare')?.dataset.runs ?? 0) > 0, null, { timeout: 30_000 });
    assert.deepEqual(await audit(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
