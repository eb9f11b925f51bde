// The silences page: silences by state (active, pending, expired) with their matchers, creator,
// comment and times; filter by matchers; edit, recreate and expire.
import { amApi } from './am-api.js';
import { errorBox, h, loading, renderIncrementally, replace } from './dom.js';
import { matcherBadges, refreshControl, relative, stateBadge, timeText } from './am-ui.js';
import { splitMatchers } from './matchers.js';

const STATES = [['active', 'Active'], ['pending', 'Pending'], ['expired', 'Expired']];

/**
 * An "Expire" button that asks for a second click (within 5 s) before it expires the silence,
 * then calls done(error or null).
 */
export function expireButton(silence, done) {
  let armed = 0;
  const b = h('button', {
    type: 'button', className: 'btn btn-small btn-danger', 'data-testid': 'expire',
    onclick: async () => {
      if (!armed) {
        b.textContent = 'Confirm expire';
        b.classList.add('armed');
        armed = setTimeout(() => { armed = 0; b.textContent = 'Expire'; b.classList.remove('armed'); }, 5000);
        return;
      }
      clearTimeout(armed);
      b.disabled = true;
      try {
        await amApi(`silence/${encodeURIComponent(silence.id)}`, { method: 'DELETE' });
        done(null);
      } catch (e) {
        b.disabled = false;
        done(e);
      }
    },
  }, 'Expire');
  return b;
}

/** The actions on a silence: view, edit (or recreate when expired), expire. */
export function silenceActions(s, { view = true, onExpired }) {
  const st = s.status.state;
  return h('span', { className: 'am-actions' },
    view ? h('a', { className: 'btn btn-small', href: `silence?id=${encodeURIComponent(s.id)}`,
      'data-testid': 'view' }, 'View') : null,
    h('a', { className: 'btn btn-small', href: `new-silence?id=${encodeURIComponent(s.id)}`,
      'data-testid': 'edit' }, st === 'expired' ? 'Recreate' : 'Edit'),
    st === 'expired' ? null : expireButton(s, onExpired));
}

export function render(main) {
  const params = new URLSearchParams(location.search);
  const state = {
    state: STATES.some(([s]) => s === params.get('state')) ? params.get('state') : 'active',
    filter: params.get('filter') || '',
  };
  let silences = [];
  let lastAnswer = null;

  const filterInput = h('input', {
    className: 'input input-search', type: 'search', value: state.filter, spellcheck: 'false',
    placeholder: 'Filter, e.g. {alertname="HighLatency"}   ( / )', 'data-hotkey': 'filter',
    'aria-label': 'Filter silences by matchers', 'data-testid': 'filter',
  });
  const tabs = h('nav', { className: 'tabs', 'aria-label': 'Silence state' });
  const message = h('div');
  const body = h('div', { className: 'am-silences' });
  replace(main, h('section', { className: 'panel' },
    h('div', { className: 'group-head' }, h('h1', null, 'Silences'),
      h('a', { className: 'btn btn-primary', href: 'new-silence', 'data-testid': 'new-silence' }, 'New silence')),
    h('form', { className: 'controls', role: 'search',
      onsubmit: (e) => { e.preventDefault(); state.filter = filterInput.value.trim(); writeUrl(); load(true); } },
    filterInput, h('button', { type: 'submit', className: 'btn btn-primary' }, 'Apply'),
    refreshControl(() => load()),
    h('button', { type: 'button', className: 'btn', onclick: () => load(true) }, 'Refresh')),
    tabs, message, body));

  function writeUrl() {
    const p = new URLSearchParams();
    if (state.state !== 'active') p.set('state', state.state);
    if (state.filter) p.set('filter', state.filter);
    history.replaceState(null, '', p.toString() ? `?${p}` : 'silences');
  }

  function renderTabs() {
    const counts = Object.fromEntries(STATES.map(([s]) => [s, 0]));
    for (const s of silences) counts[s.status.state] = (counts[s.status.state] || 0) + 1;
    replace(tabs, STATES.map(([s, label]) => h('a', {
      className: `tab${s === state.state ? ' active' : ''}`, href: `?state=${s}`, 'data-state': s,
      'aria-current': s === state.state ? 'page' : null,
      onclick: (e) => { e.preventDefault(); state.state = s; writeUrl(); renderTabs(); show(); },
    }, label, ' ', h('span', { className: 'count', 'data-testid': `count-${s}` }, String(counts[s])))));
  }

  function show() {
    const list = silences.filter((s) => s.status.state === state.state);
    replace(body);
    if (list.length === 0) {
      body.append(h('div', { className: 'empty' }, `No ${state.state} silences.`));
      return;
    }
    renderIncrementally(body, list, silenceCard, 100);
  }

  function silenceCard(s) {
    const now = Date.now();
    return h('article', { className: 'am-silence', 'data-id': s.id, 'data-state': s.status.state },
      h('div', { className: 'am-alert-head' }, stateBadge(s.status.state, 'silence'),
        matcherBadges(s.matchers), silenceActions(s, { onExpired: expired })),
      h('div', { className: 'small am-silence-meta' },
        h('span', null, h('span', { className: 'muted' }, 'Starts '), timeText(s.startsAt),
          ` (${relative(s.startsAt, now)})`),
        h('span', null, h('span', { className: 'muted' }, 'Ends '), timeText(s.endsAt),
          ` (${relative(s.endsAt, now)})`),
        h('span', { 'data-testid': 'creator' }, h('span', { className: 'muted' }, 'by '), s.createdBy),
        h('a', { href: `silence?id=${encodeURIComponent(s.id)}`, className: 'mono muted' }, s.id)),
      s.comment ? h('div', { className: 'am-comment', 'data-testid': 'comment' }, s.comment) : null);
  }

  function expired(err) {
    replace(message, err ? errorBox('Error expiring the silence:', err) : null);
    load(true);
  }

  async function load(force = false) {
    if (lastAnswer === null) replace(body, loading());
    try {
      const answer = await amApi('silences', { params: { filter: splitMatchers(state.filter) } });
      const text = JSON.stringify(answer);
      if (!force && text === lastAnswer) return;
      lastAnswer = text;
      silences = answer;
      if (!force) replace(message);
      renderTabs();
      show();
    } catch (e) {
      lastAnswer = null;
      replace(body, errorBox('Error loading silences:', e));
    }
  }
  load();
}
