// The console's shell: sign-in state, navigation by role, hash routes
// (#/page/arg?filters, so that every view can be bookmarked and shared), page
// titles, focus on the new page's heading, and announced status and errors.
import { api, ApiError } from './api.js';
import { el, clear } from './dom.js';
import { t, lang, setLang, applyLang } from './i18n.js';
import { destroyCharts } from './charts.js';
import * as session from './session.js';
import { resetReference } from './filters.js';
import * as signin from './pages/signin.js';
import * as national from './pages/national.js';
import * as meetings from './pages/meetings.js';
import * as meeting from './pages/meeting.js';
import * as tablets from './pages/tablets.js';
import * as quarantine from './pages/quarantine.js';
import * as conflicts from './pages/conflicts.js';
import * as questionnaires from './pages/questionnaires.js';
import * as exportsPage from './pages/exports.js';
import * as journal from './pages/journal.js';

// route -> page; `nav` pages are listed in the navigation; `admin` ones need the
// administrator role (the server refuses them to analysts anyway).
const routes = [
  { path: 'nationale', page: national, nav: 'nav.national' },
  { path: 'rencontres', page: meetings, nav: 'nav.meetings' },
  { path: 'rencontre', page: meeting },
  { path: 'tablettes', page: tablets, nav: 'nav.tablets', admin: true },
  { path: 'quarantaine', page: quarantine, nav: 'nav.quarantine', admin: true },
  { path: 'conflits', page: conflicts, nav: 'nav.conflicts', admin: true },
  { path: 'questionnaires', page: questionnaires, nav: 'nav.questionnaires', admin: true },
  { path: 'exports', page: exportsPage, nav: 'nav.exports' },
  { path: 'journal', page: journal, nav: 'nav.journal', admin: true },
];

const main = document.getElementById('contenu');

export function announce(message) {
  const s = document.getElementById('status-region');
  s.textContent = '';
  setTimeout(() => {
    s.textContent = message;
  }, 50);
}

export function showError(e) {
  const region = document.getElementById('error-region');
  if (!e) {
    region.hidden = true;
    region.textContent = '';
    return;
  }
  region.textContent = errorText(e);
  region.hidden = false;
}

export function errorText(e) {
  if (e instanceof ApiError) {
    const known = t(`error.${e.code}${e.reason ? `.${e.reason}` : ''}`, {}, null) || t(`error.${e.code}`, {}, null);
    return known ? `${known} (${e.message})` : e.message;
  }
  return String(e && e.message ? e.message : e);
}

function parseHash() {
  const h = location.hash.replace(/^#\/?/, '');
  const [pathPart, queryPart] = h.split('?');
  const segments = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  return { segments, params: new URLSearchParams(queryPart || '') };
}

export function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function renderNav(active) {
  const nav = document.getElementById('main-nav');
  const list = clear(document.getElementById('nav-list'));
  const s = session.session();
  nav.hidden = !s;
  document.getElementById('user-area').hidden = !s;
  if (!s) return;
  document.getElementById('user-name').textContent = `${s.name} (${t(`role.${s.role}`)})`;
  document.getElementById('logout').textContent = t('nav.logout');
  for (const r of routes) {
    if (!r.nav || (r.admin && !session.isAdministrator())) continue;
    const current = active === r.path || (active === 'rencontre' && r.path === 'rencontres');
    list.append(el('li', {}, el('a', { href: `#/${r.path}`, 'aria-current': current ? 'page' : null }, t(r.nav))));
  }
}

function renderChrome() {
  applyLang();
  document.getElementById('skip-link').textContent = t('app.skip');
  document.getElementById('brand-sub').textContent = t('app.subtitle');
  document.getElementById('footer-text').textContent = t('app.footer');
  document.getElementById('main-nav').setAttribute('aria-label', t('nav.label'));
  const sw = document.getElementById('lang-switch');
  sw.textContent = lang() === 'fr' ? 'English' : 'Français';
  sw.setAttribute('lang', lang() === 'fr' ? 'en' : 'fr');
}

let generation = 0;

async function render() {
  const mine = ++generation;
  destroyCharts();
  showError(null);
  renderChrome();
  const { segments, params } = parseHash();
  const s = session.session();
  let path = segments[0] || '';
  if (!s) path = 'connexion';
  else if (!path || path === 'connexion') path = 'nationale';
  let route = routes.find((r) => r.path === path);
  if (route && route.admin && !session.isAdministrator()) route = null;
  renderNav(route ? route.path : path);
  clear(main);
  const ctx = {
    segments,
    params,
    navigate,
    announce,
    showError,
    errorText,
    setTitle: (title) => {
      document.title = `${title} — Terrain`;
    },
    stale: () => mine !== generation,
  };
  try {
    if (path === 'connexion') {
      await signin.render(main, ctx, { onSignedIn });
    } else if (!route) {
      ctx.setTitle(t('notfound.title'));
      main.append(el('h1', {}, t('notfound.title')), el('p', {}, t('notfound.text')), el('p', {}, el('a', { href: '#/nationale' }, t('nav.national'))));
    } else {
      await route.page.render(main, ctx);
    }
  } catch (e) {
    if (mine !== generation) return;
    if (e instanceof ApiError && e.status === 401) {
      session.forget();
      signin.setNotice(t('session.expired'));
      navigate('#/connexion');
      return;
    }
    showError(e);
  }
  if (mine !== generation) return;
  const h1 = main.querySelector('h1');
  if (h1) {
    h1.setAttribute('tabindex', '-1');
    if (document.activeElement === document.body || document.activeElement === null || !main.contains(document.activeElement)) {
      if (!firstRender) h1.focus();
    }
  }
  firstRender = false;
}
let firstRender = true;

function onSignedIn(s) {
  session.remember(s);
  resetReference();
  navigate(location.hash && !location.hash.startsWith('#/connexion') ? location.hash : '#/nationale');
}

async function start() {
  session.setOnExpired(() => {
    session.forget();
    signin.setNotice(t('session.expired'));
    navigate('#/connexion');
  });
  document.getElementById('lang-switch').addEventListener('click', () => {
    setLang(lang() === 'fr' ? 'en' : 'fr');
    render();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try {
      await api.post('/admin/logout', {});
    } catch {
      // Signed out locally whatever the answer.
    }
    session.forget();
    signin.setNotice(t('signin.signedOut'));
    navigate('#/connexion');
  });
  window.addEventListener('hashchange', render);
  try {
    await session.load();
  } catch (e) {
    showError(e);
  }
  render();
}

start();
