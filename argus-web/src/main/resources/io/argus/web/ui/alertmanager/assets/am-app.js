// Entry point of the Alertmanager UI: the navigation bar, the page module named by the shell
// (<body data-page>), and the keyboard shortcut "/" that focuses the page's filter.
import { errorBox, h, replace } from './dom.js';

const NAV = [['alerts', 'Alerts'], ['silences', 'Silences'], ['status', 'Status']];
const TITLES = { alerts: 'Alerts', silences: 'Silences', silence: 'Silence',
  'new-silence': 'New silence', status: 'Status' };
const SECTION = { silence: 'silences', 'new-silence': 'silences' };

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
import(`./am-${page}.js`).then((m) => m.render(main)).catch((e) => {
  replace(main, errorBox('Error loading the page:', e));
});
