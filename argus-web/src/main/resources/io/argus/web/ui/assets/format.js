// Formatting of label sets, values, durations and times.
import { h } from './dom.js';

const quote = (v) => JSON.stringify(v);

/** name{a="b", …} as PromQL prints a series. */
export function seriesName(metric) {
  const name = metric.__name__ || '';
  const labels = Object.keys(metric).filter((k) => k !== '__name__').sort()
    .map((k) => `${k}=${quote(metric[k])}`);
  return labels.length === 0 && name ? name : `${name}{${labels.join(', ')}}`;
}

/** The same as seriesName, as DOM with highlighted names and values. */
export function seriesNode(metric) {
  const parts = [];
  if (metric.__name__) parts.push(h('span', { className: 'sn-name' }, metric.__name__));
  const keys = Object.keys(metric).filter((k) => k !== '__name__').sort();
  parts.push('{');
  keys.forEach((k, i) => {
    if (i > 0) parts.push(', ');
    parts.push(h('span', { className: 'sn-label' }, k), '=',
      h('span', { className: 'sn-value' }, quote(metric[k])));
  });
  parts.push('}');
  return h('span', { className: 'series-name' }, parts);
}

/** Label badges (for targets, alerts, discovery). */
export function labelBadges(labels, { skip = () => false } = {}) {
  return h('div', { className: 'badges' }, Object.keys(labels || {}).sort()
    .filter((k) => !skip(k))
    .map((k) => h('span', { className: 'badge', title: `${k}=${quote(labels[k])}` },
      h('span', { className: 'badge-k' }, k), '=', labels[k])));
}

/** Parses a Prometheus duration ("1h30m", "15s", "500ms") into milliseconds, or NaN. */
export function parseDuration(s) {
  s = String(s).trim();
  if (s === '') return NaN;
  if (/^\d+(\.\d+)?$/.test(s)) return parseFloat(s) * 1000;
  const units = { y: 31536000000, w: 604800000, d: 86400000, h: 3600000, m: 60000, s: 1000, ms: 1 };
  const re = /(\d+)(ms|y|w|d|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  let m;
  while ((m = re.exec(s)) !== null) {
    if (m.index !== consumed) return NaN;
    total += parseInt(m[1], 10) * units[m[2]];
    consumed = re.lastIndex;
  }
  return consumed === s.length ? total : NaN;
}

/** Milliseconds as a Prometheus duration, e.g. 5400000 → "1h30m". */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms <= 0) return '0s';
  const units = [['y', 31536000000], ['w', 604800000], ['d', 86400000], ['h', 3600000],
    ['m', 60000], ['s', 1000], ['ms', 1]];
  let out = '';
  for (const [u, n] of units) {
    if (ms >= n) {
      out += Math.floor(ms / n) + u;
      ms %= n;
    }
  }
  return out;
}

/** Seconds (a float, e.g. a scrape duration) as "12.3ms" or "1.234s". */
export function formatSeconds(s) {
  if (typeof s !== 'number' || !Number.isFinite(s)) return String(s);
  if (s < 1e-3) return `${(s * 1e6).toFixed(1)}µs`;
  if (s < 1) return `${(s * 1e3).toFixed(1)}ms`;
  if (s < 60) return `${s.toFixed(3)}s`;
  return formatDuration(Math.round(s * 1000));
}

/** How long ago an RFC 3339 time was: "3.2s ago", or "never" for Go's zero time. */
export function ago(rfc3339, nowMs = Date.now()) {
  const t = Date.parse(rfc3339);
  if (!Number.isFinite(t) || t <= 0) return 'never';
  const d = (nowMs - t) / 1000;
  if (d < 0) return 'in the future';
  if (d < 60) return `${d.toFixed(1)}s ago`;
  return `${formatDuration(Math.round(d) * 1000)} ago`;
}

/** An RFC 3339 time in local time for tooltips; "never" for Go's zero time. */
export function localTime(rfc3339) {
  const t = Date.parse(rfc3339);
  return Number.isFinite(t) && t > 0 ? new Date(t).toLocaleString() : 'never';
}

/** A unix time in seconds as "2026-01-02 03:04:05.678" in local time. */
export function formatUnixSeconds(sec) {
  const d = new Date(sec * 1000);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
    (d.getMilliseconds() ? `.${p(d.getMilliseconds(), 3)}` : '');
}

/** A value for axes: 1.2k, 3.4M, 5m (milli), with SI prefixes. */
export function humanize(v) {
  if (v === null || v === undefined) return '';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  const big = [[1e24, 'Y'], [1e21, 'Z'], [1e18, 'E'], [1e15, 'P'], [1e12, 'T'], [1e9, 'G'],
    [1e6, 'M'], [1e3, 'k']];
  for (const [n, p] of big) if (a >= n) return trim(v / n) + p;
  if (a >= 1) return trim(v);
  const small = [[1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'], [1e-12, 'p'], [1e-15, 'f']];
  for (const [n, p] of small) if (a >= n) return trim(v / n) + p;
  return v.toExponential(2);
}

function trim(v) {
  return String(parseFloat(v.toPrecision(4)));
}

/** Parses an API sample value ("1.5", "NaN", "+Inf") into a number. */
export function sampleValue(s) {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return parseFloat(s);
}
