// Label matchers as Alertmanager writes them (name, operator, optionally quoted value), for the
// filter inputs and the silence editor. Validation is the API's: the UI only splits and quotes.

export const OPERATORS = ['=', '!=', '=~', '!~'];

/**
 * Splits a matcher list such as {a="b", c=~"d,e"} into its matchers' texts as upstream does:
 * optional braces, commas inside double quotes do not separate, blanks around are dropped.
 */
export function splitMatchers(input) {
  let s = String(input || '').trim();
  if (s.startsWith('{')) s = s.slice(1);
  if (s.endsWith('}')) s = s.slice(0, -1);
  const out = [];
  let token = '';
  let quoted = false;
  let escaped = false;
  for (const c of s) {
    if (c === ',' && !quoted) {
      if (token.trim()) out.push(token.trim());
      token = '';
      continue;
    }
    if (c === '"' && !escaped) quoted = !quoted;
    escaped = c === '\\' ? !escaped : false;
    token += c;
  }
  if (token.trim()) out.push(token.trim());
  return out;
}

const MATCHER = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*([\s\S]*?)\s*$/;

/** Parses one matcher into {name, op, value}, or null when it is not one (the API says why). */
export function parseMatcher(text) {
  const m = MATCHER.exec(text);
  if (!m) return null;
  let raw = m[3];
  if (raw.startsWith('"')) {
    if (raw.length < 2 || !raw.endsWith('"')) return null;
    raw = raw.slice(1, -1);
  }
  let value = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i < raw.length - 1) {
      const n = raw[++i];
      value += n === 'n' ? '\n' : n === '"' || n === '\\' ? n : `\\${n}`;
    } else {
      value += c;
    }
  }
  return { name: m[1], op: m[2], value };
}

/** A value in double quotes with upstream's escapes (\\, \" and \n). */
export function quote(value) {
  return `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** {name, op, value} as text: name="value". */
export function formatMatcher(m) {
  return `${m.name}${m.op}${quote(m.value)}`;
}

/** A list of matchers as {a="b", c!="d"}. */
export function formatMatchers(list) {
  return `{${list.map(formatMatcher).join(', ')}}`;
}

/** An API v2 matcher ({name, value, isRegex, isEqual}) as {name, op, value}. */
export function fromApi(m) {
  const equal = m.isEqual !== false;
  const op = m.isRegex ? (equal ? '=~' : '!~') : (equal ? '=' : '!=');
  return { name: m.name, op, value: m.value };
}

/** {name, op, value} as an API v2 matcher. */
export function toApi(m) {
  return { name: m.name, value: m.value, isRegex: m.op.endsWith('~'), isEqual: !m.op.startsWith('!') };
}

/** Matchers selecting exactly this label set: name="value" for each label, sorted by name. */
export function matchersOfLabels(labels) {
  return Object.keys(labels || {}).sort().map((k) => ({ name: k, op: '=', value: labels[k] }));
}

/** Escapes a literal for an (anchored) regular expression, e.g. the API's receiver filter. */
export function escapeRegex(s) {
  return String(s).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
