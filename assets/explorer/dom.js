// Building DOM nodes from data. Everything the API returns is set as text, never parsed as
// HTML, so a quote or name can contain any character without breaking (or injecting into) the
// page.

/**
 * `h('a', { href: '/x', class: 'y', onclick: fn }, 'text', child)`: an element with attributes
 * (`on…` keys become event listeners, `false`/`null` values are left out) and children
 * (strings become text nodes, arrays are flattened, null/false are skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'style' && typeof value === 'object') Object.assign(element.style, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces everything inside `element` with `children`. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}
