// Entry point: the navigation bar and the page module named by the shell (<body data-page>).
import { errorBox, h, replace } from './dom.js';

const NAV = [['query', 'Query'], ['alerts', 'Alerts'], ['targets', 'Targets'], ['rules', 'Rules'],
  ['service-discovery', 'Service discovery'], ['status', 'Status']];
const STATUS_PAGES = new Set(['status', 'flags', 'config', 'tsdb-status']);
const TITLES = { query: 'Query', alerts: 'Alerts', targets: 'Targets', rules: 'Rules',
  'service-discovery': 'Service discovery', status: 'Status', flags: 'Command-line flags',
  config: 'Configuration', 'tsdb-status': 'TSDB status' };

const page = document.body.dataset.page;
const product = document.body.dataset.title;
const current = STATUS_PAGES.has(page) ? 'status' : page;
replace(document.getElementById('nav'), NAV.map(([p, label]) =>
  h('a', { href: p, className: p === current ? 'active' : null, 'aria-current': p === current ? 'page' : null }, label)));
document.title = `${TITLES[page] || page} - ${product}`;

const main = document.getElementById('main');
const module = STATUS_PAGES.has(page) ? 'status' : page;
import(`./${module}.js`).then((m) => m.render(main, page)).catch((e) => {
  replace(main, errorBox('Error loading the page:', e));
});
