// The querier's Endpoints page: every endpoint with its health, last check and error, external
// label sets and advertised time range, from /api/v1/stores, refreshed every 5 s.
import './querier.js';

const assets = document.body.dataset.assets;
const { h, replace, errorBox } = await import(`../${assets}/dom.js`);

function time(ms) {
  if (ms === 9223372036854775807 || ms >= 9e15) return '+∞';
  if (ms === -9223372036854775808 || ms <= -9e15) return '−∞';
  return new Date(ms).toISOString();
}

function labelSet(ls) {
  return h('div', { className: 'labels' }, ...Object.entries(ls).map(([k, v]) =>
    h('span', { className: 'label-pill' }, `${k}="${v}"`)));
}

async function load(main) {
  let body;
  try {
    const resp = await fetch('api/v1/stores', { headers: { Accept: 'application/json' } });
    body = await resp.json();
    if (body.status !== 'success') throw new Error(body.error || `HTTP ${resp.status}`);
  } catch (e) {
    replace(main, errorBox('Error loading the endpoints:', e));
    return;
  }
  const sections = [];
  for (const [type, endpoints] of Object.entries(body.data)) {
    const rows = endpoints.map((e) => h('tr', { className: e.healthy ? 'endpoint-up' : 'endpoint-down' },
      h('td', null, e.name),
      h('td', null, e.healthy ? 'UP' : 'DOWN', e.strict ? ' (strict)' : ''),
      h('td', null, ...e.labelSets.map(labelSet)),
      h('td', null, time(e.minTime)),
      h('td', null, time(e.maxTime)),
      h('td', null, e.lastCheck || 'never'),
      h('td', { className: 'muted' }, e.lastError || '')));
    sections.push(h('h2', null, `${type} (${endpoints.filter((e) => e.healthy).length}/${endpoints.length} up)`),
      h('table', { className: 'table' },
        h('thead', null, h('tr', null, ...['Endpoint', 'Status', 'Label sets', 'Min time', 'Max time',
          'Last check', 'Last error'].map((t) => h('th', null, t)))),
        h('tbody', null, ...rows)));
  }
  replace(main, h('h1', null, 'Endpoints'),
    ...(sections.length ? sections : [h('p', { className: 'muted' }, 'No endpoints configured.')]));
}

const main = document.getElementById('main');
document.title = `Endpoints - ${document.body.dataset.title}`;
await load(main);
setInterval(() => load(main), 5000);
