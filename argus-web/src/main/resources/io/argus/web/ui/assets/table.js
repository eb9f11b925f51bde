// Instant query results as a table. Rows are appended in chunks as the user scrolls, and chunks
// out of view skip rendering (content-visibility), so 10k series stay fast.
import { h, renderIncrementally } from './dom.js';
import { formatUnixSeconds, seriesNode } from './format.js';

const row = (series, value) => h('div', { className: 'row', role: 'row' },
  h('div', { className: 'cell', role: 'cell' }, series),
  h('div', { className: 'cell num', role: 'cell' }, value));

/** Shows `data` ({resultType, result}) in container. Returns {destroy()}. */
export function renderTable(container, data) {
  const body = h('div', { className: 'rows', role: 'rowgroup' });
  container.append(h('div', { className: 'result-table', role: 'table' },
    h('div', { className: 'row head', role: 'row' }, h('div', { className: 'cell', role: 'columnheader' }, 'Series'),
      h('div', { className: 'cell num', role: 'columnheader' }, 'Value')),
    body));
  let rows = [];
  let render;
  switch (data.resultType) {
    case 'vector':
      rows = data.result;
      render = (s) => row(seriesNode(s.metric), s.value ? s.value[1] : histogramText(s.histogram));
      break;
    case 'matrix':
      rows = data.result;
      render = (s) => row(seriesNode(s.metric), h('div', { className: 'samples' },
        (s.values || []).map(([t, v]) => h('div', null, v, h('span', { className: 'at' },
          ` @${t}`, h('span', { className: 'muted' }, ` (${formatUnixSeconds(t)})`))))));
      break;
    case 'scalar':
    case 'string':
      rows = [data.result];
      render = ([, v]) => row(h('em', null, data.resultType), v);
      break;
    default:
      rows = [];
  }
  if (rows.length === 0) {
    body.append(h('div', { className: 'empty' }, 'Empty query result'));
    return { destroy() {} };
  }
  const inc = renderIncrementally(body, rows, render, 200,
    () => h('div', { className: 'chunk' }));
  return { destroy: inc.disconnect };
}

function histogramText(hist) {
  if (!hist) return '';
  const [, v] = hist;
  return `histogram: count=${v.count} sum=${v.sum}`;
}
