// Small DOM helpers: element creation without innerHTML for untrusted text.

/**
 * Creates an element. attrs: properties ("className", "onclick", "dataset") or attributes
 * (anything else, including "aria-*"); children: nodes, strings, arrays, null/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'className') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** An error box that says which request failed and why. */
export function errorBox(title, err) {
  return h('div', { className: 'alert alert-error', role: 'alert' },
    h('strong', null, title), ' ', err && err.message ? err.message : String(err));
}

/** A notice box (warnings, infos, truncation). */
export function notice(text, kind = 'warn') {
  return h('div', { className: `alert alert-${kind}` }, text);
}

/** A loading indicator. */
export function loading(text = 'Loading…') {
  return h('div', { className: 'loading' }, h('span', { className: 'spinner' }), text);
}

/**
 * Appends rows to a container in chunks as the user scrolls: the first chunk at once, the next
 * when a sentinel after the last row comes into view. render(item, index) returns the row. With
 * wrap, each chunk goes into its own wrap() element (e.g. one with content-visibility: auto, so
 * that chunks out of view cost no layout).
 */
export function renderIncrementally(container, items, render, chunk = 200, wrap = null) {
  let next = 0;
  let sentinel = null;
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting && e.target === sentinel)) more();
  }, { rootMargin: '600px' });
  function more() {
    const end = Math.min(items.length, next + chunk);
    const frag = wrap ? wrap() : document.createDocumentFragment();
    for (; next < end; next++) frag.append(render(items[next], next));
    if (sentinel) {
      observer.unobserve(sentinel);
      sentinel.remove();
      sentinel = null;
    }
    container.append(frag);
    if (next < items.length) {
      // A new sentinel each time: a newly observed element always gets a first notification,
      // so loading goes on even when the last chunk left the old one in view.
      sentinel = document.createElement(container.tagName === 'TBODY' ? 'tr' : 'div');
      sentinel.className = 'sentinel';
      container.append(sentinel);
      observer.observe(sentinel);
    } else {
      observer.disconnect();
    }
  }
  more();
  return { disconnect: () => observer.disconnect() };
}

/** A debounced version of fn. */
export function debounce(fn, ms) {
  let t = 0;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
