// Automated accessibility audit of both pages with axe-core (WCAG 2.1 A/AA and axe's
// best practices) at desktop and phone width, in the states a learner sees first and
// while a step is shown. Manual checks (keyboard use, live regions, reduced motion)
// are in the page tests; this catches missing names, bad ARIA and low contrast.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';
import { audit } from './axe.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

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
