// The status page: version and build, uptime, the cluster (name, status, peers: whatever
// api/v2/status reports; "disabled" without a cluster), the receivers and the loaded
// configuration as upstream re-prints it, defaults filled in (config.original).
import { amApi } from './am-api.js';
import { errorBox, h, loading, replace } from './dom.js';
import { relative, timeText } from './am-ui.js';

const VERSION_NAMES = { version: 'Version', revision: 'Revision', branch: 'Branch',
  buildUser: 'Build user', buildDate: 'Build date', goVersion: 'Runtime version' };

function kv(testid, rows) {
  return h('table', { className: 'data-table kv-table', 'data-testid': testid },
    h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))));
}

function text(v) {
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function cluster(c) {
  if (!c) return h('div', { className: 'empty', 'data-testid': 'cluster' }, 'The API reports no cluster section.');
  const status = c.status || 'unknown';
  const box = h('div', { 'data-testid': 'cluster', 'data-status': status });
  const known = new Set(['name', 'status', 'peers']);
  box.append(kv('cluster-info', [
    ['Status', h('span', { className: `state am-cluster-${status}` }, status)],
    ...(c.name ? [['Name', h('code', null, c.name)]] : []),
    ...Object.keys(c).filter((k) => !known.has(k)).sort().map((k) => [k, text(c[k])]),
  ]));
  const peers = Array.isArray(c.peers) ? c.peers : [];
  if (status === 'disabled') {
    box.append(h('p', { className: 'muted' }, 'Clustering is disabled: this Alertmanager runs alone.'));
  }
  if (peers.length) {
    const cols = [...new Set(peers.flatMap((p) => Object.keys(p)))]
      .sort((a, b) => (a === 'name' ? -1 : b === 'name' ? 1 : a.localeCompare(b)));
    box.append(h('h3', null, `Peers (${peers.length})`),
      h('table', { className: 'data-table', 'data-testid': 'peers' },
        h('thead', null, h('tr', null, cols.map((k) => h('th', null, k)))),
        h('tbody', null, peers.map((p) => h('tr', null, cols.map((k) =>
          h('td', { className: 'mono' }, text(p[k]), c.name && p.name === c.name && k === 'name'
            ? h('span', { className: 'muted' }, ' (this instance)') : null)))))));
  } else if (status !== 'disabled') {
    box.append(h('p', { className: 'muted' }, 'No peers.'));
  }
  return box;
}

export function render(main) {
  const body = h('div', null, loading());
  replace(main, h('section', { className: 'panel' }, h('h1', null, 'Status'), body));
  (async () => {
    let st;
    try {
      st = await amApi('status');
    } catch (e) {
      replace(body, errorBox('Error loading the status:', e));
      return;
    }
    const v = st.versionInfo || {};
    const receivers = h('div', null, loading());
    replace(body,
      h('h2', null, 'Uptime'),
      kv('uptime', [['Started', [timeText(st.uptime), ` (${relative(st.uptime)})`]]]),
      h('h2', null, 'Version information'),
      kv('buildinfo', Object.keys(v).map((k) => [VERSION_NAMES[k] || k, text(v[k])])),
      h('h2', null, 'Cluster'),
      cluster(st.cluster),
      h('h2', null, 'Receivers'),
      receivers,
      h('h2', null, 'Configuration'),
      h('pre', { className: 'config', 'data-testid': 'config', tabindex: '0' }, (st.config && st.config.original) || ''));
    try {
      const rs = await amApi('receivers');
      replace(receivers, h('div', { className: 'badges', 'data-testid': 'receivers' },
        rs.map((r) => h('a', { className: 'badge', href: `alerts?receiver=${encodeURIComponent(r.name)}` }, r.name))));
    } catch (e) {
      replace(receivers, errorBox('Error loading the receivers:', e));
    }
  })();
}
