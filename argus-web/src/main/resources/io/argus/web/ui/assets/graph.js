// Range query results as a uPlot chart: one line per series (or stacked areas), a legend that
// toggles and highlights series, a hover tooltip and drag-to-zoom.
import uPlot from '../uplot/uPlot.esm.js';
import { h, notice } from './dom.js';
import { formatUnixSeconds, humanize, sampleValue, seriesName, seriesNode } from './format.js';

/** More series than this are not drawn (the table shows them all), as Prometheus does. */
export const MAX_GRAPH_SERIES = 500;

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2',
  '#7f7f7f', '#bcbd22', '#17becf'];

/** The colour of series i (alpha between 0 and 1). */
export function seriesColor(i, alpha = 1) {
  if (i < PALETTE.length && alpha === 1) return PALETTE[i];
  const hue = i < PALETTE.length ? null : (i * 137.508) % 360;
  if (hue === null) {
    const hex = PALETTE[i];
    const r = parseInt(hex.slice(1, 3), 16);
    const g = parseInt(hex.slice(3, 5), 16);
    const b = parseInt(hex.slice(5, 7), 16);
    return `rgba(${r},${g},${b},${alpha})`;
  }
  return `hsla(${hue.toFixed(1)},65%,45%,${alpha})`;
}

/**
 * Aligns matrix series on the query's steps: x holds start + k*step (seconds), and each series
 * an array with null where it has no sample (or a non-finite one, which uPlot cannot draw).
 */
export function alignSeries(result, start, end, step) {
  const n = Math.max(1, Math.floor((end - start) / step + 1e-9) + 1);
  const x = new Array(n);
  for (let k = 0; k < n; k++) x[k] = start + k * step;
  const ys = result.map((s) => {
    const y = new Array(n).fill(null);
    for (const [t, v] of s.values || []) {
      const k = Math.round((t - start) / step);
      if (k < 0 || k >= n) continue;
      const num = sampleValue(v);
      y[k] = Number.isFinite(num) ? num : null;
    }
    return y;
  });
  return { x, ys };
}

/** Running sums of ys (series drawn on top of each other); gaps count as 0 below and stay gaps. */
export function stack(ys) {
  const sum = ys.length > 0 ? new Array(ys[0].length).fill(0) : [];
  return ys.map((y) => y.map((v, k) => {
    if (v === null) return null;
    sum[k] += v;
    return sum[k];
  }));
}

/**
 * Draws the matrix `result` of a query over [start, end] (seconds) at `step` into container.
 * onZoom(startSec, endSec) runs when the user selects a time range. Returns {destroy()}.
 */
export function renderGraph(container, result, { start, end, step, stacked, onZoom }) {
  const shown = result.slice(0, MAX_GRAPH_SERIES);
  const parts = [];
  if (result.length > MAX_GRAPH_SERIES) {
    parts.push(notice(`Showing only the first ${MAX_GRAPH_SERIES} of ${result.length} series in ` +
      'the graph; the table tab lists them all. Narrow the query (for example with topk or a ' +
      'label matcher) to graph the rest.'));
  }
  const plot = h('div', { className: 'graph-plot' });
  const tooltip = h('div', { className: 'graph-tooltip', hidden: true });
  const legend = h('div', { className: 'graph-legend', role: 'list' });
  container.append(...parts, plot, legend);

  const { x, ys } = alignSeries(shown, start, end, step);
  const drawn = stacked ? stack(ys) : ys;
  const names = shown.map((s) => seriesName(s.metric));
  let focused = null;

  // Canvas strokes cannot use CSS variables: resolve the theme's colours now.
  const css = getComputedStyle(document.documentElement);
  const gridColor = css.getPropertyValue('--grid').trim() || 'rgba(0,0,0,0.08)';
  const axisColor = css.getPropertyValue('--fg-muted').trim() || '#66727f';
  const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } };
  const opts = {
    width: Math.max(300, container.clientWidth),
    height: 380,
    scales: { x: { time: true, range: [start, end] } },
    legend: { show: false },
    focus: { alpha: 0.25 },
    cursor: { focus: { prox: 20 }, drag: { x: true, y: false, setScale: false } },
    axes: [
      axis,
      { ...axis, size: 64, values: (u, splits) => splits.map(humanize) },
    ],
    series: [{}, ...shown.map((s, i) => ({
      label: names[i],
      stroke: seriesColor(i),
      width: 1.5,
      fill: stacked ? seriesColor(i, 0.35) : undefined,
      spanGaps: false,
      points: { size: 4 },
    }))],
    bands: stacked ? shown.slice(1).map((_, i) => ({ series: [i + 2, i + 1] })) : [],
    hooks: {
      setSeries: [(u, i) => { focused = i; }],
      setCursor: [(u) => showTooltip(u)],
      setSelect: [(u) => {
        if (u.select.width > 2 && onZoom) {
          const from = u.posToVal(u.select.left, 'x');
          const to = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          onZoom(from, to);
        }
      }],
    },
  };
  const u = new uPlot(opts, [x, ...drawn], plot);
  plot.dataset.series = String(u.series.length - 1);
  u.over.append(tooltip);

  function showTooltip(uu) {
    const idx = uu.cursor.idx;
    if (focused === null || focused === undefined || idx === null || idx === undefined) {
      tooltip.hidden = true;
      return;
    }
    const si = focused - 1;
    const raw = ys[si] ? ys[si][idx] : null;
    if (raw === null || raw === undefined) {
      tooltip.hidden = true;
      return;
    }
    tooltip.replaceChildren(
      h('div', { className: 'tt-time' }, formatUnixSeconds(x[idx])),
      h('div', null, h('span', { className: 'swatch', style: `background:${seriesColor(si)}` }),
        h('strong', null, String(raw))),
      seriesNode(shown[si].metric));
    tooltip.hidden = false;
    const left = uu.cursor.left;
    const top = uu.cursor.top;
    const w = uu.over.clientWidth;
    tooltip.style.left = `${left > w / 2 ? left - tooltip.offsetWidth - 12 : left + 12}px`;
    tooltip.style.top = `${top + 12}px`;
  }

  shown.forEach((s, i) => {
    const item = h('div', {
      className: 'legend-item', role: 'listitem', title: 'Click to hide or show; hover to highlight',
      onclick: () => {
        const show = !u.series[i + 1].show;
        u.setSeries(i + 1, { show });
        item.classList.toggle('legend-off', !show);
      },
      onmouseenter: () => u.setSeries(i + 1, { focus: true }),
      onmouseleave: () => u.setSeries(null, { focus: true }),
    }, h('span', { className: 'swatch', style: `background:${seriesColor(i)}` }), seriesNode(s.metric));
    legend.append(item);
  });

  const resize = new ResizeObserver(() => {
    const w = Math.max(300, container.clientWidth);
    if (w !== u.width) u.setSize({ width: w, height: u.height });
  });
  resize.observe(container);
  return {
    destroy() {
      resize.disconnect();
      u.destroy();
    },
  };
}
