// Writes to the DOM only what changed: a render path calls these every frame, and an
// unchanged write would still cost style work and wake mutation observers.

export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Sets attribute `name` to `value`, or removes it when `value` is null. */
export function setAttr(node, name, value) {
  if (value === null) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}
