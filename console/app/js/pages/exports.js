// Exports: every report's tables as CSV (UTF-8 with BOM, French headers, `;` as
// separator: what French Excel opens directly), with the current filters.
import { api, query } from '../api.js';
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { referenceData, filterForm, pickFilters } from '../filters.js';
import { isAdministrator } from '../session.js';

export async function render(main, ctx) {
  ctx.setTitle(t('exports.title'));
  const [catalogue, ref] = await Promise.all([api.get('/admin/reports'), referenceData()]);
  if (ctx.stale()) return;
  const filters = pickFilters(ctx.params);
  main.append(
    el('h1', {}, t('exports.title')),
    el('p', {}, t('exports.intro')),
    filterForm(filters, ref, (f) => ctx.navigate(`#/exports${query(f)}`)),
  );
  for (const r of catalogue.reports) {
    if (r.personal_data) continue;
    const f = r.name === 'freshness' ? {} : filters;
    main.append(el('h2', {}, r.title), el('ul', {}, r.tables.map((tbl) => el('li', {}, el('a', { href: `${r.csv}${query({ ...f, table: tbl })}`, download: '' }, t('exports.table', { table: tbl.replaceAll('_', ' ') }))))));
  }
  main.append(el('h2', {}, t('exports.names')), el('p', {}, isAdministrator() ? t('exports.namesAdmin') : t('exports.namesAnalyst')));
}
