// The view keys of a link, shared by every mode's page: which mode, whether the page
// sits in a course page's iframe (embed=1), which panels show and whether the example
// is locked (readonly=1). Pure; a mode's own decodeState skips these keys.
import { quote } from '../shared/numbers.js';

export const VIEW_KEYS = ['mode', 'embed', 'panels', 'readonly'];
export const MODES = ['matrix', 'image', '1d', 'transpose', 'layer', 'quiz'];

/** The hash → { mode, embed, panels (array or null = all), readonly, problems }. */
export function readViewParams(hash, knownPanels = null) {
  const text = String(hash ?? '');
  const out = { mode: null, embed: false, panels: null, readonly: false, problems: [] };
  // Too long to be a link (the mode's decodeState says so); nothing here is read from it.
  if (text.length > 65537) return out;
  const body = text.replace(/^#/, '');
  for (const part of body.split('&', 2000)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    const raw = part.slice(eq + 1);
    if (key === 'mode') out.mode = MODES.includes(raw) ? raw : null;
    else if (key === 'embed') out.embed = raw === '1';
    else if (key === 'readonly') out.readonly = raw === '1';
    else if (key === 'panels') out.panels = parsePanels(decodeSafe(raw), knownPanels, out.problems);
  }
  return out;
}

function decodeSafe(s) {
  try { return decodeURIComponent(s); } catch { return s; }
}

/** "stepper, arithmetic" → ['stepper', 'arithmetic']; unknown names are named and dropped. */
export function parsePanels(text, knownPanels, problems = []) {
  if (text === null || text === undefined) return null;
  const names = String(text).split(',', 64).map((s) => s.trim()).filter(Boolean);
  if (!knownPanels) return names;
  const bad = names.filter((n) => !knownPanels.includes(n));
  if (bad.length) problems.push(`The panels ${bad.slice(0, 3).map((b) => `"${quote(b, 20)}"`).join(', ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''} are not known; the panels are ${knownPanels.join(', ')}.`);
  const good = names.filter((n) => knownPanels.includes(n));
  return good.length ? good : null;
}

/** The view keys to append to a mode's hash. */
export function viewParamsText({ embed = false, panels = null, readonly = false } = {}) {
  const parts = [];
  if (panels && panels.length) parts.push(`panels=${panels.join(',')}`);
  if (readonly) parts.push('readonly=1');
  if (embed) parts.push('embed=1');
  return parts.join('&');
}
