// Every page of web/ carries the same navigation to every page, marking itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const ORDER = [['index', 'Matrix'], ['image', 'Image'], ['signal', '1-D'], ['transpose', 'Transposed'], ['layer', 'Layer'], ['quiz', 'Quiz']];

function navLinks(html) {
  const nav = html.match(/<header class="site-header">[\s\S]*?<nav aria-label="Pages">([\s\S]*?)<\/nav>/);
  assert.ok(nav, 'a <nav aria-label="Pages"> in the site header');
  return [...nav[1].matchAll(/<a href="([\w-]+)\.html"( aria-current="page")?>([^<]*)<\/a>/g)]
    .map((m) => ({ page: m[1], current: Boolean(m[2]), text: m[3] }));
}

test('the six pages link to each other in one order, aria-current on the page itself', async () => {
  const pages = (await readdir(WEB)).filter((f) => f.endsWith('.html')).map((f) => f.replace(/\.html$/, '')).sort();
  assert.deepEqual(pages, ORDER.map(([p]) => p).sort(), 'the nav names every page of web/ and no other');
  for (const name of pages) {
    const links = navLinks(await readFile(`${WEB}${name}.html`, 'utf8'));
    assert.deepEqual(links.map(({ page, text }) => [page, text]), ORDER, `${name}.html: the nav`);
    assert.deepEqual(links.filter((l) => l.current).map((l) => l.page), [name], `${name}.html: marks itself only`);
  }
});
