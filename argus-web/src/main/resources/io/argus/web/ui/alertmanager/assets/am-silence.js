// One silence (silence?id=…): its matchers, times, creator and comment, the alerts it matches
// now, and the actions edit or recreate and expire.
import { amApi } from './am-api.js';
import { errorBox, h, loading, replace } from './dom.js';
import { matcherBadges, relative, stateBadge, timeText } from './am-ui.js';
import { silenceActions } from './am-silences.js';
import { formatMatcher, fromApi } from './matchers.js';
import { labelBadges } from './format.js';

export function render(main) {
  const id = new URLSearchParams(location.search).get('id') || '';
  const message = h('div');
  const body = h('div', null, loading());
  replace(main, h('section', { className: 'panel' },
    h('div', { className: 'group-head' }, h('h1', null, 'Silence'),
      h('a', { href: 'silences' }, 'All silences')), message, body));
  if (!id) {
    replace(body, errorBox('No silence:', 'the address names none (silence?id=…).'));
    return;
  }

  async function load() {
    let s;
    try {
      s = await amApi(`silence/${encodeURIComponent(id)}`);
    } catch (e) {
      replace(body, errorBox('Error loading the silence:', e.status === 404
        ? `${e.message}: no silence has the ID ${id}` : e));
      return;
    }
    const affected = h('div', null, loading());
    replace(body,
      h('table', { className: 'data-table kv-table', 'data-testid': 'silence' }, h('tbody', null,
        row('ID', h('code', null, s.id)),
        row('State', stateBadge(s.status.state, 'silence')),
        row('Matchers', matcherBadges(s.matchers)),
        row('Starts', [timeText(s.startsAt), ` (${relative(s.startsAt)})`]),
        row('Ends', [timeText(s.endsAt), ` (${relative(s.endsAt)})`]),
        row('Updated', timeText(s.updatedAt)),
        row('Created by', s.createdBy),
        row('Comment', h('span', { className: 'am-comment' }, s.comment)))),
      h('div', { className: 'controls' }, silenceActions(s, {
        view: false,
        onExpired: (err) => {
          replace(message, err ? errorBox('Error expiring the silence:', err) : null);
          load();
        },
      })),
      h('h2', null, s.status.state === 'expired' ? 'Alerts it would match now' : 'Affected alerts'),
      affected);
    try {
      const alerts = await amApi('alerts', { params: {
        filter: s.matchers.map((m) => formatMatcher(fromApi(m))), silenced: 'true', inhibited: 'true' } });
      replace(affected, alerts.length === 0 ? h('div', { className: 'empty' }, 'No alert matches.')
        : h('table', { className: 'data-table', 'data-testid': 'affected' },
          h('thead', null, h('tr', null, h('th', null, 'State'), h('th', null, 'Labels'), h('th', null, 'Since'))),
          h('tbody', null, alerts.map((a) => h('tr', { 'data-fingerprint': a.fingerprint },
            h('td', null, stateBadge(a.status.state)), h('td', null, labelBadges(a.labels)),
            h('td', null, timeText(a.startsAt)))))));
    } catch (e) {
      replace(affected, errorBox('Error loading the affected alerts:', e));
    }
  }
  load();
}

function row(name, value) {
  return h('tr', null, h('th', null, name), h('td', null, value));
}
