// Conflits: concurrent edits kept for review. Both values side by side with their
// device and time; choosing one writes a central change signed by the server's key
// (a `resolve` keeps the winner, a `set` with `resolves` takes the other value),
// which the tablets receive at their next sync.
import { api } from '../api.js';
import { el, dateTime } from '../dom.js';
import { t } from '../i18n.js';

// The wall time of an HLC text "<12 hex ms>.<4 hex>.<device>".
function hlcMs(version) {
  const ms = parseInt(String(version || '').slice(0, 12), 16);
  return Number.isFinite(ms) ? ms : 0;
}

function show(value) {
  if (value === null || value === undefined) return t('conflicts.none');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export async function render(main, ctx) {
  ctx.setTitle(t('conflicts.title'));
  const [list, devices] = await Promise.all([api.get('/admin/conflicts'), api.get('/admin/devices')]);
  if (ctx.stale()) return;
  const label = new Map(devices.devices.map((d) => [d.device_id, d.is_server ? t('conflicts.centre') : d.label ? `${d.label} (${d.device_id})` : d.device_id]));
  main.append(el('h1', {}, t('conflicts.title')), el('p', {}, t('conflicts.intro')));
  if (!list.conflicts.length) {
    main.append(el('p', { class: 'notice success' }, t('conflicts.empty')));
    return;
  }
  main.append(el('p', {}, t('conflicts.count', { n: list.conflicts.length })));
  list.conflicts.forEach((c, i) => {
    const versions = [c.loser.version, c.winner.version];
    const choose = (keepWinner) => async () => {
      const change = keepWinner
        ? { op: 'resolve', collection: c.collection, id: c.id, versions }
        : { op: 'set', collection: c.collection, id: c.id, fields: { [c.field]: c.loser.value }, resolves: versions };
      try {
        await api.post('/admin/changes', { meeting: c.meeting, changes: [change] });
        ctx.announce(t('conflicts.resolved'));
        ctx.navigate('#/conflits');
      } catch (e) {
        ctx.showError(e);
      }
    };
    const side = (which, v, keep) => {
      const b = el('button', { type: 'button', class: 'button', 'data-conflict': String(i), 'data-keep': which }, t(`conflicts.keep.${which}`));
      b.addEventListener('click', choose(keep));
      return el('div', { class: 'card' },
        el('h4', {}, t(`conflicts.${which}`)),
        el('pre', { class: 'value' }, v.redacted ? t('conflicts.redacted') : show(v.value)),
        el('p', { class: 'meta' }, `${label.get(v.device) || v.device} · ${dateTime(hlcMs(v.version))}`),
        b);
    };
    main.append(el('section', { class: 'card', 'aria-labelledby': `c-${i}` },
      el('h2', { id: `c-${i}` }, t('conflicts.heading', { field: c.field, collection: t(`collection.${c.collection}`, {}, c.collection) })),
      el('p', { class: 'meta' }, c.meeting ? el('a', { href: `#/rencontre/${c.meeting}` }, t('conflicts.meeting')) : '', ` · ${c.id}`),
      el('div', { class: 'side-by-side' }, side('winner', c.winner, true), side('loser', c.loser, false))));
  });
}
