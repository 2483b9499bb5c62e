// The signed-in session: who (name, role), until when, and the warning before it
// ends. The server's clock decides: expiry is compared with the server's time at
// the last answer, shifted by the local time elapsed since.
import { api, setCsrf } from './api.js';
import { el, clear } from './dom.js';
import { t } from './i18n.js';

export const WARN_BEFORE_MS = 5 * 60 * 1000;

let current = null;   // {id, name, role, expires_ms}
let offset = 0;       // server time - local time
let timer = null;
let onExpired = () => {};

export function session() {
  return current;
}

export function isAdministrator() {
  return current && current.role === 'administrator';
}

export function remember(s) {
  current = { id: s.id, name: s.name, role: s.role, expires_ms: s.expires_ms };
  if (s.server_time_ms) offset = s.server_time_ms - Date.now();
  if (s.csrf_token) setCsrf(s.csrf_token);
  watch();
}

export function forget() {
  current = null;
  setCsrf('');
  if (timer) clearInterval(timer);
  timer = null;
  hideWarning();
}

export async function load() {
  try {
    remember(await api.get('/admin/session'));
    return current;
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

export function setOnExpired(fn) {
  onExpired = fn;
}

function remaining() {
  return current ? current.expires_ms - (Date.now() + offset) : 0;
}

function hideWarning() {
  const w = document.getElementById('session-warning');
  if (w) {
    w.hidden = true;
    clear(w);
  }
}

function showWarning() {
  const w = document.getElementById('session-warning');
  if (!w || !w.hidden) return;
  const minutes = Math.max(1, Math.round(remaining() / 60000));
  const extend = el('button', { type: 'button', class: 'button', id: 'extend-session' }, t('session.extend'));
  extend.addEventListener('click', async () => {
    try {
      remember(await api.post('/admin/session/extend', {}));
      hideWarning();
      document.getElementById('status-region').textContent = t('session.extended');
    } catch (e) {
      onExpired(e);
    }
  });
  const dismiss = el('button', { type: 'button', class: 'button secondary' }, t('session.dismiss'));
  dismiss.addEventListener('click', () => {
    w.hidden = true;
  });
  w.append(el('span', {}, t('session.warning', { minutes })), extend, dismiss);
  w.hidden = false;
}

function watch() {
  if (timer) clearInterval(timer);
  hideWarning();
  timer = setInterval(check, 10000);
  check();
}

function check() {
  if (!current) return;
  const left = remaining();
  if (left <= 0) {
    forget();
    onExpired(null);
  } else if (left <= WARN_BEFORE_MS) {
    showWarning();
  }
}
