// The expression input: a textarea over a highlighted copy of its text, with completion of metric
// names, functions and keywords, and a query history kept in localStorage.
import { h, replace } from './dom.js';
import { AGGREGATORS, FUNCTIONS, KEYWORDS, completionContext, highlight } from './promql.js';
import { api, loadMetricNames } from './api.js';

const HISTORY_KEY = 'argus.queryHistory';
const HISTORY_MAX = 50;
const MAX_SUGGESTIONS = 50;

/** The stored history, newest first. */
export function loadHistory() {
  try {
    const v = JSON.parse(localStorage.getItem(HISTORY_KEY) || '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Puts expr first in the history. */
export function remember(expr) {
  expr = expr.trim();
  if (!expr) return;
  const list = [expr, ...loadHistory().filter((e) => e !== expr)].slice(0, HISTORY_MAX);
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the history is a convenience.
  }
}

let labelNames = null;
function loadLabelNames() {
  if (!labelNames) labelNames = api('labels').then((b) => b.data, () => []);
  return labelNames;
}

/**
 * Creates the editor. onExecute(expr) runs on Enter (Shift+Enter inserts a line break).
 * Returns {element, value(), setValue(v), focus()}.
 */
export function createEditor({ value = '', onExecute, placeholder = 'Expression (press Enter to execute)' }) {
  const hl = h('pre', { className: 'editor-hl', 'aria-hidden': 'true' });
  const ta = h('textarea', {
    className: 'editor-input', spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off',
    rows: '1', placeholder, 'aria-label': 'PromQL expression', 'data-testid': 'expr',
  });
  const list = h('ul', { className: 'completions', role: 'listbox', hidden: true });
  const element = h('div', { className: 'editor' }, hl, ta, list);
  let items = [];
  let active = -1;
  let ctx = null;

  function render() {
    // A trailing newline needs a character after it to take up a line in the <pre>.
    hl.innerHTML = highlight(ta.value) + '\n ';
    ta.style.height = 'auto';
    ta.style.height = `${ta.scrollHeight}px`;
    hl.scrollTop = ta.scrollTop;
  }

  async function suggest(showHistoryOnEmpty) {
    const text = ta.value;
    const cursor = ta.selectionStart;
    ctx = completionContext(text, cursor);
    const out = [];
    if (text.trim() === '' ? showHistoryOnEmpty : ctx.kind === 'metric' && ctx.start === 0) {
      const needle = text.trim();
      for (const e of loadHistory()) {
        if (e !== needle && e.includes(needle)) out.push({ kind: 'history', text: e });
        if (out.length >= 10) break;
      }
    }
    const prefix = ctx.prefix;
    if (ctx.kind === 'metric' && prefix.length > 0) {
      const words = [
        ...KEYWORDS.map((w) => ({ kind: 'keyword', text: w })),
        ...AGGREGATORS.map((w) => ({ kind: 'aggregation', text: w })),
        ...FUNCTIONS.map((w) => ({ kind: 'function', text: w })),
      ];
      for (const w of words) if (w.text.startsWith(prefix) && w.text !== prefix) out.push(w);
      const names = await loadMetricNames();
      if (ta.value !== text) return; // typed on while loading
      let n = 0;
      for (const m of names) {
        if (m.startsWith(prefix) && m !== prefix) {
          out.push({ kind: 'metric', text: m });
          if (++n >= MAX_SUGGESTIONS) break;
        }
      }
      if (n < MAX_SUGGESTIONS && prefix.length >= 2) {
        for (const m of names) {
          if (!m.startsWith(prefix) && m.includes(prefix)) {
            out.push({ kind: 'metric', text: m });
            if (++n >= MAX_SUGGESTIONS) break;
          }
        }
      }
    } else if (ctx.kind === 'label') {
      const names = await loadLabelNames();
      if (ta.value !== text) return;
      for (const l of names) if (l.startsWith(prefix) && l !== prefix) out.push({ kind: 'label', text: l });
    }
    show(out.slice(0, MAX_SUGGESTIONS + 10));
  }

  function show(list2) {
    items = list2;
    active = -1;
    if (items.length === 0) {
      list.hidden = true;
      return;
    }
    replace(list, items.map((it, i) => h('li', {
      role: 'option', className: `completion completion-${it.kind}`,
      onmousedown: (e) => { e.preventDefault(); accept(i); },
    }, h('span', { className: 'completion-text' }, it.text),
    h('span', { className: 'completion-kind' }, it.kind))));
    list.hidden = false;
  }

  function close() {
    list.hidden = true;
    items = [];
    active = -1;
  }

  function move(d) {
    if (items.length === 0) return;
    active = (active + d + items.length) % items.length;
    [...list.children].forEach((li, i) => li.classList.toggle('active', i === active));
    list.children[active].scrollIntoView({ block: 'nearest' });
  }

  function accept(i) {
    const it = items[i];
    if (!it) return;
    if (it.kind === 'history') {
      ta.value = it.text;
      ta.selectionStart = ta.selectionEnd = it.text.length;
    } else {
      const v = ta.value;
      const insert = it.kind === 'function' || it.kind === 'aggregation' ? `${it.text}(` : it.text;
      ta.value = v.slice(0, ctx.start) + insert + v.slice(ctx.end);
      ta.selectionStart = ta.selectionEnd = ctx.start + insert.length;
    }
    close();
    render();
    ta.focus();
  }

  ta.addEventListener('input', () => {
    render();
    suggest(false);
  });
  ta.addEventListener('scroll', () => { hl.scrollTop = ta.scrollTop; });
  ta.addEventListener('blur', () => setTimeout(close, 100));
  ta.addEventListener('focus', () => { if (ta.value.trim() === '') suggest(true); });
  ta.addEventListener('keydown', (e) => {
    const open = !list.hidden && items.length > 0;
    if (open && e.key === 'ArrowDown') { e.preventDefault(); move(1); }
    else if (open && e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
    else if (open && (e.key === 'Tab' || (e.key === 'Enter' && active >= 0))) {
      e.preventDefault();
      accept(active >= 0 ? active : 0);
    } else if (open && e.key === 'Escape') { e.preventDefault(); close(); }
    else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      close();
      onExecute(ta.value);
    }
  });

  ta.value = value;
  requestAnimationFrame(render);
  render();
  return {
    element,
    value: () => ta.value,
    setValue: (v) => { ta.value = v; render(); },
    focus: () => ta.focus(),
  };
}
