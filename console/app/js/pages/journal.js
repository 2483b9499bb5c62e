// Journal: who signed in, who viewed or exported names, who revoked, released or
// rejected what, and when; newest first, one page at a time.
import { api, query } from '../api.js';
import { el, dateTime, table } from '../dom.js';
import { t } from '../i18n.js';

function detailText(e) {
  const d = e.detail || {};
  const parts = [];
  if (d.rows !== undefined) parts.push(t('journal.rows', { n: d.rows }));
  if (d.why) parts.push(t('journal.why', { why: d.why }));
  if (d.reason) parts.push(t(`reason.${d.reason}`, {}, d.reason));
  if (d.after_seq !== undefined) parts.push(t('journal.after', { seq: d.after_seq, n: d.withdrawn_change_sets ?? 0 }));
  if (d.ops) parts.push(Object.entries(d.ops).map(([k, v]) => `${k} × ${v}`).join(', '));
  if (d.scope) parts.push(JSON.stringify(d.scope));
  if (d.role) parts.push(t(`role.${d.role}`, {}, d.role));
  if (d.session) parts.push(d.session);
  return parts.join(' · ');
}

export async function render(main, ctx) {
  ctx.setTitle(t('journal.title'));
  const before = ctx.params.get('before');
  const page = await api.get(`/admin/journal${query({ limit: 50, before })}`);
  if (ctx.stale()) return;
  main.append(
    el('h1', {}, t('journal.title')),
    el('p', {}, t('journal.intro')),
    table({
      caption: t('journal.caption'),
      rows: page.entries,
      columns: [
        { key: 'time_ms', label: t('col.when'), rowHeader: true, format: dateTime },
        { key: 'admin_name', label: t('col.who'), format: (v) => v || t('journal.host') },
        { key: 'action', label: t('col.action'), format: (v) => t(`action.${v}`, {}, v) },
        { key: 'target', label: t('col.target') },
        { key: 'detail', label: t('col.detail'), value: detailText },
      ],
    }),
  );
  const pager = el('nav', { class: 'pager', 'aria-label': t('journal.pages') });
  if (before) pager.append(el('a', { href: '#/journal' }, t('journal.newest')));
  if (page.next_before) pager.append(el('a', { href: `#/journal${query({ before: page.next_before })}` }, t('journal.older')));
  main.append(pager);
}
