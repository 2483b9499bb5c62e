// Questionnaires: the versions in use and their answers; publish a new version
// (a central `questionnaire` record) and close one (`retired`). Answers to a closed
// version are still accepted from tablets that captured them before the closing,
// and counted apart.
import { api } from '../api.js';
import { el, num, dateTime, table, badge } from '../dom.js';
import { t } from '../i18n.js';
import { openDialog } from '../dialog.js';

export async function render(main, ctx) {
  ctx.setTitle(t('questionnaires.title'));
  const list = await api.get('/admin/questionnaires');
  if (ctx.stale()) return;
  main.append(el('h1', {}, t('questionnaires.title')), el('p', {}, t('questionnaires.intro')));
  main.append(table({
    caption: t('questionnaires.caption'),
    rows: list.questionnaires,
    columns: [
      { key: 'title', label: t('col.questionnaire'), rowHeader: true, value: (q) => `${q.title || q.id} (${q.id})` },
      { key: 'version', label: t('col.version'), num: true },
      { key: 'source', label: t('col.source'), format: (v) => t(`questionnaires.source.${v}`) },
      { key: 'answers', label: t('col.answers'), num: true },
      { key: 'answers_after_close', label: t('col.afterClose'), num: true },
      { key: 'retired', label: t('col.state'), value: (q) => (q.retired ? badge(t('questionnaires.closed', { when: dateTime(q.retired_ms) }), 'warn') : badge(t('questionnaires.open'), 'ok')) },
      {
        key: 'actions',
        label: t('col.actions'),
        value: (q) => {
          if (q.retired || q.source !== 'central') return q.source === 'bundle' ? t('questionnaires.bundleNote') : '';
          const b = el('button', { type: 'button', class: 'button secondary', 'data-close': `${q.id}-${q.version}` }, t('questionnaires.close'));
          b.addEventListener('click', async () => {
            const ok = await openDialog({ title: t('questionnaires.closeTitle', { id: q.id, version: q.version }), body: [el('p', {}, t('questionnaires.closeText'))], confirm: t('questionnaires.close') });
            if (!ok) return;
            try {
              await api.post('/admin/changes', { meeting: 'global', changes: [{ op: 'set', collection: 'questionnaire', id: q.record, fields: { retired: true } }] });
              ctx.announce(t('questionnaires.closedNow'));
              ctx.navigate('#/questionnaires');
            } catch (e) {
              ctx.showError(e);
            }
          });
          return b;
        },
      },
    ],
  }));

  const text = el('textarea', { id: 'definition', rows: 12, spellcheck: 'false', 'aria-describedby': 'definition-hint' });
  const file = el('input', { id: 'definition-file', type: 'file', accept: 'application/json,.json' });
  file.addEventListener('change', async () => {
    if (file.files[0]) text.value = await file.files[0].text();
  });
  const form = el('form', { class: 'stacked' },
    el('div', { class: 'field' }, el('label', { for: 'definition-file' }, t('questionnaires.file')), file),
    el('div', { class: 'field' }, el('label', { for: 'definition' }, t('questionnaires.definition')), el('span', { class: 'hint', id: 'definition-hint' }, t('questionnaires.definitionHint')), text),
    el('div', {}, el('button', { type: 'submit', class: 'button' }, t('questionnaires.publish'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    ctx.showError(null);
    let definition;
    try {
      definition = JSON.parse(text.value);
    } catch (err) {
      ctx.showError(new Error(t('questionnaires.badJson', { message: err.message })));
      text.focus();
      return;
    }
    try {
      await api.post('/admin/changes', { meeting: 'global', changes: [{ op: 'create', collection: 'questionnaire', fields: { questionnaire_id: definition.id, version: definition.version, definition } }] });
      ctx.announce(t('questionnaires.published', { id: definition.id, version: definition.version }));
      ctx.navigate('#/questionnaires');
    } catch (err) {
      ctx.showError(err);
    }
  });
  main.append(el('h2', {}, t('questionnaires.publishTitle')), el('p', {}, t('questionnaires.publishIntro')), form);
  main.append(el('p', { class: 'meta' }, t('questionnaires.total', { n: num(list.questionnaires.length) })));
}
