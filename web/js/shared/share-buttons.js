// The Copy link and Copy embed code buttons of the layer and quiz modes: the text
// comes from the host page (it owns the address), the clipboard from copyText, which
// falls back to a selected box where the clipboard is refused.
import { copyText } from './clipboard.js';

/**
 * el: { copyLink, copyEmbed, shareStatus, shareBox }; host: the mode's root element;
 * shareUrl(json) and embedSnippets(json, view): the page's, or null (the button is
 * hidden); current(): { json, view } now.
 */
export function bindShareButtons(el, { host, shareUrl, embedSnippets, current }) {
  const share = async (what) => {
    const { json, view } = current();
    const text = what === 'link' ? shareUrl?.(json) : embedSnippets?.(json, view);
    if (!text) return;
    const how = await copyText(text, { root: host, box: el.shareBox });
    el.shareStatus.textContent = how === 'manual' ? 'The clipboard is not available here: the text is selected in the box; copy it with Ctrl+C (⌘C).' : what === 'link' ? 'Link copied' : 'Embed code copied';
  };
  el.copyLink.addEventListener('click', () => share('link'));
  el.copyEmbed.addEventListener('click', () => share('embed'));
  el.copyLink.hidden = !shareUrl;
  el.copyEmbed.hidden = !embedSnippets;
}
