// The page's shared state and the one way its panels talk to each other: each panel module
// (store-list, create-form, store-panel, activity) reads and writes `state` and announces what
// happened with `emit`; the others (and app.js, which polls) react through `on`. No panel imports another.

export const state = {
  /** name → the store's latest view from the API */
  stores: new Map(),
  /** name → its table row */
  rows: new Map(),
  /** the store shown in the panel, or null */
  selected: null,
  lastUpdated: null,
};

const listeners = new Map();

/** Calls `handler(detail)` on every `emit(event, detail)`. */
export function on(event, handler) {
  if (!listeners.has(event)) listeners.set(event, []);
  listeners.get(event).push(handler);
}

export function emit(event, detail) {
  for (const handler of listeners.get(event) || []) handler(detail);
}

export const $ = (id) => document.getElementById(id);

/** A DOM element: attributes (class, text, on<event> handlers, the rest as attributes) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Says `text` to screen readers (the stores' live region). */
export function announce(text) {
  $('stores-status').textContent = text;
}
