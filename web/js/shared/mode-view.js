// View pieces the layer and quiz modes share: the message that names a link's problems,
// and which panels show (the `panels` attribute, and readonly hiding the editing ones).

/** Shows `list` (a link's or a state's problems) in `box`; hidden when there are none. */
export function showProblemList(box, list) {
  box.textContent = list.length <= 1 ? (list[0] ?? '') : [`This link has ${list.length} problems; everything else in it was loaded.`, ...list.map((x) => `• ${x}`)].join('\n');
  box.hidden = list.length === 0;
}

/**
 * Hides every [data-panel] of `host` not in `names` (null: all show) and, when
 * readonly, those in `editing`. Returns the view options { panels, readonly }.
 */
export function showPanels(host, { panels: names, readonly }, editing) {
  const view = { panels: names ?? null, readonly: Boolean(readonly) };
  const show = names ? new Set(names) : null;
  for (const node of host.querySelectorAll('[data-panel]')) {
    const off = (show && !show.has(node.dataset.panel)) || (view.readonly && editing.includes(node.dataset.panel));
    node.classList.toggle('panel-off', Boolean(off));
  }
  return view;
}
