// The report filters (cycle, period, meeting type, region, department), kept in the
// URL's hash query so that a view can be shared, with labelled controls whose
// choices come from the server's reference data (unfiltered reports, read once).
import { api } from './api.js';
import { el } from './dom.js';
import { t } from './i18n.js';

export const FILTER_KEYS = ['cycle', 'from', 'to', 'type', 'region', 'department'];

let reference = null;

// {cycles: [..], types: [{code,label}], regions: [{code,label}], departments: [{code,label,region}]}
export async function referenceData() {
  if (reference) return reference;
  const [meetings, coverage] = await Promise.all([api.get('/admin/reports/meetings'), api.get('/admin/reports/coverage')]);
  const cycles = [...new Set(meetings.meetings.map((m) => m.cycle).filter(Boolean))].sort();
  reference = {
    cycles,
    types: meetings.by_type.map((x) => ({ code: x.code, label: x.label })),
    regions: coverage.regions.map((x) => ({ code: x.code, label: x.label })).sort((a, b) => a.label.localeCompare(b.label, 'fr')),
    departments: coverage.departments.map((x) => ({ code: x.code, label: `${x.code} — ${x.label}`, region: x.region })),
  };
  return reference;
}

export function resetReference() {
  reference = null;
}

export function pickFilters(params) {
  const f = {};
  for (const k of FILTER_KEYS) if (params.get(k)) f[k] = params.get(k);
  return f;
}

// The filter form; onApply(filters) is called on submit with the non-empty values.
export function filterForm(current, ref, onApply) {
  const select = (name, label, options) => {
    const id = `filtre-${name}`;
    const s = el('select', { id, name }, el('option', { value: '' }, t('filters.all')), options.map((o) => el('option', { value: o.code, selected: current[name] === o.code }, o.label)));
    return el('div', { class: 'field' }, el('label', { for: id }, label), s);
  };
  const dateField = (name, label) => {
    const id = `filtre-${name}`;
    return el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { id, name, type: 'date', value: current[name] || '' }));
  };
  const form = el(
    'form',
    { class: 'filters', 'aria-label': t('filters.title') },
    select('cycle', t('filters.cycle'), ref.cycles.map((c) => ({ code: c, label: c }))),
    dateField('from', t('filters.from')),
    dateField('to', t('filters.to')),
    select('type', t('filters.type'), ref.types),
    select('region', t('filters.region'), ref.regions),
    select('department', t('filters.department'), ref.departments),
    el('div', { class: 'field' }, el('button', { type: 'submit', class: 'button' }, t('filters.apply'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const f = {};
    for (const k of FILTER_KEYS) if (data.get(k)) f[k] = data.get(k);
    onApply(f);
  });
  return form;
}
