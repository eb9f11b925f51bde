// The silence form (new-silence): create a silence, prefilled from ?filter={…} (the alerts page's
// "Silence" buttons), or edit one (?id=…; an expired one is recreated as a new silence). Matchers
// with =, !=, =~ and !~; start and end, or start and duration; creator and comment; a preview of
// the alerts the matchers select now. The API validates: its errors are shown as they are.
import { amApi } from './am-api.js';
import { errorBox, h, loading, replace } from './dom.js';
import { formatDuration, labelBadges, parseDuration } from './format.js';
import { stateBadge, timeText } from './am-ui.js';
import { OPERATORS, formatMatcher, fromApi, parseMatcher, splitMatchers, toApi } from './matchers.js';

const CREATOR_KEY = 'argus.am.creator';
const PREVIEW_LIMIT = 100;

/** A time as RFC 3339 in UTC, without milliseconds when they are 0. */
function iso(ms) {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function isoSeconds(ms) {
  return iso(Math.floor(ms / 1000) * 1000);
}

export function render(main) {
  const params = new URLSearchParams(location.search);
  const editId = params.get('id') || '';
  const now = Date.now();
  const rows = h('div', { className: 'am-matcher-rows', 'data-testid': 'matchers-editor' });
  const start = h('input', { className: 'input am-time', id: 'silence-start', value: isoSeconds(now),
    'data-testid': 'starts-at', spellcheck: 'false', oninput: () => { startIsNow = false; syncEnd(); } });
  const duration = h('input', { className: 'input input-step', id: 'silence-duration', value: '2h',
    'data-testid': 'duration', spellcheck: 'false', oninput: () => { endGiven = false; syncEnd(); } });
  const end = h('input', { className: 'input am-time', id: 'silence-end', value: isoSeconds(now + 7200000),
    'data-testid': 'ends-at', spellcheck: 'false', oninput: () => { endGiven = true; syncDuration(); } });
  const creator = h('input', { className: 'input', id: 'silence-creator', required: true,
    value: localStorage.getItem(CREATOR_KEY) || '', 'data-testid': 'created-by', autocomplete: 'username' });
  const comment = h('textarea', { className: 'input am-comment-input', id: 'silence-comment', rows: '3',
    required: true, 'data-testid': 'comment' });
  const error = h('div', { 'data-testid': 'form-error', 'aria-live': 'assertive' });
  const preview = h('div', { 'data-testid': 'preview' });
  const submit = h('button', { type: 'submit', className: 'btn btn-primary', 'data-testid': 'submit' },
    editId ? 'Update silence' : 'Create silence');
  const title = h('h1', null, editId ? 'Edit silence' : 'New silence');
  let silenceId = editId;
  // Until the start is edited it means "now" (at submission), and the end follows the duration
  // unless an end time was typed.
  let startIsNow = true;
  let endGiven = false;

  const label = (forId, text) => h('label', { for: forId }, text);
  const form = h('form', { className: 'am-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(); } },
    h('fieldset', null, h('legend', null, 'Matchers'),
      h('p', { className: 'muted small' }, 'Alerts whose labels match all of these are silenced. ',
        'Values of =~ and !~ are regular expressions matching the whole value.'),
      rows,
      h('button', { type: 'button', className: 'btn', 'data-testid': 'add-matcher',
        onclick: () => addRow({ name: '', op: '=', value: '' }, true) }, 'Add matcher')),
    h('fieldset', { className: 'am-times' }, h('legend', null, 'Time'),
      h('div', null, label('silence-start', 'Start (now, unless changed)'), start),
      h('div', null, label('silence-duration', 'Duration'), duration),
      h('div', null, label('silence-end', 'End'), end)),
    h('div', { className: 'am-field' }, label('silence-creator', 'Creator'), creator),
    h('div', { className: 'am-field' }, label('silence-comment', 'Comment'), comment),
    error,
    h('div', { className: 'controls' }, submit,
      h('button', { type: 'button', className: 'btn', 'data-testid': 'preview-button', onclick: () => showPreview() },
        'Preview alerts'),
      h('a', { className: 'btn', href: 'silences' }, 'Cancel')),
    preview);
  replace(main, h('section', { className: 'panel' }, title, form));

  function addRow(m, focus = false) {
    const name = h('input', { className: 'input', value: m.name, placeholder: 'label name', spellcheck: 'false',
      'aria-label': 'Label name', 'data-testid': 'matcher-name' });
    const op = h('select', { className: 'input', 'aria-label': 'Operator', 'data-testid': 'matcher-op' },
      OPERATORS.map((o) => h('option', { value: o, selected: o === m.op }, o)));
    const value = h('input', { className: 'input am-matcher-value', value: m.value, placeholder: 'value',
      spellcheck: 'false', 'aria-label': 'Label value', 'data-testid': 'matcher-value' });
    const row = h('div', { className: 'am-matcher-row' }, name, op, value,
      h('button', { type: 'button', className: 'btn', title: 'Remove this matcher', 'aria-label': 'Remove matcher',
        onclick: () => { row.remove(); if (!rows.firstChild) addRow({ name: '', op: '=', value: '' }, true); } }, '×'));
    rows.append(row);
    if (focus) name.focus();
  }

  function matchers() {
    return [...rows.querySelectorAll('.am-matcher-row')].map((r) => ({
      name: r.querySelector('[data-testid=matcher-name]').value.trim(),
      op: r.querySelector('[data-testid=matcher-op]').value,
      value: r.querySelector('[data-testid=matcher-value]').value,
    })).filter((m) => m.name !== '' || m.value !== '');
  }

  function syncEnd() {
    const s = Date.parse(start.value);
    const d = parseDuration(duration.value);
    if (Number.isFinite(s) && Number.isFinite(d) && d > 0) end.value = iso(s + d);
  }

  function syncDuration() {
    const s = Date.parse(start.value);
    const e = Date.parse(end.value);
    if (Number.isFinite(s) && Number.isFinite(e) && e > s) duration.value = formatDuration(e - s);
  }

  async function showPreview() {
    const ms = matchers();
    if (ms.length === 0) {
      replace(preview, h('div', { className: 'empty' }, 'Add a matcher to see the alerts it selects.'));
      return;
    }
    replace(preview, loading());
    try {
      const alerts = await amApi('alerts', { params: {
        filter: ms.map(formatMatcher), silenced: 'true', inhibited: 'true' } });
      replace(preview, h('h2', null, 'Affected alerts'),
        h('div', { className: 'stats', 'data-testid': 'preview-count', 'data-count': String(alerts.length) },
          `${alerts.length} ${alerts.length === 1 ? 'alert matches' : 'alerts match'} now`,
          alerts.length > PREVIEW_LIMIT ? ` (the first ${PREVIEW_LIMIT} shown)` : ''),
        alerts.length === 0 ? null : h('table', { className: 'data-table' }, h('tbody', null,
          alerts.slice(0, PREVIEW_LIMIT).map((a) => h('tr', { 'data-fingerprint': a.fingerprint },
            h('td', null, stateBadge(a.status.state)), h('td', null, labelBadges(a.labels)),
            h('td', { className: 'small' }, timeText(a.startsAt)))))));
    } catch (e) {
      replace(preview, errorBox('The API rejected the matchers:', e));
    }
  }

  async function save() {
    replace(error);
    const s = startIsNow ? Date.now() : Date.parse(start.value);
    let e = startIsNow && !endGiven ? s + parseDuration(duration.value) : Date.parse(end.value);
    if (!Number.isFinite(s)) {
      replace(error, errorBox('Invalid start:', `"${start.value}" is not a time such as ${isoSeconds(Date.now())}`));
      start.focus();
      return;
    }
    if (!Number.isFinite(e)) {
      const d = parseDuration(duration.value);
      if (!Number.isFinite(d)) {
        replace(error, errorBox('Invalid end:', 'give an end time or a duration such as 2h or 1d12h'));
        end.focus();
        return;
      }
      e = s + d;
    }
    if (creator.value.trim()) localStorage.setItem(CREATOR_KEY, creator.value.trim());
    const body = {
      matchers: matchers().map(toApi),
      startsAt: new Date(s).toISOString(),
      endsAt: new Date(e).toISOString(),
      createdBy: creator.value.trim(),
      comment: comment.value,
    };
    if (silenceId) body.id = silenceId;
    submit.disabled = true;
    try {
      const r = await amApi('silences', { method: 'POST', body });
      location.assign(`silence?id=${encodeURIComponent(r.silenceID)}`);
    } catch (err) {
      replace(error, errorBox('The API rejected the silence:', err));
      submit.disabled = false;
    }
  }

  async function init() {
    if (editId) {
      replace(rows, loading());
      let s;
      try {
        s = await amApi(`silence/${encodeURIComponent(editId)}`);
      } catch (e) {
        replace(rows);
        replace(error, errorBox('Error loading the silence to edit:', e));
        addRow({ name: '', op: '=', value: '' });
        silenceId = '';
        return;
      }
      replace(rows);
      s.matchers.map(fromApi).forEach((m) => addRow(m));
      creator.value = s.createdBy;
      comment.value = s.comment;
      if (s.status.state === 'expired') {
        silenceId = '';
        title.textContent = 'Recreate silence';
        submit.textContent = 'Create silence';
        const d = Date.parse(s.endsAt) - Date.parse(s.startsAt);
        start.value = isoSeconds(Date.now());
        duration.value = formatDuration(d > 0 ? d : 7200000);
        syncEnd();
      } else {
        title.replaceChildren('Edit silence ', stateBadge(s.status.state, 'silence'));
        startIsNow = false;
        endGiven = true;
        start.value = iso(Date.parse(s.startsAt));
        end.value = iso(Date.parse(s.endsAt));
        syncDuration();
      }
      showPreview();
      return;
    }
    const prefill = splitMatchers(params.get('filter') || '').map(parseMatcher).filter(Boolean);
    if (prefill.length === 0) addRow({ name: '', op: '=', value: '' });
    prefill.forEach((m) => addRow(m));
    if (prefill.length) showPreview();
    (creator.value ? comment : creator).focus();
  }
  init();
}
