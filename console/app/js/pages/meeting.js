// Rencontre: one meeting's figures, its contributions with their texts, its
// evaluations, and for administrators its attendance list with names (each view
// and export of names is journaled by the server, without the names).
import { api, query } from '../api.js';
import { el, num, pct, date, table, headline } from '../dom.js';
import { t } from '../i18n.js';
import { chartFigure } from '../charts.js';
import { isAdministrator } from '../session.js';

export async function render(main, ctx) {
  const id = ctx.segments[1] || '';
  const q = query({ meeting: id });
  const [overview, participants, satisfaction, evaluations] = await Promise.all([
    api.get(`/admin/meetings/${encodeURIComponent(id)}/overview`),
    api.get(`/admin/reports/participants${q}`),
    api.get(`/admin/reports/satisfaction${q}`),
    api.get(`/admin/reports/evaluations${q}`),
  ]);
  if (ctx.stale()) return;
  const m = overview.meeting || {};
  ctx.setTitle(m.title || t('meeting.title'));
  const pm = participants.meetings[0] || {};
  const sm = satisfaction.meetings[0] || {};
  main.append(
    el('p', {}, el('a', { href: '#/rencontres' }, t('meeting.back'))),
    el('h1', {}, m.title || t('meeting.title')),
    el('p', { class: 'meta' }, [date(m.starts_at), m.venue, m.cycle].filter(Boolean).join(' · ')),
    headline([
      [num(pm.participants), t('national.participants')],
      [num(pm.headcount ? pm.headcount.largest : null), t('col.headcount')],
      [num(sm.answered), t('col.responses')],
      [pct(sm.satisfied ? sm.satisfied.percent : sm.satisfied_percent), t('national.satisfied')],
      [num(overview.contributions.length), t('national.contributions')],
      [num(overview.evaluations.length), t('meeting.evaluations')],
    ]),
  );
  if (sm.distribution && sm.distribution.length) {
    main.append(
      el('div', { class: 'report-grid' },
        chartFigure({
          title: t('national.satisfaction'),
          type: 'doughnut',
          labels: sm.distribution.map((x) => x.label),
          series: [{ label: t('col.responses'), data: sm.distribution.map((x) => x.count) }],
          columns: [{ key: 'label', label: t('col.answer'), rowHeader: true }, { key: 'count', label: t('col.count'), num: true }, { key: 'percent', label: t('col.percent'), num: true, format: pct }],
          rows: sm.distribution,
          csv: `/admin/reports/satisfaction.csv${query({ meeting: id, table: 'repartition' })}`,
        }),
        chartFigure({
          title: t('national.byActor'),
          type: 'hbar',
          labels: participants.by_actor_type.map((x) => x.label),
          series: [{ label: t('col.participants'), data: participants.by_actor_type.map((x) => x.count) }],
          columns: [{ key: 'label', label: t('col.actor'), rowHeader: true }, { key: 'count', label: t('col.count'), num: true }, { key: 'percent', label: t('col.percent'), num: true, format: pct }],
          rows: participants.by_actor_type,
          csv: `/admin/reports/participants.csv${query({ meeting: id, table: 'par_acteur' })}`,
        })),
    );
  }

  main.append(el('h2', {}, t('meeting.contributions')));
  if (!overview.contributions.length) main.append(el('p', {}, t('meeting.noContributions')));
  else
    main.append(el('ul', { class: 'contribution-list' }, overview.contributions.map((c) => el('li', {},
      el('p', {}, c.text || ''),
      el('p', { class: 'meta' }, [c.workshop, (c.priorities || []).length ? `${t('col.priority')} ${(c.priorities || []).join(', ')}` : '', (c.principles || []).join(', ')].filter(Boolean).join(' · '))))));

  main.append(el('h2', {}, t('meeting.evaluations')));
  const eq = (evaluations.questionnaires || [])[0];
  if (!eq || !overview.evaluations.length) main.append(el('p', {}, t('meeting.noEvaluations')));
  else
    for (const question of eq.questions.filter((x) => x.options))
      main.append(table({
        caption: question.label,
        rows: question.options,
        columns: [{ key: 'label', label: t('col.answer'), rowHeader: true }, { key: 'count', label: t('col.count'), num: true }, { key: 'percent', label: t('col.percent'), num: true, format: pct }],
      }));

  main.append(el('h2', {}, t('meeting.attendance')));
  if (!isAdministrator()) {
    main.append(el('p', {}, t('meeting.namesHidden', { n: num(overview.counts.attendance || 0) })));
    return;
  }
  const holder = el('div');
  const show = el('button', { type: 'button', class: 'button secondary', id: 'show-names' }, t('meeting.showNames'));
  show.addEventListener('click', async () => {
    show.disabled = true;
    try {
      const list = await api.get(`/admin/reports/meetings/${encodeURIComponent(id)}/attendance`);
      holder.replaceChildren(
        el('p', { class: 'meta' }, t('meeting.namesJournaled')),
        table({
          caption: t('meeting.attendanceCaption', { n: num(list.rows.length) }),
          rows: list.rows,
          columns: [
            { key: 'display_name', label: t('col.name'), rowHeader: true },
            { key: 'organisation', label: t('col.organisation') },
            { key: 'actor_type_label', label: t('col.actor') },
            { key: 'department', label: t('col.department') },
            { key: 'role', label: t('col.role') },
            { key: 'people_concerned_label', label: t('col.peopleConcerned') },
            { key: 'checked_in_at', label: t('col.checkedInAt'), format: (v) => (v ? v.slice(11, 16) : '—') },
            { key: 'duplicate_of', label: t('col.duplicate'), format: (v) => (v ? t('meeting.duplicate') : '') },
          ],
        }),
        el('p', {}, el('a', { href: `/admin/reports/meetings/${encodeURIComponent(id)}/attendance.csv`, download: '' }, t('meeting.exportNames'))),
      );
      ctx.announce(t('meeting.namesShown', { n: list.rows.length }));
    } catch (e) {
      show.disabled = false;
      ctx.showError(e);
    }
  });
  main.append(el('p', {}, t('meeting.namesWarning')), show, holder);
}
