// The alerts page: alerting rules by state (from /api/v1/rules?type=alert) with their active
// alerts, labels and annotations, and the active alerts of /api/v1/alerts.
import { api } from './api.js';
import { debounce, errorBox, h, loading, renderIncrementally, replace } from './dom.js';
import { ago, formatDuration, labelBadges, localTime } from './format.js';
import { highlight } from './promql.js';

const STATES = ['firing', 'pending', 'inactive'];

/** An expression with PromQL highlighting. */
export function exprNode(query) {
  const pre = h('pre', { className: 'expr' });
  pre.innerHTML = highlight(query);
  return pre;
}

function annotationList(annotations) {
  const keys = Object.keys(annotations || {}).sort();
  if (keys.length === 0) return null;
  return h('dl', { className: 'annotations' },
    keys.map((k) => [h('dt', null, k), h('dd', null, annotations[k])]));
}

function alertsTable(alerts) {
  const tbody = h('tbody');
  const table = h('table', { className: 'data-table alerts-table' },
    h('thead', null, h('tr', null, h('th', null, 'Labels'), h('th', null, 'State'),
      h('th', null, 'Active since'), h('th', { className: 'num' }, 'Value'))), tbody);
  renderIncrementally(tbody, alerts, (a) => {
    const frag = document.createDocumentFragment();
    frag.append(h('tr', { className: `alert-row state-row-${a.state}` },
      h('td', null, labelBadges(a.labels)),
      h('td', null, h('span', { className: `state state-${a.state}` }, a.state)),
      h('td', { title: localTime(a.activeAt) }, a.activeAt ? ago(a.activeAt) : ''),
      h('td', { className: 'num' }, a.value)));
    const ann = annotationList(a.annotations);
    if (ann) frag.append(h('tr', { className: 'annotation-row' }, h('td', { colspan: '4' }, ann)));
    return frag;
  }, 100);
  return table;
}

export function render(main) {
  const filter = { states: new Set(), search: '' };
  let groups = null;
  let rulesError = null;
  let alerts = null;
  let alertsError = null;

  const stateButtons = STATES.map((s) => h('button', {
    className: `btn btn-toggle state-btn-${s}`, 'data-state': s,
    onclick: (e) => {
      if (filter.states.has(s)) filter.states.delete(s); else filter.states.add(s);
      e.currentTarget.classList.toggle('active', filter.states.has(s));
      update();
    },
  }, s));
  const search = h('input', {
    className: 'input input-search', type: 'search', placeholder: 'Filter by name or labels',
    'aria-label': 'Filter alerts',
    oninput: debounce(() => { filter.search = search.value.toLowerCase(); update(); }, 150),
  });
  const rulesBox = h('div', { className: 'rule-groups' }, loading());
  const activeBox = h('div', null, loading());
  replace(main, h('section', { className: 'panel' },
    h('h1', null, 'Alerts'),
    h('div', { className: 'controls' }, h('div', { className: 'control-group' }, ...stateButtons),
      search, h('button', { className: 'btn', onclick: () => load() }, 'Refresh')),
    h('h2', null, 'Alerting rules'), rulesBox,
    h('h2', null, 'Active alerts'), activeBox));

  const textOf = (labels) => Object.entries(labels || {}).map(([k, v]) => `${k}="${v}"`).join(' ');
  const stateOk = (s) => filter.states.size === 0 || filter.states.has(s);

  function update() {
    if (rulesError) {
      replace(rulesBox, errorBox('Error loading alerting rules:', rulesError));
    } else if (groups) {
      const counts = { firing: 0, pending: 0, inactive: 0 };
      groups.forEach((g) => g.rules.forEach((r) => { counts[r.state] = (counts[r.state] || 0) + 1; }));
      stateButtons.forEach((b) => { b.textContent = `${b.dataset.state} (${counts[b.dataset.state] || 0})`; });
      replace(rulesBox);
      for (const g of groups) {
        const rules = g.rules.filter((r) => stateOk(r.state) && (!filter.search ||
          `${r.name} ${textOf(r.labels)}`.toLowerCase().includes(filter.search)));
        if (rules.length === 0) continue;
        rulesBox.append(h('div', { className: 'rule-group' },
          h('h3', null, g.name, h('span', { className: 'muted small' }, ` ${g.file}`)),
          rules.map(ruleCard)));
      }
      if (rulesBox.childElementCount === 0) {
        rulesBox.append(h('div', { className: 'empty' }, groups.length === 0
          ? 'No alerting rules are configured.' : 'No alerting rule matches the filters.'));
      }
    }
    if (alertsError) {
      replace(activeBox, errorBox('Error loading active alerts:', alertsError));
    } else if (alerts) {
      const order = { firing: 0, pending: 1 };
      const list = alerts.filter((a) => stateOk(a.state) && (!filter.search ||
        textOf(a.labels).toLowerCase().includes(filter.search)))
        .sort((a, b) => (order[a.state] ?? 2) - (order[b.state] ?? 2));
      replace(activeBox, list.length === 0
        ? h('div', { className: 'empty' }, 'No active alerts.')
        : alertsTable(list));
    }
  }

  function ruleCard(r) {
    const def = h('div', { className: 'rule-def' },
      h('div', null, h('span', { className: 'k' }, 'alert: '), r.name),
      h('div', null, h('span', { className: 'k' }, 'expr: '), exprNode(r.query)),
      r.duration ? h('div', null, h('span', { className: 'k' }, 'for: '), formatDuration(r.duration * 1000)) : null,
      r.keepFiringFor ? h('div', null, h('span', { className: 'k' }, 'keep_firing_for: '),
        formatDuration(r.keepFiringFor * 1000)) : null,
      Object.keys(r.labels || {}).length ? h('div', null, h('span', { className: 'k' }, 'labels: '), labelBadges(r.labels)) : null,
      annotationList(r.annotations) ? h('div', null, h('span', { className: 'k' }, 'annotations:'), annotationList(r.annotations)) : null,
      r.lastError ? h('div', { className: 'error-text' }, `Error: ${r.lastError}`) : null);
    const active = (r.alerts || []).filter((a) => stateOk(a.state));
    return h('details', { className: `rule rule-${r.state}`, open: r.state !== 'inactive' },
      h('summary', null, h('span', { className: `state state-${r.state}` }, r.state), ' ',
        h('strong', null, r.name),
        h('span', { className: 'muted' }, ` (${(r.alerts || []).length} active)`)),
      def, active.length ? alertsTable(active) : null);
  }

  async function load() {
    const [rules, act] = await Promise.allSettled([
      api('rules', { type: 'alert' }), api('alerts')]);
    if (rules.status === 'fulfilled') {
      groups = (rules.value.data.groups || []).map((g) => ({
        ...g, rules: (g.rules || []).filter((r) => r.type === 'alerting' || r.type === undefined),
      }));
      rulesError = null;
    } else {
      rulesError = rules.reason;
    }
    if (act.status === 'fulfilled') {
      alerts = act.value.data.alerts || [];
      alertsError = null;
    } else {
      alertsError = act.reason;
    }
    update();
  }
  load();
}
