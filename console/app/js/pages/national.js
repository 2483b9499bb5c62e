// Vue nationale: a cycle's headline figures, and every chart with its data table
// (meetings by type and region, participants by actor type and department, people
// concerned and representatives, head counts beside checked-in attendance,
// satisfaction, contributions by priority and principle, territories not covered).
import { api, query } from '../api.js';
import { el, num, pct, headline, table } from '../dom.js';
import { t } from '../i18n.js';
import { chartFigure } from '../charts.js';
import { referenceData, filterForm, pickFilters } from '../filters.js';

export async function render(main, ctx) {
  ctx.setTitle(t('national.title'));
  const ref = await referenceData();
  const filters = pickFilters(ctx.params);
  if (!filters.cycle && ref.cycles.length && !ctx.params.has('all')) filters.cycle = ref.cycles[ref.cycles.length - 1];
  const q = query(filters);
  const [summary, meetings, participants, satisfaction, contributions, coverage] = await Promise.all(
    ['summary', 'meetings', 'participants', 'satisfaction', 'contributions', 'coverage'].map((r) => api.get(`/admin/reports/${r}${q}`)),
  );
  if (ctx.stale()) return;
  const csv = (report, tableName) => `/admin/reports/${report}.csv${query({ ...filters, table: tableName })}`;

  main.append(
    el('h1', {}, t('national.title')),
    filterForm(filters, ref, (f) => ctx.navigate(`#/nationale${query(Object.keys(f).length ? f : { all: 1 })}`)),
    el('p', { class: 'lead' }, el('strong', {}, summary.text || '')),
  );
  const sat = summary.satisfaction || {};
  const part = summary.participants || {};
  main.append(
    el('h2', {}, t('national.headline')),
    headline([
      [num(summary.meetings.held), t('national.held')],
      [num(part.participants), t('national.participants')],
      [pct(sat.satisfied ? sat.satisfied.percent : null), t('national.satisfied')],
      [num(summary.contributions.contributions), t('national.contributions')],
      [`${num(summary.coverage.departments.covered)} / ${num(summary.coverage.departments.total)}`, t('national.departmentsCovered')],
    ]),
  );

  const grid = el('div', { class: 'report-grid' });
  const pcRows = [
    { label: t('national.peopleConcerned'), count: part.people_concerned ? part.people_concerned.count : 0, percent: part.people_concerned ? part.people_concerned.percent : null },
    { label: t('national.representatives'), count: part.representatives ? part.representatives.count : 0, percent: part.representatives ? part.representatives.percent : null },
  ];
  const countCols = (first) => [
    { key: 'label', label: first, rowHeader: true },
    { key: 'count', label: t('col.count'), num: true },
    { key: 'percent', label: t('col.percent'), num: true, format: pct },
  ];
  grid.append(
    chartFigure({
      title: t('national.byType'),
      type: 'hbar',
      labels: meetings.by_type.map((x) => x.label),
      series: [{ label: t('col.held'), data: meetings.by_type.map((x) => x.held) }, { label: t('col.planned'), data: meetings.by_type.map((x) => x.planned) }],
      columns: [{ key: 'label', label: t('col.type'), rowHeader: true }, { key: 'held', label: t('col.held'), num: true }, { key: 'planned', label: t('col.planned'), num: true }, { key: 'total', label: t('col.total'), num: true }],
      rows: meetings.by_type,
      csv: csv('meetings', 'par_type'),
    }),
    chartFigure({
      title: t('national.byRegion'),
      type: 'hbar',
      tall: true,
      labels: meetings.by_region.map((x) => x.label),
      series: [{ label: t('col.held'), data: meetings.by_region.map((x) => x.held) }],
      columns: [{ key: 'label', label: t('col.region'), rowHeader: true }, { key: 'held', label: t('col.held'), num: true }, { key: 'planned', label: t('col.planned'), num: true }, { key: 'total', label: t('col.total'), num: true }],
      rows: meetings.by_region,
      csv: csv('meetings', 'par_region'),
    }),
    chartFigure({
      title: t('national.byActor'),
      type: 'hbar',
      labels: participants.by_actor_type.map((x) => x.label),
      series: [{ label: t('col.participants'), data: participants.by_actor_type.map((x) => x.count) }],
      columns: countCols(t('col.actor')),
      rows: participants.by_actor_type,
      csv: csv('participants', 'par_acteur'),
    }),
    chartFigure({
      title: t('national.peopleShare'),
      type: 'bar',
      labels: pcRows.map((x) => x.label),
      series: [{ label: t('col.percent'), data: pcRows.map((x) => x.percent) }],
      percent: true,
      columns: countCols(t('col.category')),
      rows: pcRows,
      csv: csv('participants', 'personnes_concernees'),
    }),
    chartFigure({
      title: t('national.byDepartment'),
      type: 'hbar',
      tall: true,
      labels: participants.by_department.map((x) => x.label),
      series: [{ label: t('col.participants'), data: participants.by_department.map((x) => x.count) }],
      columns: countCols(t('col.department')),
      rows: participants.by_department,
      csv: csv('participants', 'par_departement'),
    }),
    chartFigure({
      title: t('national.headcounts'),
      type: 'bar',
      tall: true,
      labels: participants.meetings.map((m) => m.title),
      series: [
        { label: t('col.headcount'), data: participants.meetings.map((m) => (m.headcount ? m.headcount.largest : null)) },
        { label: t('col.checkedIn'), data: participants.meetings.map((m) => m.participants) },
      ],
      columns: [
        { key: 'title', label: t('col.meeting'), rowHeader: true },
        { key: 'date', label: t('col.date') },
        { key: 'headcount', label: t('col.headcount'), num: true, value: (m) => (m.headcount ? m.headcount.largest : null) },
        { key: 'participants', label: t('col.checkedIn'), num: true },
      ],
      rows: participants.meetings,
      csv: csv('participants', 'comptages'),
    }),
    chartFigure({
      title: t('national.satisfaction'),
      type: 'doughnut',
      labels: satisfaction.totals.distribution.map((x) => x.label),
      series: [{ label: t('col.responses'), data: satisfaction.totals.distribution.map((x) => x.count) }],
      columns: countCols(t('col.answer')),
      rows: satisfaction.totals.distribution,
      csv: csv('satisfaction', 'repartition'),
    }),
    chartFigure({
      title: t('national.priorities'),
      type: 'hbar',
      tall: true,
      labels: contributions.priorities.map((x) => `${x.code}. ${x.label.length > 60 ? `${x.label.slice(0, 57)}…` : x.label}`),
      series: [{ label: t('col.contributions'), data: contributions.priorities.map((x) => x.count) }],
      columns: [{ key: 'code', label: t('col.priority'), rowHeader: true }, { key: 'label', label: t('col.label') }, { key: 'axis_label', label: t('col.axis') }, { key: 'count', label: t('col.count'), num: true }, { key: 'percent', label: t('col.percent'), num: true, format: pct }],
      rows: contributions.priorities,
      csv: csv('contributions', 'priorites'),
    }),
    chartFigure({
      title: t('national.principles'),
      type: 'hbar',
      labels: contributions.principles.map((x) => x.label),
      series: [{ label: t('col.contributions'), data: contributions.principles.map((x) => x.count) }],
      columns: countCols(t('col.principle')),
      rows: contributions.principles,
      csv: csv('contributions', 'principes'),
    }),
  );
  main.append(el('h2', {}, t('national.charts')), grid);

  const notCovered = coverage.departments.filter((d) => d.status !== 'couvert');
  const regionsNot = coverage.regions.filter((d) => d.status !== 'couvert');
  main.append(
    el('h2', {}, t('national.coverage')),
    el('p', {}, coverage.definition || ''),
    headline([
      [`${num(coverage.totals.departments.not_covered)}`, t('national.departmentsNot')],
      [`${num(coverage.totals.departments.planned_only)}`, t('national.plannedOnly')],
      [`${num(coverage.totals.regions.not_covered)}`, t('national.regionsNot')],
    ]),
    el('details', { class: 'table-details', open: true }, el('summary', {}, t('national.notCoveredTable')),
      tableOf(t('national.notCoveredRegions'), regionsNot, [{ key: 'label', label: t('col.region'), rowHeader: true }, { key: 'status_label', label: t('col.status') }, { key: 'planned_meetings', label: t('col.planned'), num: true }]),
      tableOf(t('national.notCoveredDepartments'), notCovered, [{ key: 'code', label: t('col.code'), rowHeader: true }, { key: 'label', label: t('col.department') }, { key: 'region_label', label: t('col.region') }, { key: 'status_label', label: t('col.status') }, { key: 'planned_meetings', label: t('col.planned'), num: true }])),
    el('p', {}, el('a', { href: csv('coverage', 'departements'), download: '' }, t('chart.csv'))),
  );
  ctx.announce(t('national.loaded', { text: summary.text || '' }));
}

function tableOf(caption, rows, columns) {
  return table({ caption, rows, columns });
}
