// A modal confirmation dialog (<dialog>): focus moves in and is trapped there by
// the browser, Escape cancels, focus returns where it was. Resolves true on confirm.
import { el } from './dom.js';
import { t } from './i18n.js';

export function openDialog({ title, body, confirm, danger }) {
  return new Promise((resolve) => {
    const back = document.activeElement;
    const heading = el('h2', { id: 'dialog-title' }, title);
    const ok = el('button', { type: 'button', class: `button${danger ? ' danger' : ''}`, id: 'dialog-confirm' }, confirm);
    const cancel = el('button', { type: 'button', class: 'button secondary', id: 'dialog-cancel' }, t('dialog.cancel'));
    const dialog = el('dialog', { 'aria-labelledby': 'dialog-title' }, heading, ...[].concat(body), el('div', { class: 'actions' }, ok, cancel));
    const done = (value) => {
      dialog.close();
      dialog.remove();
      if (back && back.focus) back.focus();
      resolve(value);
    };
    ok.addEventListener('click', () => done(true));
    cancel.addEventListener('click', () => done(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
