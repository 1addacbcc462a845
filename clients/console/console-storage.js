// What the console remembers, in this tab's sessionStorage only (gone when the tab closes): the name, the
// conversations joined, the open one, the operator's server key. A token is never stored.

const PREFIX = 'parley.console.';

export const tabStore = {
  get(name, fallback = null) {
    try {
      const value = sessionStorage.getItem(PREFIX + name);
      return value === null ? fallback : JSON.parse(value);
    } catch {
      return fallback;
    }
  },
  set(name, value) {
    try {
      sessionStorage.setItem(PREFIX + name, JSON.stringify(value));
    } catch {
      // storage full or disabled: the console still works, it just forgets on reload
    }
  },
  remove(name) {
    try {
      sessionStorage.removeItem(PREFIX + name);
    } catch {
      // as above
    }
  },
};

/** A tiny element builder: el('li', {class: 'msg', dataset: {id}}, child, 'text'). Text is never parsed as HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

export function showError(node, message) {
  node.textContent = message ?? '';
  node.hidden = !message;
}
