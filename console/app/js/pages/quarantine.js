// Quarantaine: each held change set with its reason in plain language, its device
// and meeting; release (merged as it is) or reject, with a reason kept by the
// server and shown in the journal.
import { api } from '../api.js';
import { el, dateTime } from '../dom.js';
import { t } from '../i18n.js';
import { openDialog } from '../dialog.js';

export async function render(main, ctx) {
  ctx.setTitle(t('quarantine.title'));
  const [held, devices, meetings] = await Promise.all([api.get('/admin/quarantine'), api.get('/admin/devices'), api.get('/admin/reports/meetings')]);
  if (ctx.stale()) return;
  const label = new Map(devices.devices.map((d) => [d.device_id, d.label ? `${d.label} (${d.device_id})` : d.device_id]));
  const title = new Map(meetings.meetings.map((m) => [m.id, m.title]));
  main.append(el('h1', {}, t('quarantine.title')), el('p', {}, t('quarantine.intro')));
  if (!held.change_sets.length) {
    main.append(el('p', { class: 'notice success' }, t('quarantine.empty')));
    return;
  }
  main.append(el('p', {}, t('quarantine.count', { n: held.change_sets.length })));
  const list = el('div', { class: 'side-by-side' });
  for (const c of held.change_sets) {
    const why = el('input', { id: `why-${c.hash}`, maxlength: 500 });
    const act = (release) => async () => {
      const ok = await openDialog({
        title: release ? t('quarantine.releaseTitle') : t('quarantine.rejectTitle'),
        body: [el('p', {}, release ? t('quarantine.releaseText') : t('quarantine.rejectText'))],
        confirm: release ? t('quarantine.release') : t('quarantine.reject'),
        danger: !release,
      });
      if (!ok) return;
      try {
        await api.post(`/admin/quarantine/${c.hash}/${release ? 'release' : 'reject'}`, { reason: why.value });
        ctx.announce(release ? t('quarantine.released') : t('quarantine.rejected'));
        ctx.navigate('#/quarantaine');
      } catch (e) {
        ctx.showError(e);
      }
    };
    const release = el('button', { type: 'button', class: 'button', 'data-hash': c.hash, 'data-action': 'release' }, t('quarantine.release'));
    const reject = el('button', { type: 'button', class: 'button danger', 'data-hash': c.hash, 'data-action': 'reject' }, t('quarantine.reject'));
    release.addEventListener('click', act(true));
    reject.addEventListener('click', act(false));
    if (c.reason === 'device_revoked') release.disabled = true;
    list.append(el('article', { class: 'card', 'aria-labelledby': `q-${c.hash}` },
      el('h3', { id: `q-${c.hash}` }, t(`reason.${c.reason}`, {}, c.reason)),
      el('p', {}, c.message || ''),
      el('dl', {},
        el('dt', {}, t('col.device')), el('dd', {}, label.get(c.device) || c.device),
        el('dt', {}, t('col.meeting')), el('dd', {}, title.get(c.meeting) ? el('a', { href: `#/rencontre/${c.meeting}` }, title.get(c.meeting)) : c.meeting),
        el('dt', {}, t('col.seq')), el('dd', {}, String(c.seq)),
        el('dt', {}, t('col.captured')), el('dd', {}, dateTime(c.device_time_ms)),
        el('dt', {}, t('col.received')), el('dd', {}, dateTime(c.received_ms))),
      el('div', { class: 'field' }, el('label', { for: `why-${c.hash}` }, t('quarantine.why')), why),
      el('div', { class: 'actions' }, release, reject)));
  }
  main.append(list);
}
