// Pieces shared by the Alertmanager pages: the auto-refresh control, times, matcher badges and
// state badges.
import { h } from './dom.js';
import { formatDuration, formatUnixSeconds } from './format.js';
import { formatMatcher, fromApi } from './matchers.js';

const REFRESH_KEY = 'argus.am.refresh';
const REFRESH_CHOICES = [[0, 'Off'], [5000, '5s'], [15000, '15s'], [30000, '30s'], [60000, '1m'],
  [300000, '5m']];

function storedRefresh() {
  const stored = localStorage.getItem(REFRESH_KEY);
  const v = Number(stored);
  return stored !== null && REFRESH_CHOICES.some(([ms]) => ms === v) ? v : 30000;
}

/**
 * A select for the auto-refresh interval (shared by the pages, kept in localStorage) that calls
 * load() on that interval while the page is visible, and once when the page becomes visible again.
 */
export function refreshControl(load) {
  let timer = 0;
  const select = h('select', {
    className: 'input', 'aria-label': 'Auto-refresh', title: 'Auto-refresh', 'data-testid': 'refresh',
    onchange: () => {
      localStorage.setItem(REFRESH_KEY, select.value);
      schedule();
    },
  }, REFRESH_CHOICES.map(([ms, label]) => h('option', { value: String(ms),
    selected: ms === storedRefresh() }, ms ? `Refresh every ${label}` : 'Auto-refresh off')));
  function schedule() {
    clearInterval(timer);
    const ms = Number(select.value);
    if (ms > 0) timer = setInterval(() => { if (!document.hidden) load(); }, ms);
  }
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && Number(select.value) > 0) load();
  });
  schedule();
  return select;
}

/** An RFC 3339 time as local "YYYY-MM-DD hh:mm:ss", with the UTC time as tooltip. */
export function timeText(rfc3339) {
  const t = Date.parse(rfc3339);
  if (!Number.isFinite(t)) return h('span', null, String(rfc3339));
  return h('time', { datetime: rfc3339, title: new Date(t).toISOString() },
    formatUnixSeconds(Math.round(t / 1000)));
}

/** "in 1h59m" or "3m12s ago", relative to nowMs. */
export function relative(rfc3339, nowMs = Date.now()) {
  const t = Date.parse(rfc3339);
  if (!Number.isFinite(t)) return '';
  const d = Math.round((t - nowMs) / 1000) * 1000;
  if (Math.abs(d) < 1000) return 'now';
  return d > 0 ? `in ${formatDuration(d)}` : `${formatDuration(-d)} ago`;
}

/** API v2 matchers as badges: name="value", name=~"value", … */
export function matcherBadges(matchers) {
  return h('div', { className: 'badges', 'data-testid': 'matchers' },
    matchers.map((m) => h('span', { className: 'badge matcher' }, formatMatcher(fromApi(m)))));
}

/**
 * A state badge; kind 'alert' (active, suppressed, unprocessed) or 'silence' (active, pending,
 * expired).
 */
export function stateBadge(state, kind = 'alert') {
  return h('span', { className: `state am-st-${kind}-${state}`, 'data-state': state }, state);
}
