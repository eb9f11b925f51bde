// The alerts page: alert groups as the route tree makes them (api/v2/alerts/groups), per receiver
// and group labels; filters by matchers, receiver, and whether silenced and inhibited alerts show.
// Groups and their alerts render in chunks as the page scrolls, so that thousands of alerts stay
// fast; an auto-refresh that brings nothing new leaves the page as it is.
import { amApi } from './am-api.js';
import { errorBox, h, loading, renderIncrementally, replace } from './dom.js';
import { refreshControl, relative, stateBadge, timeText } from './am-ui.js';
import { escapeRegex, formatMatcher, formatMatchers, matchersOfLabels, splitMatchers } from './matchers.js';

/** A link to the silence form, prefilled with these label matchers. */
export function silenceLink(labels, text, testid) {
  const filter = formatMatchers(matchersOfLabels(labels));
  return h('a', { className: 'btn btn-small', href: `new-silence?filter=${encodeURIComponent(filter)}`,
    'data-testid': testid, title: `New silence for ${filter}` }, text);
}

export function render(main) {
  const params = new URLSearchParams(location.search);
  const state = {
    filter: params.get('filter') || '',
    receiver: params.get('receiver') || '',
    silenced: params.get('silenced') === 'true',
    inhibited: params.get('inhibited') === 'true',
  };
  const collapsed = new Set();
  let lastAnswer = null;
  let observers = [];
  let inFlight = null;
  let renders = 0;

  const filterInput = h('input', {
    className: 'input input-search', type: 'search', value: state.filter, spellcheck: 'false',
    placeholder: 'Filter, e.g. {severity="critical"}   ( / )',
    'aria-label': 'Filter alerts by label matchers', 'data-hotkey': 'filter', 'data-testid': 'filter',
  });
  const receiverSelect = h('select', {
    className: 'input', 'aria-label': 'Receiver', 'data-testid': 'receiver',
    onchange: () => { state.receiver = receiverSelect.value; apply(); },
  }, h('option', { value: '' }, 'All receivers'));
  const toggle = (key, label) => {
    const b = h('button', {
      type: 'button', className: `btn btn-toggle${state[key] ? ' active' : ''}`,
      'aria-pressed': String(state[key]), 'data-testid': `show-${key}`,
      title: `Show ${key} alerts`,
      onclick: () => {
        state[key] = !state[key];
        b.classList.toggle('active', state[key]);
        b.setAttribute('aria-pressed', String(state[key]));
        apply();
      },
    }, label);
    return b;
  };
  const chips = h('div', { className: 'badges filter-chips', 'data-testid': 'filter-chips' });
  const summary = h('div', { className: 'stats', 'data-testid': 'alerts-summary', 'aria-live': 'polite' });
  const body = h('div', { className: 'am-groups' });
  const form = h('form', {
    className: 'controls', role: 'search',
    onsubmit: (e) => { e.preventDefault(); state.filter = filterInput.value.trim(); apply(); },
  },
  filterInput,
  h('button', { type: 'submit', className: 'btn btn-primary', 'data-testid': 'apply' }, 'Apply'),
  receiverSelect,
  h('div', { className: 'control-group' }, toggle('silenced', 'Silenced'), toggle('inhibited', 'Inhibited')),
  h('button', { type: 'button', className: 'btn', onclick: () => setAllOpen(false) }, 'Collapse all'),
  h('button', { type: 'button', className: 'btn', onclick: () => setAllOpen(true) }, 'Expand all'),
  refreshControl(() => load()),
  h('button', { type: 'button', className: 'btn', onclick: () => load(true) }, 'Refresh'));

  replace(main, h('section', { className: 'panel' }, h('h1', null, 'Alerts'), form, chips, summary, body));

  function setAllOpen(open) {
    body.querySelectorAll('details.am-group').forEach((d) => {
      d.open = open;
      if (open) collapsed.delete(d.dataset.key); else collapsed.add(d.dataset.key);
    });
  }

  function writeUrl() {
    const p = new URLSearchParams();
    if (state.filter) p.set('filter', state.filter);
    if (state.receiver) p.set('receiver', state.receiver);
    if (state.silenced) p.set('silenced', 'true');
    if (state.inhibited) p.set('inhibited', 'true');
    history.replaceState(null, '', p.toString() ? `?${p}` : 'alerts');
  }

  function apply() {
    writeUrl();
    renderChips();
    load(true);
  }

  function renderChips() {
    const list = splitMatchers(state.filter);
    replace(chips, list.map((m, i) => h('button', {
      type: 'button', className: 'badge chip', title: 'Remove this matcher',
      onclick: () => {
        const rest = list.filter((_, j) => j !== i);
        state.filter = rest.length ? `{${rest.join(', ')}}` : '';
        filterInput.value = state.filter;
        apply();
      },
    }, m, h('span', { className: 'chip-x', 'aria-hidden': 'true' }, '×'))));
  }

  function addMatcher(text) {
    const list = splitMatchers(state.filter);
    if (!list.includes(text)) list.push(text);
    state.filter = `{${list.join(', ')}}`;
    filterInput.value = state.filter;
    apply();
  }

  async function loadReceivers() {
    try {
      const rs = await amApi('receivers');
      const names = rs.map((r) => r.name).sort();
      if (state.receiver && !names.includes(state.receiver)) names.push(state.receiver);
      replace(receiverSelect, h('option', { value: '' }, 'All receivers'),
        names.map((n) => h('option', { value: n, selected: n === state.receiver }, n)));
    } catch (e) {
      receiverSelect.title = e.message;
    }
  }

  async function load(force = false) {
    if (inFlight) inFlight.abort();
    const ctl = new AbortController();
    inFlight = ctl;
    if (lastAnswer === null || force) replace(body, loading());
    const query = {
      filter: splitMatchers(state.filter), silenced: String(state.silenced),
      inhibited: String(state.inhibited), active: 'true',
    };
    if (state.receiver) query.receiver = escapeRegex(state.receiver);
    const started = performance.now();
    let groups;
    try {
      groups = await amApi('alerts/groups', { params: query, signal: ctl.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      lastAnswer = null;
      summary.textContent = '';
      replace(body, h('div', { 'data-testid': 'alerts-error' }, errorBox('Error loading alerts:', e)));
      return;
    } finally {
      if (inFlight === ctl) inFlight = null;
    }
    const fetched = performance.now();
    // Senders re-post firing alerts (new updatedAt and endsAt): that alone changes nothing shown.
    const text = JSON.stringify(groups, (k, v) => (k === 'updatedAt' || k === 'endsAt' ? undefined : v));
    if (!force && text === lastAnswer) return;
    lastAnswer = text;
    show(groups, fetched - started);
  }

  function show(groups, fetchMs) {
    const t0 = performance.now();
    observers.forEach((o) => o.disconnect());
    observers = [];
    const byFingerprint = new Map();
    let total = 0;
    for (const g of groups) {
      total += g.alerts.length;
      for (const a of g.alerts) byFingerprint.set(a.fingerprint, a);
    }
    replace(body);
    if (groups.length === 0) {
      body.append(h('div', { className: 'empty', 'data-testid': 'no-alerts' },
        state.filter || state.receiver ? 'No alert matches the filters.' : 'No alerts.'));
    }
    const now = Date.now(); // one "now" for the relative times of this answer, in every chunk
    observers.push(renderIncrementally(body, groups, (g) => groupNode(g, byFingerprint, now), 40));
    const renderMs = performance.now() - t0;
    renders++;
    replace(summary, h('span', { 'data-alerts': String(byFingerprint.size), 'data-groups': String(groups.length),
      'data-render': String(renders) },
      `${byFingerprint.size} ${byFingerprint.size === 1 ? 'alert' : 'alerts'} in ${groups.length} ${groups.length === 1 ? 'group' : 'groups'}`,
      total !== byFingerprint.size ? ` (${total} in all: some alerts are routed more than once)` : '',
      ` · fetched ${new Date().toLocaleTimeString()} · API ${fetchMs.toFixed(0)} ms, render ${renderMs.toFixed(0)} ms`));
  }

  function groupNode(g, byFingerprint, now) {
    const key = `${g.receiver.name}\u0000${formatMatchers(matchersOfLabels(g.labels))}`;
    const list = h('div', { className: 'am-alerts' });
    const labelNames = Object.keys(g.labels).sort();
    const details = h('details', {
      className: 'pool am-group', open: !collapsed.has(key), dataset: { key },
      'data-receiver': g.receiver.name, 'data-group': formatMatchers(matchersOfLabels(g.labels)),
      'data-count': String(g.alerts.length),
      ontoggle: () => { if (details.open) collapsed.delete(key); else collapsed.add(key); },
    },
    h('summary', null,
      h('span', { className: 'am-receiver', title: 'Receiver' }, g.receiver.name),
      labelNames.length === 0
        ? h('span', { className: 'muted' }, 'not grouped')
        : h('span', { className: 'badges' }, labelNames.map((k) =>
          h('span', { className: 'badge' }, h('span', { className: 'badge-k' }, k), '=', g.labels[k]))),
      h('span', { className: 'count', 'data-testid': 'group-count' },
        `${g.alerts.length} ${g.alerts.length === 1 ? 'alert' : 'alerts'}`),
      labelNames.length ? silenceLink(g.labels, 'Silence group', 'silence-group') : null),
    list);
    observers.push(renderIncrementally(list, g.alerts, (a) => alertNode(a, byFingerprint, now), 100));
    return details;
  }

  function alertNode(a, byFingerprint, now) {
    const st = a.status || { state: 'unprocessed', silencedBy: [], inhibitedBy: [] };
    const annotations = Object.keys(a.annotations || {}).sort();
    return h('div', { className: `am-alert am-alert-${st.state}`, 'data-fingerprint': a.fingerprint,
      'data-state': st.state, 'data-alertname': a.labels.alertname || '' },
    h('div', { className: 'am-alert-head' },
      stateBadge(st.state),
      h('span', { className: 'muted small' }, 'since ', timeText(a.startsAt), ` (${relative(a.startsAt, now)})`),
      (st.silencedBy || []).length ? h('span', { className: 'small', 'data-testid': 'silenced-by' }, 'silenced by ',
        st.silencedBy.map((id, i) => [i ? ', ' : '', h('a', { href: `silence?id=${encodeURIComponent(id)}` },
          id.slice(0, 8))])) : null,
      (st.inhibitedBy || []).length ? h('span', { className: 'small', 'data-testid': 'inhibited-by' }, 'inhibited by ',
        st.inhibitedBy.map((fp, i) => {
          const source = byFingerprint.get(fp);
          const name = source && source.labels.alertname ? `${source.labels.alertname} (${fp})` : fp;
          return [i ? ', ' : '', h('code', null, name)];
        })) : null,
      h('span', { className: 'am-actions' },
        a.generatorURL ? h('a', { className: 'btn btn-small', href: a.generatorURL, target: '_blank',
          rel: 'noopener' }, 'Source') : null,
        silenceLink(a.labels, 'Silence', 'silence-alert'))),
    h('div', { className: 'badges' }, Object.keys(a.labels).sort().map((k) => {
      const text = formatMatcher({ name: k, op: '=', value: a.labels[k] });
      return h('button', { type: 'button', className: 'badge badge-button', title: `Filter by ${text}`,
        onclick: () => addMatcher(text) }, h('span', { className: 'badge-k' }, k), '=', a.labels[k]);
    })),
    annotations.length ? h('dl', { className: 'annotations' }, annotations.map((k) =>
      [h('dt', null, k), h('dd', null, linkify(a.annotations[k]))])) : null);
  }

  renderChips();
  loadReceivers();
  load();
}

/** Text with its http(s) URLs as links (annotations often hold runbook and dashboard links). */
function linkify(text) {
  const parts = [];
  const re = /https?:\/\/[^\s<>"]+/g;
  let at = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    parts.push(text.slice(at, m.index), h('a', { href: m[0], target: '_blank', rel: 'noopener' }, m[0]));
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return parts;
}
