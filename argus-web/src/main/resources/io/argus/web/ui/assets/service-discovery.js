// The service discovery page: per scrape pool, every discovered target with its discovered labels
// and the labels relabeling gave it, or that it was dropped (from /api/v1/targets?state=any).
import { api } from './api.js';
import { debounce, errorBox, h, loading, notice, renderIncrementally, replace } from './dom.js';
import { labelBadges } from './format.js';

export function render(main) {
  const filter = { show: 'all', search: '', pool: '' };
  let data = null;
  const poolSelect = h('select', { className: 'input', 'aria-label': 'Scrape pool',
    onchange: () => { filter.pool = poolSelect.value; update(); } });
  const showSelect = h('select', { className: 'input', 'aria-label': 'Show',
    onchange: () => { filter.show = showSelect.value; update(); } },
  h('option', { value: 'all' }, 'Active and dropped'), h('option', { value: 'active' }, 'Active only'),
  h('option', { value: 'dropped' }, 'Dropped only'));
  const search = h('input', { className: 'input input-search', type: 'search',
    placeholder: 'Filter by labels', 'aria-label': 'Filter by labels',
    oninput: debounce(() => { filter.search = search.value.toLowerCase(); update(); }, 150) });
  const box = h('div', { className: 'pools' }, loading());
  replace(main, h('section', { className: 'panel' }, h('h1', null, 'Service discovery'),
    h('div', { className: 'controls' }, poolSelect, showSelect, search,
      h('button', { className: 'btn', onclick: () => load() }, 'Refresh')), box));

  const text = (labels) => Object.entries(labels || {}).map(([k, v]) => `${k}="${v}"`).join(' ').toLowerCase();

  function update() {
    const pools = new Map();
    const pool = (name) => {
      if (!pools.has(name)) pools.set(name, { active: [], dropped: [] });
      return pools.get(name);
    };
    for (const t of data.activeTargets || []) pool(t.scrapePool).active.push(t);
    for (const t of data.droppedTargets || []) {
      pool(t.scrapePool || (t.discoveredLabels || {}).job || '').dropped.push(t);
    }
    const counts = data.droppedTargetCounts || {};
    Object.keys(counts).forEach((p) => pool(p));
    const names = [...pools.keys()].sort();
    replace(poolSelect, h('option', { value: '' }, 'All scrape pools'),
      names.map((p) => h('option', { value: p, selected: p === filter.pool }, p)));
    replace(box);
    for (const name of names) {
      if (filter.pool && name !== filter.pool) continue;
      const p = pools.get(name);
      const droppedTotal = Math.max(counts[name] || 0, p.dropped.length);
      const rows = [];
      if (filter.show !== 'dropped') p.active.forEach((t) => rows.push({ t, dropped: false }));
      if (filter.show !== 'active') p.dropped.forEach((t) => rows.push({ t, dropped: true }));
      const shown = rows.filter(({ t }) => !filter.search ||
        text(t.discoveredLabels).includes(filter.search) || text(t.labels).includes(filter.search));
      const tbody = h('tbody');
      box.append(h('details', { className: 'pool', open: true, 'data-pool': name },
        h('summary', null, h('span', { className: 'pool-name' }, name),
          h('span', { className: 'count' },
            `${p.active.length} active / ${p.active.length + droppedTotal} discovered`)),
        droppedTotal > p.dropped.length ? notice(`${droppedTotal - p.dropped.length} dropped ` +
          'targets are not listed (the server keeps only keep_dropped_targets of them).', 'info') : null,
        h('table', { className: 'data-table sd-table' },
          h('thead', null, h('tr', null, h('th', null, 'Discovered labels'), h('th', null, 'Target labels'))),
          tbody)));
      if (shown.length === 0) {
        tbody.append(h('tr', null, h('td', { colspan: '2', className: 'empty' }, 'No targets.')));
      } else {
        renderIncrementally(tbody, shown, ({ t, dropped }) => h('tr', null,
          h('td', null, labelBadges(t.discoveredLabels)),
          h('td', null, dropped ? h('span', { className: 'state state-dropped' }, 'dropped')
            : labelBadges(t.labels))), 100);
      }
    }
    if (names.length === 0) {
      box.append(h('div', { className: 'empty' }, 'No scrape pools: the server has no scrape configuration.'));
    }
  }

  async function load() {
    try {
      data = (await api('targets', { state: 'any' })).data;
      update();
    } catch (e) {
      replace(box, errorBox('Error loading discovered targets:', e));
    }
  }
  load();
}
