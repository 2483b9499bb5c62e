// Connexion: name and password of a console account (administrator or analyst).
import { api } from '../api.js';
import { el } from '../dom.js';
import { t } from '../i18n.js';

let notice = '';

export function setNotice(text) {
  notice = text;
}

export async function render(main, ctx, { onSignedIn }) {
  ctx.setTitle(t('signin.title'));
  const name = el('input', { id: 'signin-name', name: 'name', autocomplete: 'username', required: true });
  const password = el('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = el('button', { type: 'submit', class: 'button' }, t('signin.submit'));
  const form = el(
    'form',
    { class: 'stacked', novalidate: true },
    el('div', { class: 'field' }, el('label', { for: 'signin-name' }, t('signin.name')), name),
    el('div', { class: 'field' }, el('label', { for: 'signin-password' }, t('signin.password')), password),
    el('div', {}, submit),
  );
  main.append(el('h1', {}, t('signin.title')), el('p', {}, t('signin.intro')));
  if (notice) {
    main.append(el('p', { class: 'notice success', role: 'status' }, notice));
    notice = '';
  }
  main.append(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    ctx.showError(null);
    if (!name.value || !password.value) {
      ctx.showError(new Error(t('signin.missing')));
      (name.value ? password : name).focus();
      return;
    }
    submit.disabled = true;
    try {
      const s = await api.post('/admin/login', { name: name.value, password: password.value, session: 'cookie' });
      password.value = '';
      ctx.announce(t('signin.welcome', { name: s.name }));
      onSignedIn(s);
    } catch (err) {
      submit.disabled = false;
      ctx.showError(err);
      password.focus();
    }
  });
}
