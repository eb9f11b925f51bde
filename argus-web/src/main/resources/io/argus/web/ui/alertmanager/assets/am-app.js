// Entry point of the Alertmanager UI: the navigation bar, the page module named by the shell
// (<body data-page>), and the keyboard shortcut "/" that focuses the page's filter.
import { errorBox, h, replace } from './dom.js';

const NAV = [['alerts', 'Alerts'], ['silences', 'Silences'], ['status', 'Status']];
const TITLES = { alerts: 'Alerts', silences: 'Silences', silence: 'Silence',
  'new-silence': 'New silence', status: 'Status' };
const SECTION = { silence: 'silences', 'new-silence': 'silences' };

/**
 * Upstream's UI routes in the fragment (/#/alerts?receiver=…, links in notifications; "/"
 * redirects here and the browser keeps the fragment) as this UI's page, or null.
 */
function upstreamRoute(hash) {
  const m = /^#\/([^?]*)(\?.*)?$/.exec(hash);
  if (!m) return null;
  const parts = m[1].split('/').filter(Boolean);
  const query = new URLSearchParams(m[2] || '');
  if (parts[0] === 'silences' && parts.length >= 2) {
    if (parts[1] === 'new') return `new-silence?${query}`;
    const id = encodeURIComponent(decodeURIComponent(parts[1]));
    return parts[2] === 'edit' ? `new-silence?id=${id}` : `silence?id=${id}`;
  }
  const page = { alerts: 'alerts', silences: 'silences', status: 'status' }[parts[0] || 'alerts'];
  if (!page) return null;
  return query.toString() ? `${page}?${query}` : page;
}

const route = upstreamRoute(location.hash);
if (route) location.replace(route);

const page = document.body.dataset.page;
const product = document.body.dataset.title;
const current = SECTION[page] || page;
replace(document.getElementById('nav'),
  NAV.map(([p, label]) => h('a', { href: p, className: p === current ? 'active' : null,
    'aria-current': p === current ? 'page' : null }, label)),
  h('a', { href: 'new-silence', className: `nav-action${page === 'new-silence' ? ' active' : ''}`,
    'data-testid': 'nav-new-silence' }, 'New silence'));
document.title = `${TITLES[page] || page} - ${product}`;

document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement ||
    t instanceof HTMLSelectElement || (t instanceof HTMLElement && t.isContentEditable)) return;
  const filter = document.querySelector('[data-hotkey=filter]');
  if (filter) {
    e.preventDefault();
    filter.focus();
    filter.select();
  }
});

const main = document.getElementById('main');
if (!route) import(`./am-${page}.js`).then((m) => m.render(main)).catch((e) => {
  replace(main, errorBox('Error loading the page:', e));
});
