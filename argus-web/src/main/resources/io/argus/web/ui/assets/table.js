// Instant query results as a table, rendered in chunks as the user scrolls (10k series stay fast).
import { h, renderIncrementally } from './dom.js';
import { formatUnixSeconds, seriesNode } from './format.js';

/** Shows `data` ({resultType, result}) in container. Returns {destroy()}. */
export function renderTable(container, data) {
  const tbody = h('tbody');
  const table = h('table', { className: 'data-table result-table' },
    h('thead', null, h('tr', null, h('th', null, 'Series'), h('th', { className: 'num' }, 'Value'))),
    tbody);
  container.append(table);
  let rows = [];
  let render;
  switch (data.resultType) {
    case 'vector':
      rows = data.result;
      render = (s) => h('tr', null, h('td', null, seriesNode(s.metric)),
        h('td', { className: 'num' }, s.value ? s.value[1] : histogramText(s.histogram)));
      break;
    case 'matrix':
      rows = data.result;
      render = (s) => h('tr', null, h('td', null, seriesNode(s.metric)),
        h('td', { className: 'num' }, h('div', { className: 'samples' },
          (s.values || []).map(([t, v]) => h('div', null, v, h('span', { className: 'at' },
            ` @${t}`, h('span', { className: 'muted' }, ` (${formatUnixSeconds(t)})`)))))));
      break;
    case 'scalar':
    case 'string':
      rows = [data.result];
      render = ([, v]) => h('tr', null, h('td', null, h('em', null, data.resultType)),
        h('td', { className: 'num' }, v));
      break;
    default:
      rows = [];
  }
  if (rows.length === 0) {
    tbody.append(h('tr', null, h('td', { colspan: '2', className: 'empty' }, 'Empty query result')));
    return { destroy() {} };
  }
  const inc = renderIncrementally(tbody, rows, render);
  return { destroy: inc.disconnect };
}

function histogramText(hist) {
  if (!hist) return '';
  const [, v] = hist;
  return `histogram: count=${v.count} sum=${v.sum}`;
}
