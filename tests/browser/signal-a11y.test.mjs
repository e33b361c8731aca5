// axe-core audit (WCAG 2.1 A/AA and best practices) of the 1-D and transposed pages at
// desktop and phone width, first screen and while a step and a hover are shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';
import { audit } from './axe.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

for (const width of [1440, 390]) {
  for (const [name, hash, act] of [
    ['signal.html', '#mode=1d&x=1,2,3,2,1&h=1,-1&p=same&f=1&step=6', (p) => p.getByRole('button', { name: 'Step forward' }).click()],
    ['transpose.html', '#mode=transpose&in=1,2;3,4&k=1,1,1;1,1,1;1,1,1&s=2,2&p=1,0,0,1&step=2', (p) => p.getByRole('button', { name: /^Output row 2 column 2:/ }).hover()],
  ]) {
    test(`${name} has no axe violations at ${width} px`, async () => {
      const { page, context, errors } = await openPage(env.browser, `${env.baseUrl}${name}${hash}`, { width, height: 900 });
      await page.waitForSelector('#mode-root[data-ready="true"]', { timeout: 10_000 });
      await act(page);
      await page.waitForTimeout(150);
      assert.deepEqual(await audit(page), []);
      await context.close();
      assert.deepEqual(errors, []);
    });
  }
}
