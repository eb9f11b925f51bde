// A PromQL tokenizer for syntax highlighting and completion. It never rejects input: anything it
// does not recognise becomes an "error" token, so highlighting keeps up with half-typed queries.

export const AGGREGATORS = ['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar',
  'topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio'];

export const FUNCTIONS = ['abs', 'absent', 'absent_over_time', 'acos', 'acosh', 'asin', 'asinh',
  'atan', 'atanh', 'avg_over_time', 'ceil', 'changes', 'clamp', 'clamp_max', 'clamp_min', 'cos',
  'cosh', 'count_over_time', 'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'deg',
  'delta', 'deriv', 'double_exponential_smoothing', 'exp', 'floor', 'histogram_avg',
  'histogram_count', 'histogram_fraction', 'histogram_quantile', 'histogram_stddev',
  'histogram_stdvar', 'histogram_sum', 'holt_winters', 'hour', 'idelta', 'increase', 'irate',
  'label_join', 'label_replace', 'last_over_time', 'ln', 'log10', 'log2', 'mad_over_time',
  'max_over_time', 'min_over_time', 'minute', 'month', 'pi', 'predict_linear',
  'present_over_time', 'quantile_over_time', 'rad', 'rate', 'resets', 'round', 'scalar', 'sgn',
  'sin', 'sinh', 'sort', 'sort_by_label', 'sort_by_label_desc', 'sort_desc', 'sqrt',
  'stddev_over_time', 'stdvar_over_time', 'sum_over_time', 'tan', 'tanh', 'time', 'timestamp',
  'vector', 'year'];

export const KEYWORDS = ['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset',
  'bool'];

const SET_OPERATORS = new Set(['and', 'or', 'unless', 'atan2']);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const AGG_SET = new Set(AGGREGATORS);
const FN_SET = new Set(FUNCTIONS);
const KW_SET = new Set(KEYWORDS);

const RE_WS = /\s+/y;
const RE_COMMENT = /#[^\n]*/y;
const RE_NUMBER = /(0[xX][0-9a-fA-F]+|(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)/y;
const RE_DURATION = /((\d+)(ms|[smhdwy]))+/y;
const RE_IDENT = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const RE_OP = /(==|!=|>=|<=|=~|!~|[-+*/%^<>=@])/y;

function match(re, s, i) {
  re.lastIndex = i;
  const m = re.exec(s);
  return m ? m[0].length : 0;
}

/**
 * Splits s into tokens {type, start, end, text}. Types: ws, comment, string, number, duration,
 * metric, label, fn, agg, keyword, op, paren, brace, bracket, comma, error.
 */
export function tokenize(s) {
  const tokens = [];
  let i = 0;
  let braces = 0;
  let groupingParen = -1; // paren depth of a by(...)/on(...) list, or -1
  let parens = 0;
  let pendingGrouping = false;
  while (i < s.length) {
    const c = s[i];
    let n;
    let type;
    if ((n = match(RE_WS, s, i))) type = 'ws';
    else if (c === '#') { n = match(RE_COMMENT, s, i); type = 'comment'; }
    else if (c === '"' || c === "'" || c === '`') { n = stringLength(s, i); type = 'string'; }
    else if (/[0-9.]/.test(c) && (n = match(RE_DURATION, s, i)) &&
        !/[0-9a-zA-Z_.]/.test(s[i + n] || '')) type = 'duration';
    else if (/[0-9.]/.test(c) && (n = match(RE_NUMBER, s, i))) type = 'number';
    else if ((n = match(RE_IDENT, s, i))) {
      const word = s.slice(i, i + n);
      const lower = word.toLowerCase();
      const inLabels = braces > 0 || (groupingParen >= 0 && parens > groupingParen);
      if (inLabels) type = 'label';
      else if (lower === 'inf' || lower === 'nan') type = 'number';
      else if (SET_OPERATORS.has(lower)) type = 'op';
      else if (KW_SET.has(lower)) type = 'keyword';
      else if (AGG_SET.has(lower)) type = 'agg';
      else if ((FN_SET.has(word) || word === 'start' || word === 'end') && nextNonSpace(s, i + n) === '(') type = 'fn';
      else type = 'metric';
      pendingGrouping = !inLabels && GROUPING.has(lower);
      tokens.push({ type, start: i, end: i + n, text: word });
      i += n;
      continue;
    } else if ((n = match(RE_OP, s, i))) type = 'op';
    else if (c === '(' || c === ')') {
      n = 1;
      type = 'paren';
      if (c === '(') {
        if (pendingGrouping) groupingParen = parens;
        parens++;
      } else {
        parens = Math.max(0, parens - 1);
        if (parens <= groupingParen) groupingParen = -1;
      }
    } else if (c === '{' || c === '}') {
      n = 1;
      type = 'brace';
      braces = c === '{' ? braces + 1 : Math.max(0, braces - 1);
    } else if (c === '[' || c === ']') { n = 1; type = 'bracket'; }
    else if (c === ',') { n = 1; type = 'comma'; }
    else { n = 1; type = 'error'; }
    if (type !== 'ws' && type !== 'comment') pendingGrouping = false;
    tokens.push({ type, start: i, end: i + n, text: s.slice(i, i + n) });
    i += n;
  }
  return tokens;
}

function stringLength(s, i) {
  const q = s[i];
  let j = i + 1;
  while (j < s.length && s[j] !== q) {
    if (s[j] === '\\' && q !== '`') j++;
    j++;
  }
  return Math.min(s.length, j + 1) - i;
}

function nextNonSpace(s, i) {
  while (i < s.length && /\s/.test(s[i])) i++;
  return s[i];
}

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escape = (t) => t.replace(/[&<>"]/g, (c) => ESC[c]);

/** The expression as HTML with one span per token (class "t-<type>"); ws stays plain text. */
export function highlight(s) {
  let out = '';
  for (const t of tokenize(s)) {
    const text = escape(t.text);
    out += t.type === 'ws' ? text : `<span class="t-${t.type}">${text}</span>`;
  }
  return out;
}

/**
 * What to complete at the cursor: {kind: "metric"|"label"|null, prefix, start, end}, where
 * [start, end) is the word the completion replaces.
 */
export function completionContext(s, cursor) {
  const tokens = tokenize(s);
  let tok = null;
  for (const t of tokens) {
    if (t.start < cursor && cursor <= t.end) tok = t;
  }
  if (!tok) return { kind: null, prefix: '', start: cursor, end: cursor };
  const prefix = s.slice(tok.start, cursor);
  switch (tok.type) {
    case 'metric':
    case 'fn':
    case 'agg':
    case 'keyword':
      return { kind: 'metric', prefix, start: tok.start, end: tok.end };
    case 'label':
      return { kind: 'label', prefix, start: tok.start, end: tok.end };
    default:
      return { kind: null, prefix: '', start: cursor, end: cursor };
  }
}
