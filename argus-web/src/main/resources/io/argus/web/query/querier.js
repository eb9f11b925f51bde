// Loaded by argus query into every page of the shared web UI: the querier's navigation (no
// scrape pages, an Endpoints page) and, on every API request, Thanos' dedup and partial_response
// parameters from two switches in the top bar (remembered in localStorage and the URL).

const KEYS = { dedup: 'argus.query.dedup', partial: 'argus.query.partialResponse' };

function setting(param, key) {
  const fromUrl = new URLSearchParams(location.search).get(param);
  if (fromUrl === 'true' || fromUrl === 'false') return fromUrl === 'true';
  const stored = localStorage.getItem(key);
  return stored === null ? true : stored === 'true';
}

const state = { dedup: setting('dedup', KEYS.dedup), partial: setting('partial_response', KEYS.partial) };

/** Adds the querier's parameters to an API v1 request of the UI (GET query string or POST form). */
const plainFetch = window.fetch.bind(window);
window.fetch = (input, init = {}) => {
  if (typeof input === 'string' && input.startsWith('api/v1/') && !input.startsWith('api/v1/stores')) {
    const extra = { dedup: String(state.dedup), partial_response: String(state.partial) };
    if (init.body instanceof URLSearchParams) {
      for (const [k, v] of Object.entries(extra)) init.body.set(k, v);
    } else {
      const sep = input.includes('?') ? '&' : '?';
      input += sep + new URLSearchParams(extra).toString();
    }
  }
  return plainFetch(input, init);
};

function toggle(label, param, key, title) {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = state[param === 'dedup' ? 'dedup' : 'partial'];
  box.id = `querier-${param}`;
  box.addEventListener('change', () => {
    state[param === 'dedup' ? 'dedup' : 'partial'] = box.checked;
    localStorage.setItem(key, String(box.checked));
    const url = new URL(location.href);
    url.searchParams.set(param, String(box.checked));
    history.replaceState(null, '', url);
  });
  const wrap = document.createElement('label');
  wrap.className = 'querier-toggle';
  wrap.title = title;
  wrap.append(box, ' ', label);
  return wrap;
}

export function querierNav(nav, page) {
  for (const a of [...nav.querySelectorAll('a')]) {
    const target = a.getAttribute('href');
    if (target === 'targets' || target === 'service-discovery') a.remove();
  }
  if (!nav.querySelector('a[href="stores"]')) {
    const stores = document.createElement('a');
    stores.href = 'stores';
    stores.textContent = 'Endpoints';
    if (page === 'stores') {
      stores.className = 'active';
      stores.setAttribute('aria-current', 'page');
    }
    nav.append(stores);
  }
}

const nav = document.getElementById('nav');
if (nav) {
  querierNav(nav, document.body.dataset.page);
  const bar = document.createElement('div');
  bar.className = 'querier-toggles';
  bar.style.cssText = 'margin-left:auto;display:flex;gap:16px;color:#fff;font-size:13px';
  bar.append(
    toggle('Deduplication', 'dedup', KEYS.dedup, 'Merge replicas (series that differ only in replica labels)'),
    toggle('Partial response', 'partial_response', KEYS.partial,
      'Answer with the endpoints that respond, with a warning, instead of failing'));
  nav.parentElement.append(bar);
}
