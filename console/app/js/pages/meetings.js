// Rencontres: the meetings matching the filters, each linking to its page.
import { api, query } from '../api.js';
import { el, num, pct, date, table } from '../dom.js';
import { t } from '../i18n.js';
import { referenceData, filterForm, pickFilters } from '../filters.js';

export async function render(main, ctx) {
  ctx.setTitle(t('meetings.title'));
  const ref = await referenceData();
  const filters = pickFilters(ctx.params);
  const report = await api.get(`/admin/reports/meetings${query(filters)}`);
  if (ctx.stale()) return;
  main.append(
    el('h1', {}, t('meetings.title')),
    filterForm(filters, ref, (f) => ctx.navigate(`#/rencontres${query(f)}`)),
    el('p', {}, t('meetings.count', { n: num(report.meetings_matched) })),
    table({
      caption: t('meetings.caption'),
      rows: report.meetings,
      columns: [
        { key: 'title', label: t('col.meeting'), rowHeader: true, value: (m) => el('a', { href: `#/rencontre/${m.id}` }, m.title || m.id) },
        { key: 'date', label: t('col.date'), format: date },
        { key: 'type_label', label: t('col.type') },
        { key: 'region_label', label: t('col.region') },
        { key: 'status_label', label: t('col.status') },
        { key: 'participants', label: t('col.participants'), num: true },
        { key: 'headcount', label: t('col.headcount'), num: true },
        { key: 'responses', label: t('col.responses'), num: true },
        { key: 'satisfied_percent', label: t('col.satisfied'), num: true, format: pct },
        { key: 'contributions', label: t('col.contributions'), num: true },
      ],
    }),
    el('p', {}, el('a', { href: `/admin/reports/meetings.csv${query({ ...filters, table: 'rencontres' })}`, download: '' }, t('chart.csv'))),
  );
}
