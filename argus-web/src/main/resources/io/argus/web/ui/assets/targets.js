// The targets page: active targets grouped by scrape pool, with health, labels, last scrape,
// duration and last error; filters by pool, health and text.
import { api } from './api.js';
import { debounce, errorBox, h, loading, renderIncrementally, replace } from './dom.js';
import { ago, formatSeconds, labelBadges, localTime } from './format.js';

const HEALTHS = ['up', 'down', 'unknown'];

export function render(main) {
  const params = new URLSearchParams(location.search);
  const filter = {
    search: params.get('search') || '',
    pool: params.get('pool') || '',
    health: new Set((params.get('health') || '').split(',').filter((x) => HEALTHS.includes(x))),
  };
  let targets = [];
  let fetchedAt = Date.now();

  const search = h('input', {
    className: 'input input-search', type: 'search', placeholder: 'Filter by endpoint or labels',
    value: filter.search, 'aria-label': 'Filter targets',
    oninput: debounce(() => { filter.search = search.value; update(); }, 150),
  });
  const poolSelect = h('select', {
    className: 'input', 'aria-label': 'Scrape pool',
    onchange: () => { filter.pool = poolSelect.value; update(); },
  });
  const healthButtons = HEALTHS.map((hv) => h('button', {
    className: `btn btn-toggle health-${hv}`, 'data-health': hv,
    onclick: (e) => {
      if (filter.health.has(hv)) filter.health.delete(hv); else filter.health.add(hv);
      e.currentTarget.classList.toggle('active', filter.health.has(hv));
      update();
    },
  }, hv));
  healthButtons.forEach((b) => b.classList.toggle('active', filter.health.has(b.dataset.health)));
  let collapsed = false;
  const collapseBtn = h('button', { className: 'btn', onclick: () => {
    collapsed = !collapsed;
    collapseBtn.textContent = collapsed ? 'Expand all' : 'Collapse all';
    body.querySelectorAll('details.pool').forEach((d) => { d.open = !collapsed; });
  } }, 'Collapse all');
  const refreshBtn = h('button', { className: 'btn', onclick: () => load() }, 'Refresh');
  const summary = h('div', { className: 'stats' });
  const body = h('div', { className: 'pools' });

  replace(main, h('section', { className: 'panel' },
    h('h1', null, 'Targets'),
    h('div', { className: 'controls' }, poolSelect,
      h('div', { className: 'control-group', title: 'Show only targets in these states' },
        ...healthButtons),
      search, collapseBtn, refreshBtn),
    summary, body));

  function writeUrl() {
    const p = new URLSearchParams();
    if (filter.search) p.set('search', filter.search);
    if (filter.pool) p.set('pool', filter.pool);
    if (filter.health.size) p.set('health', [...filter.health].join(','));
    history.replaceState(null, '', p.toString() ? `?${p}` : location.pathname.split('/').pop());
  }

  function matches(t) {
    if (filter.pool && t.scrapePool !== filter.pool) return false;
    if (filter.health.size && !filter.health.has(t.health)) return false;
    if (filter.search) {
      const needle = filter.search.toLowerCase();
      const hay = [t.scrapeUrl, t.globalUrl, ...Object.entries(t.labels).map(([k, v]) => `${k}="${v}"`)]
        .join(' ').toLowerCase();
      if (!hay.includes(needle)) return false;
    }
    return true;
  }

  function update() {
    writeUrl();
    const byPool = new Map();
    for (const t of targets) {
      if (!byPool.has(t.scrapePool)) byPool.set(t.scrapePool, []);
      byPool.get(t.scrapePool).push(t);
    }
    const pools = [...byPool.keys()].sort();
    replace(poolSelect, h('option', { value: '' }, 'All scrape pools'),
      pools.map((p) => h('option', { value: p, selected: p === filter.pool }, p)));
    const up = targets.filter((t) => t.health === 'up').length;
    replace(summary, `${targets.length} targets in ${pools.length} pools, ${up} up, ` +
      `${targets.length - up} not up · fetched ${new Date(fetchedAt).toLocaleTimeString()}`);
    replace(body);
    let shown = 0;
    for (const pool of pools) {
      const all = byPool.get(pool);
      const list = all.filter(matches);
      if (list.length === 0) continue;
      shown += list.length;
      const poolUp = all.filter((t) => t.health === 'up').length;
      const tbody = h('tbody');
      body.append(h('details', { className: 'pool', open: !collapsed, 'data-pool': pool },
        h('summary', null, h('span', { className: 'pool-name' }, pool),
          h('span', { className: `count ${poolUp === all.length ? 'count-ok' : 'count-bad'}` },
            `${poolUp} / ${all.length} up`)),
        h('table', { className: 'data-table targets-table' },
          h('thead', null, h('tr', null, h('th', null, 'Endpoint'), h('th', null, 'Labels'),
            h('th', null, 'Last scrape'), h('th', null, 'Duration'), h('th', null, 'State'))),
          tbody)));
      renderIncrementally(tbody, list, targetRows, 100);
    }
    if (shown === 0) {
      body.append(h('div', { className: 'empty' }, targets.length === 0
        ? 'No targets: the server has no scrape configuration, or discovery found nothing yet.'
        : 'No target matches the filters.'));
    }
  }

  function targetRows(t) {
    const frag = document.createDocumentFragment();
    const url = t.globalUrl || t.scrapeUrl;
    frag.append(h('tr', { className: `target health-${t.health}`, 'data-health': t.health },
      h('td', { className: 'endpoint' }, h('a', { href: url, target: '_blank', rel: 'noopener' }, t.scrapeUrl)),
      h('td', null, labelBadges(t.labels)),
      h('td', { title: localTime(t.lastScrape) }, ago(t.lastScrape, fetchedAt)),
      h('td', null, formatSeconds(t.lastScrapeDuration),
        h('div', { className: 'muted small' }, `every ${t.scrapeInterval}, timeout ${t.scrapeTimeout}`)),
      h('td', null, h('span', { className: `state state-${t.health}` }, t.health))));
    if (t.lastError) {
      frag.append(h('tr', { className: 'target-error' },
        h('td', { colspan: '5' }, h('span', { className: 'error-text', 'data-testid': 'target-error' },
          `Error: ${t.lastError}`))));
    }
    return frag;
  }

  async function load() {
    if (targets.length === 0) replace(body, loading());
    try {
      const r = await api('targets', { state: 'active' });
      targets = r.data.activeTargets || [];
      fetchedAt = Date.now();
      update();
    } catch (e) {
      replace(body, errorBox('Error loading targets:', e));
    }
  }
  load();
}
