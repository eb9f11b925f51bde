// The query page: an expression, table and graph tabs, time range/end/step controls, stacked or
// unstacked graphs. Its state lives in the URL (Prometheus' g0.* parameters, so /graph links
// from alert notifications open here).
import { api } from './api.js';
import { createEditor, remember } from './editor.js';
import { errorBox, h, loading, notice, replace } from './dom.js';
import { formatDuration, parseDuration } from './format.js';
import { renderGraph } from './graph.js';
import { renderTable } from './table.js';

const RANGES = ['1s', '10s', '1m', '5m', '15m', '30m', '1h', '2h', '6h', '12h', '1d', '2d', '1w',
  '2w', '4w', '8w', '1y'].map(parseDuration);

/** Reads the page state from the URL. */
function stateFromUrl() {
  const p = new URLSearchParams(location.search);
  const tab = p.get('g0.tab');
  const rangeMs = parseDuration(p.get('g0.range_input') || '1h');
  const endText = p.get('g0.end_input') || p.get('g0.moment_input') || '';
  const end = endText ? Date.parse(endText.replace(' ', 'T')) : NaN;
  return {
    expr: p.get('g0.expr') || '',
    tab: tab === 'table' || tab === '1' ? 'table' : 'graph',
    rangeMs: Number.isFinite(rangeMs) && rangeMs > 0 ? rangeMs : 3600000,
    endMs: Number.isFinite(end) ? end : null,
    step: p.get('g0.step_input') || '',
    stacked: p.get('g0.display_mode') === 'stacked' || p.get('g0.stacked') === '1',
  };
}

function writeUrl(s) {
  const p = new URLSearchParams();
  p.set('g0.expr', s.expr);
  p.set('g0.tab', s.tab);
  p.set('g0.range_input', formatDuration(s.rangeMs));
  if (s.endMs !== null) p.set('g0.end_input', toInputValue(s.endMs).replace('T', ' '));
  if (s.step) p.set('g0.step_input', s.step);
  p.set('g0.display_mode', s.stacked ? 'stacked' : 'lines');
  history.replaceState(null, '', `?${p}`);
}

/** Milliseconds as the local "YYYY-MM-DDTHH:MM:SS" a datetime-local input takes. */
function toInputValue(ms) {
  const d = new Date(ms);
  const z = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${z(d.getMonth() + 1)}-${z(d.getDate())}T${z(d.getHours())}:` +
    `${z(d.getMinutes())}:${z(d.getSeconds())}`;
}

/** Prometheus' default resolution: about 250 points over the range, at least 1s. */
export function defaultStepSeconds(rangeMs) {
  return Math.max(Math.floor(rangeMs / 250 / 1000), 1);
}

export function render(main) {
  const state = stateFromUrl();
  let controller = null;
  let view = null;

  const editor = createEditor({ value: state.expr, onExecute: () => execute() });
  const runButton = h('button', { className: 'btn btn-primary', 'data-testid': 'execute', onclick: () => execute() }, 'Execute');
  const tabTable = h('button', { className: 'tab', role: 'tab', 'data-testid': 'tab-table', onclick: () => setTab('table') }, 'Table');
  const tabGraph = h('button', { className: 'tab', role: 'tab', 'data-testid': 'tab-graph', onclick: () => setTab('graph') }, 'Graph');

  const rangeInput = h('input', {
    className: 'input input-range', value: formatDuration(state.rangeMs), 'aria-label': 'Range',
    'data-testid': 'range', title: 'Range, e.g. 1h, 15m, 2d',
    onchange: () => {
      const v = parseDuration(rangeInput.value);
      if (Number.isFinite(v) && v > 0) state.rangeMs = v;
      rangeInput.value = formatDuration(state.rangeMs);
      execute();
    },
  });
  const endInput = h('input', {
    className: 'input', type: 'datetime-local', step: '1', 'aria-label': 'End time',
    'data-testid': 'end', value: state.endMs === null ? '' : toInputValue(state.endMs),
    onchange: () => {
      const v = Date.parse(endInput.value);
      state.endMs = Number.isFinite(v) ? v : null;
      execute();
    },
  });
  const stepInput = h('input', {
    className: 'input input-step', value: state.step, 'aria-label': 'Resolution in seconds',
    'data-testid': 'step', title: 'Resolution (step): seconds or a duration such as 15s',
    onchange: () => { state.step = stepInput.value.trim(); execute(); },
  });
  const linesBtn = h('button', { className: 'btn btn-toggle', 'data-testid': 'lines', onclick: () => setStacked(false) }, 'Lines');
  const stackedBtn = h('button', { className: 'btn btn-toggle', 'data-testid': 'stacked', onclick: () => setStacked(true) }, 'Stacked');

  const shiftRange = (dir) => {
    const cur = state.rangeMs;
    state.rangeMs = dir < 0
      ? [...RANGES].reverse().find((r) => r < cur) ?? RANGES[0]
      : RANGES.find((r) => r > cur) ?? RANGES[RANGES.length - 1];
    rangeInput.value = formatDuration(state.rangeMs);
    execute();
  };
  const shiftEnd = (dir) => {
    const base = state.endMs === null ? Date.now() : state.endMs;
    state.endMs = base + (dir * state.rangeMs) / 2;
    endInput.value = toInputValue(state.endMs);
    execute();
  };

  const graphControls = h('div', { className: 'controls' },
    h('div', { className: 'control-group' },
      h('button', { className: 'btn', title: 'Shorter range', onclick: () => shiftRange(-1) }, '−'),
      rangeInput,
      h('button', { className: 'btn', title: 'Longer range', onclick: () => shiftRange(1) }, '+')),
    h('div', { className: 'control-group' },
      h('button', { className: 'btn', title: 'Earlier', onclick: () => shiftEnd(-1) }, '«'),
      endInput,
      h('button', { className: 'btn', title: 'Later', onclick: () => shiftEnd(1) }, '»'),
      h('button', { className: 'btn', title: 'End at the current time', onclick: () => {
        state.endMs = null; endInput.value = ''; execute();
      } }, 'Now')),
    h('label', { className: 'control-group' }, 'Step', stepInput, h('span', { className: 'muted' }, 's')),
    h('div', { className: 'control-group' }, linesBtn, stackedBtn));
  const timeInput = h('input', {
    className: 'input', type: 'datetime-local', step: '1', 'aria-label': 'Evaluation time',
    value: state.endMs === null ? '' : toInputValue(state.endMs),
    onchange: () => {
      const v = Date.parse(timeInput.value);
      state.endMs = Number.isFinite(v) ? v : null;
      endInput.value = timeInput.value;
      execute();
    },
  });
  const tableControls = h('div', { className: 'controls' },
    h('label', { className: 'control-group' }, 'Evaluation time', timeInput,
      h('button', { className: 'btn', onclick: () => {
        state.endMs = null; timeInput.value = ''; endInput.value = ''; execute();
      } }, 'Now')));

  const stats = h('div', { className: 'stats', 'data-testid': 'stats' });
  const messages = h('div', { className: 'messages' });
  const result = h('div', { className: 'result', 'data-testid': 'result' });

  replace(main,
    h('section', { className: 'panel' },
      h('div', { className: 'query-row' }, editor.element, runButton),
      h('div', { className: 'tabs', role: 'tablist' }, tabTable, tabGraph),
      graphControls, tableControls, stats, messages, result));

  function syncControls() {
    tabTable.classList.toggle('active', state.tab === 'table');
    tabGraph.classList.toggle('active', state.tab === 'graph');
    tabTable.setAttribute('aria-selected', String(state.tab === 'table'));
    tabGraph.setAttribute('aria-selected', String(state.tab === 'graph'));
    graphControls.hidden = state.tab !== 'graph';
    tableControls.hidden = state.tab !== 'table';
    linesBtn.classList.toggle('active', !state.stacked);
    stackedBtn.classList.toggle('active', state.stacked);
    const auto = defaultStepSeconds(state.rangeMs);
    stepInput.placeholder = String(auto);
  }

  function setTab(tab) {
    state.tab = tab;
    syncControls();
    execute();
  }

  function setStacked(stacked) {
    state.stacked = stacked;
    syncControls();
    execute();
  }

  async function execute() {
    state.expr = editor.value();
    syncControls();
    writeUrl(state);
    if (controller) controller.abort();
    if (view) { view.destroy(); view = null; }
    replace(messages);
    replace(stats);
    if (state.expr.trim() === '') {
      replace(result, h('div', { className: 'empty' }, 'Enter an expression and press Execute.'));
      return;
    }
    remember(state.expr);
    controller = new AbortController();
    const signal = controller.signal;
    replace(result, loading('Running query…'));
    const started = performance.now();
    const endMs = state.endMs === null ? Date.now() : state.endMs;
    try {
      let body;
      let info = '';
      let loaded = 0;
      if (state.tab === 'graph') {
        let step = state.step ? parseDuration(state.step) / 1000 : defaultStepSeconds(state.rangeMs);
        if (!Number.isFinite(step) || step <= 0) step = defaultStepSeconds(state.rangeMs);
        const end = endMs / 1000;
        const start = end - state.rangeMs / 1000;
        body = await api('query_range', { query: state.expr, start, end, step }, { post: true, signal });
        if (signal.aborted) return;
        loaded = performance.now();
        info = `Resolution: ${step}s`;
        replace(result);
        const chart = h('div', { className: 'graph', 'data-testid': 'graph' });
        result.append(chart);
        view = renderGraph(chart, body.data.result, {
          start, end, step, stacked: state.stacked,
          onZoom: (from, to) => {
            state.endMs = Math.round(to * 1000);
            state.rangeMs = Math.max(1000, Math.round((to - from) * 1000));
            rangeInput.value = formatDuration(state.rangeMs);
            endInput.value = toInputValue(state.endMs);
            execute();
          },
        });
      } else {
        body = await api('query', { query: state.expr, time: endMs / 1000 }, { post: true, signal });
        if (signal.aborted) return;
        loaded = performance.now();
        replace(result);
        view = renderTable(result, body.data);
      }
      const n = Array.isArray(body.data.result)
        ? (body.data.resultType === 'scalar' || body.data.resultType === 'string' ? 1 : body.data.result.length)
        : 0;
      const loadMs = Math.round(loaded - started);
      const renderMs = Math.round(performance.now() - loaded);
      Object.assign(stats.dataset, { resultSeries: n, loadMs, renderMs });
      replace(stats, `Load time: ${loadMs}ms · Render time: ${renderMs}ms`, info ? ` · ${info}` : '',
        ` · Result series: ${n}`);
      for (const w of body.warnings || []) messages.append(notice(`Warning: ${w}`));
      for (const i of body.infos || []) messages.append(notice(`Info: ${i}`, 'info'));
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(result, errorBox('Error executing query:', e));
    }
  }

  syncControls();
  if (state.expr) execute();
  else replace(result, h('div', { className: 'empty' }, 'Enter an expression and press Execute.'));
  editor.focus();
}
