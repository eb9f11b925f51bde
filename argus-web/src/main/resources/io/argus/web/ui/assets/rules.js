// The rules page: every rule group with its recording and alerting rules, health, last error and
// evaluation times (from /api/v1/rules).
import { api } from './api.js';
import { debounce, errorBox, h, loading, replace } from './dom.js';
import { ago, formatDuration, formatSeconds, labelBadges, localTime } from './format.js';
import { exprNode } from './alerts.js';

export function render(main) {
  let groups = null;
  let search = '';
  const box = h('div', { className: 'rule-groups' }, loading());
  const input = h('input', {
    className: 'input input-search', type: 'search', placeholder: 'Filter by rule name or expression',
    'aria-label': 'Filter rules',
    oninput: debounce(() => { search = input.value.toLowerCase(); update(); }, 150),
  });
  replace(main, h('section', { className: 'panel' }, h('h1', null, 'Rules'),
    h('div', { className: 'controls' }, input,
      h('button', { className: 'btn', onclick: () => load() }, 'Refresh')), box));

  function update() {
    replace(box);
    for (const g of groups) {
      const rules = (g.rules || []).filter((r) => !search ||
        r.name.toLowerCase().includes(search) || r.query.toLowerCase().includes(search));
      if (rules.length === 0) continue;
      box.append(h('div', { className: 'rule-group' },
        h('div', { className: 'group-head' },
          h('h3', null, g.name, h('span', { className: 'muted small' }, ` ${g.file}`)),
          h('span', { className: 'muted small' },
            `interval ${formatDuration((g.interval || 0) * 1000)} · last evaluation `,
            h('span', { title: localTime(g.lastEvaluation) }, ago(g.lastEvaluation)),
            ` · took ${formatSeconds(g.evaluationTime)}`)),
        h('table', { className: 'data-table rules-table' },
          h('thead', null, h('tr', null, h('th', null, 'Rule'), h('th', null, 'Health'),
            h('th', null, 'Last evaluation'), h('th', null, 'Evaluation time'))),
          h('tbody', null, rules.map(ruleRow)))));
    }
    if (box.childElementCount === 0) {
      box.append(h('div', { className: 'empty' },
        groups.length === 0 ? 'No rules are configured.' : 'No rule matches the filter.'));
    }
  }

  function ruleRow(r) {
    const isAlert = r.type === 'alerting';
    return h('tr', null,
      h('td', null,
        h('div', null, h('span', { className: 'k' }, isAlert ? 'alert: ' : 'record: '), h('strong', null, r.name)),
        h('div', null, h('span', { className: 'k' }, 'expr: '), exprNode(r.query)),
        isAlert && r.duration ? h('div', null, h('span', { className: 'k' }, 'for: '), formatDuration(r.duration * 1000)) : null,
        Object.keys(r.labels || {}).length ? h('div', null, h('span', { className: 'k' }, 'labels: '), labelBadges(r.labels)) : null,
        r.lastError ? h('div', { className: 'error-text' }, `Error: ${r.lastError}`) : null),
      h('td', null, h('span', { className: `state state-${r.health === 'ok' ? 'up' : r.health === 'err' ? 'down' : 'unknown'}` }, r.health)),
      h('td', { title: localTime(r.lastEvaluation) }, ago(r.lastEvaluation)),
      h('td', null, formatSeconds(r.evaluationTime)));
  }

  async function load() {
    try {
      const r = await api('rules');
      groups = r.data.groups || [];
      update();
    } catch (e) {
      replace(box, errorBox('Error loading rules:', e));
    }
  }
  load();
}
