// The status pages: build and runtime information, command-line flags, the loaded configuration
// and TSDB statistics (head cardinality).
import { api } from './api.js';
import { debounce, errorBox, h, loading, replace } from './dom.js';

const SECTIONS = [['status', 'Runtime & build'], ['flags', 'Command-line flags'],
  ['config', 'Configuration'], ['tsdb-status', 'TSDB status']];

const NAMES = { startTime: 'Start time', CWD: 'Working directory', hostname: 'Hostname',
  serverTime: 'Server time', reloadConfigSuccess: 'Configuration reload',
  lastConfigTime: 'Last successful configuration reload', corruptionCount: 'WAL corruptions',
  goroutineCount: 'Threads (goroutineCount)', GOMAXPROCS: 'Available processors (GOMAXPROCS)',
  GOMEMLIMIT: 'Maximum heap (GOMEMLIMIT)', GOGC: 'GOGC', GODEBUG: 'GODEBUG',
  storageRetention: 'Storage retention', version: 'Version', revision: 'Revision',
  branch: 'Branch', buildUser: 'Build user', buildDate: 'Build date', goVersion: 'Runtime version' };

function kvTable(obj, testid) {
  return h('table', { className: 'data-table kv-table', 'data-testid': testid },
    h('tbody', null, Object.entries(obj).map(([k, v]) =>
      h('tr', null, h('th', { title: k }, NAMES[k] || k),
        h('td', null, typeof v === 'object' ? JSON.stringify(v) : String(v))))));
}

async function section(box, title, load) {
  const body = h('div', null, loading());
  box.append(h('h2', null, title), body);
  try {
    replace(body, await load());
  } catch (e) {
    replace(body, errorBox(`Error loading ${title.toLowerCase()}:`, e));
  }
}

export function render(main, page) {
  const box = h('div');
  replace(main, h('section', { className: 'panel' },
    h('nav', { className: 'tabs' }, SECTIONS.map(([p, label]) =>
      h('a', { className: `tab${p === page ? ' active' : ''}`, href: p }, label))),
    box));
  switch (page) {
    case 'flags': return flags(box);
    case 'config': return config(box);
    case 'tsdb-status': return tsdb(box);
    default:
      section(box, 'Runtime information', async () => {
        const d = (await api('status/runtimeinfo')).data;
        return kvTable(d, 'runtimeinfo');
      });
      section(box, 'Build information', async () => kvTable((await api('status/buildinfo')).data, 'buildinfo'));
      return null;
  }
}

function flags(box) {
  section(box, 'Command-line flags', async () => {
    const d = (await api('status/flags')).data;
    const names = Object.keys(d).sort();
    const tbody = h('tbody');
    const fill = (needle) => replace(tbody, names
      .filter((n) => !needle || n.toLowerCase().includes(needle) || String(d[n]).toLowerCase().includes(needle))
      .map((n) => h('tr', null, h('th', null, `--${n}`), h('td', null, d[n]))));
    const input = h('input', { className: 'input input-search', type: 'search', placeholder: 'Filter flags',
      'aria-label': 'Filter flags', oninput: debounce(() => fill(input.value.toLowerCase()), 100) });
    fill('');
    return h('div', null, h('div', { className: 'controls' }, input),
      h('table', { className: 'data-table kv-table' }, tbody));
  });
}

function config(box) {
  section(box, 'Configuration', async () => {
    const yaml = (await api('status/config')).data.yaml;
    const copy = h('button', { className: 'btn', onclick: async () => {
      try {
        await navigator.clipboard.writeText(yaml);
        copy.textContent = 'Copied';
      } catch {
        copy.textContent = 'Copy failed';
      }
    } }, 'Copy to clipboard');
    return h('div', null, h('div', { className: 'controls' }, copy), h('pre', { className: 'config' }, yaml));
  });
}

function tsdb(box) {
  const limits = ['10', '20', '50', '100', '1000'];
  const limit = h('select', { className: 'input', 'aria-label': 'Entries per list',
    onchange: () => { replace(box, pickers); run(); } },
  limits.map((l) => h('option', { value: l }, `Top ${l}`)));
  const pickers = h('div', { className: 'controls' }, limit);
  box.append(pickers);
  const run = () => section(box, 'TSDB status', async () => {
    const d = (await api('status/tsdb', { limit: limit.value })).data;
    const hs = d.headStats || {};
    const t = (ms) => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms));
    const list = (title, items, col) => h('div', { className: 'tsdb-list' }, h('h3', null, title),
      h('table', { className: 'data-table' }, h('thead', null, h('tr', null, h('th', null, 'Name'),
        h('th', { className: 'num' }, col))),
      h('tbody', null, (items || []).map((e) => h('tr', null, h('td', null, e.name),
        h('td', { className: 'num' }, e.value.toLocaleString()))))));
    return h('div', null,
      h('h3', null, 'Head block'),
      kvTable({
        'Number of series': hs.numSeries, 'Number of chunks': hs.chunkCount,
        'Number of label pairs': hs.numLabelPairs, 'Current min time': `${t(hs.minTime)} (${hs.minTime})`,
        'Current max time': `${t(hs.maxTime)} (${hs.maxTime})`,
      }, 'headstats'),
      h('div', { className: 'tsdb-grid' },
        list('Top series count by metric name', d.seriesCountByMetricName, 'Count'),
        list('Top label names with value count', d.labelValueCountByLabelName, 'Count'),
        list('Top label names with high memory usage', d.memoryInBytesByLabelName, 'Bytes'),
        list('Top series count by label value pairs', d.seriesCountByLabelValuePair, 'Count')));
  });
  run();
}
