// Reads what the site build needs from a page of web/: its module and classic
// scripts, stylesheets, title and body. The pages are this project's own, so a
// few patterns over tags are enough; no markup from elsewhere passes through here.

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const LINK = /<link\b([^>]*)>/gi;

/** The attributes of a tag's attribute text, as a Map (names lower-case, values unquoted). */
export function attributes(text) {
  const out = new Map();
  for (const m of text.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    out.set(m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/**
 * { scripts: [{ src, module }], styles: [href], title, htmlAttrs, body } of one page.
 * An inline script is refused: the strict CSP (SEMANTICS §9) would block it.
 */
export function readPage(html, name) {
  const scripts = [];
  for (const m of html.matchAll(SCRIPT)) {
    const attrs = attributes(m[1]);
    if (!attrs.has('src')) {
      if (m[2].trim()) throw new Error(`${name}: an inline <script> would be blocked by script-src 'self'; move it to a file`);
      continue;
    }
    scripts.push({ src: attrs.get('src'), module: attrs.get('type') === 'module' });
  }
  const styles = [];
  for (const m of html.matchAll(LINK)) {
    const attrs = attributes(m[1]);
    if ((attrs.get('rel') ?? '').split(/\s+/).includes('stylesheet')) styles.push(attrs.get('href'));
  }
  if (/<style\b/i.test(html)) throw new Error(`${name}: a <style> element would be blocked by style-src 'self'; use a stylesheet file`);
  if (/<[a-z][^>]*\sstyle\s*=/i.test(html)) throw new Error(`${name}: a style="" attribute would be blocked by style-src 'self'; use a class`);
  const title = (html.match(/<title>([\s\S]*?)<\/title>/i)?.[1] ?? '').trim();
  const htmlAttrs = html.match(/<html\b([^>]*)>/i)?.[1] ?? '';
  const body = html.match(/<body\b[^>]*>([\s\S]*)<\/body>/i)?.[1] ?? '';
  return { scripts, styles, title, htmlAttrs, body: body.replace(SCRIPT, '') };
}

/** The page with a <meta> naming the offline single file, for boot.js's message from disk. */
export function withOfflineMeta(html, href) {
  const meta = `<meta name="convolution-offline" content="${href}">`;
  return html.replace(/(<meta\s+charset[^>]*>)/i, `$1\n  ${meta}`);
}

/** Links between pages (href="image.html#…") become the single file's ?page= links. */
export function offlineLinks(body, pageNames) {
  return body.replace(/href="([\w-]+)\.html((?:#[^"]*)?)"/g, (whole, page, hash) => (
    pageNames.includes(page) ? `href="?page=${page}${hash}"` : whole));
}
