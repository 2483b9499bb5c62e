// Tablettes: enrolment codes shown as a QR code and as typed text; the fleet with
// last contact, last sequence, conflicts and quarantine, silent tablets
// highlighted (CommCare's "Application Status" is the model); revocation of a lost
// tablet with a cut-off, after a preview of what it withdraws.
import { api, query } from '../api.js';
import { el, num, dateTime, table, badge } from '../dom.js';
import { t } from '../i18n.js';
import { openDialog } from '../dialog.js';

const DAY_MS = 24 * 3600 * 1000;

// Draws the QR code of `text` on a canvas (qrcode-generator, vendor/qrcode.js).
function qrCanvas(text) {
  const qr = window.qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const scale = 8;
  const margin = 4;
  const canvas = el('canvas', { width: (n + 2 * margin) * scale, height: (n + 2 * margin) * scale, role: 'img', 'aria-label': t('tablets.qrAlt', { code: text }), id: 'enrolment-qr' });
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#000000';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) g.fillRect((c + margin) * scale, (r + margin) * scale, scale, scale);
  return canvas;
}

function codeForm(ctx, result) {
  const role = el('select', { id: 'code-role', name: 'role' }, el('option', { value: 'facilitator' }, t('role.facilitator')), el('option', { value: 'evaluator' }, t('role.evaluator')));
  const cycle = el('input', { id: 'code-cycle', name: 'cycle', list: 'known-cycles', 'aria-describedby': 'code-cycle-hint' });
  const meetings = el('textarea', { id: 'code-meetings', name: 'meetings', rows: 3, 'aria-describedby': 'code-meetings-hint' });
  const ttl = el('input', { id: 'code-ttl', name: 'ttl', type: 'number', min: 1, max: 365, value: 7 });
  const form = el(
    'form',
    { class: 'stacked' },
    el('div', { class: 'field' }, el('label', { for: 'code-role' }, t('tablets.role')), role),
    el('div', { class: 'field' }, el('label', { for: 'code-cycle' }, t('tablets.cycle')), el('span', { class: 'hint', id: 'code-cycle-hint' }, t('tablets.cycleHint')), cycle),
    el('div', { class: 'field' }, el('label', { for: 'code-meetings' }, t('tablets.meetings')), el('span', { class: 'hint', id: 'code-meetings-hint' }, t('tablets.meetingsHint')), meetings),
    el('div', { class: 'field' }, el('label', { for: 'code-ttl' }, t('tablets.ttl')), ttl),
    el('div', {}, el('button', { type: 'submit', class: 'button', id: 'create-code' }, t('tablets.create'))),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    ctx.showError(null);
    const scope = {};
    if (cycle.value.trim()) scope.cycle = cycle.value.trim();
    const ids = meetings.value.split(/[\s,;]+/).filter(Boolean);
    if (ids.length) scope.meetings = ids;
    try {
      const made = await api.post('/admin/enrolment-codes', { role: role.value, scope, ttl_s: Math.round(Number(ttl.value) * 86400) });
      result.replaceChildren(
        el('div', { class: 'qr-result' },
          qrCanvas(made.code),
          el('div', {},
            el('h3', {}, t('tablets.codeTitle')),
            el('p', { class: 'enrolment-code', id: 'enrolment-code' }, made.code),
            el('p', {}, t('tablets.codeFor', { role: t(`role.${made.role}`), scope: scopeText(made.scope) })),
            el('p', {}, t('tablets.expires', { when: dateTime(made.expires_ms) })),
            el('p', { class: 'meta' }, t('tablets.codeOnce')))),
      );
      ctx.announce(t('tablets.codeMade', { code: made.code }));
    } catch (err) {
      ctx.showError(err);
    }
  });
  return form;
}

function scopeText(scope) {
  const parts = [];
  if (scope.cycle) parts.push(t('tablets.scopeCycle', { cycle: scope.cycle }));
  if (scope.meetings && scope.meetings.length) parts.push(t('tablets.scopeMeetings', { n: scope.meetings.length }));
  return parts.join(' + ') || '—';
}

async function revoke(ctx, device) {
  const cut = el('input', { id: 'revoke-after', type: 'number', min: 0, value: device.last_seq });
  const preview = el('div', { role: 'status', 'aria-live': 'polite' });
  const refresh = async () => {
    try {
      const p = await api.get(`/admin/devices/${device.device_id}/revoke-preview${query({ after_seq: cut.value })}`);
      preview.replaceChildren(el('p', { id: 'revoke-preview' }, t('tablets.previewText', { n: num(p.change_sets), records: num(p.records), meetings: num(p.meetings.length), after: num(p.after_seq) })));
    } catch (e) {
      preview.replaceChildren(el('p', { class: 'notice error' }, ctx.errorText(e)));
    }
  };
  cut.addEventListener('change', refresh);
  await refresh();
  const ok = await openDialog({
    title: t('tablets.revokeTitle', { device: device.label || device.device_id }),
    body: [el('p', {}, t('tablets.revokeText')), el('div', { class: 'field' }, el('label', { for: 'revoke-after' }, t('tablets.cutoff')), cut), preview],
    confirm: t('tablets.revokeConfirm'),
    danger: true,
  });
  if (!ok) return false;
  const r = await api.post(`/admin/devices/${device.device_id}/revoke`, { after_seq: Number(cut.value) });
  ctx.announce(t('tablets.revoked', { device: device.label || device.device_id, n: r.withdrawn_change_sets }));
  return true;
}

export async function render(main, ctx) {
  ctx.setTitle(t('tablets.title'));
  const silentDays = Number(ctx.params.get('silence') || 7);
  const [devices, freshness] = await Promise.all([api.get('/admin/devices'), api.get('/admin/reports/freshness')]);
  if (ctx.stale()) return;
  const fresh = new Map((freshness.devices || []).map((d) => [d.device_id, d]));
  const now = freshness.server_time_ms || Date.now();
  const rows = devices.devices.filter((d) => !d.is_server).map((d) => {
    const f = fresh.get(d.device_id) || {};
    const silent = !d.revoked && (!d.last_seen_ms || now - d.last_seen_ms > silentDays * DAY_MS);
    return { ...d, state_label: f.state_label, _silent: silent, _class: silent ? 'silent' : null };
  });
  const result = el('div', { id: 'code-result' });
  const silence = el('input', { id: 'silence-days', type: 'number', min: 1, value: silentDays });
  silence.addEventListener('change', () => ctx.navigate(`#/tablettes${query({ silence: silence.value })}`));
  main.append(
    el('h1', {}, t('tablets.title')),
    el('h2', {}, t('tablets.enrol')),
    el('p', {}, t('tablets.enrolIntro')),
    codeForm(ctx, result),
    result,
    el('h2', {}, t('tablets.fleet')),
    el('div', { class: 'field' }, el('label', { for: 'silence-days' }, t('tablets.silence')), silence),
    el('p', {}, t('tablets.fleetSummary', { n: num(rows.length), silent: num(rows.filter((r) => r._silent).length), revoked: num(rows.filter((r) => r.revoked).length) })),
  );
  main.append(table({
    caption: t('tablets.caption'),
    rows,
    columns: [
      { key: 'device_id', label: t('col.device'), rowHeader: true, value: (d) => `${d.label ? `${d.label} · ` : ''}${d.device_id}` },
      { key: 'role', label: t('col.role'), format: (v) => t(`roleShort.${v}`, {}, v) },
      { key: 'scope', label: t('col.scope'), format: (v) => scopeText(v || {}) },
      { key: 'last_seen_ms', label: t('col.lastContact'), format: dateTime },
      { key: 'last_seq', label: t('col.lastSeq'), num: true },
      { key: 'app_version', label: t('col.app'), format: (v) => v || t('tablets.unknown') },
      { key: 'pending_change_sets', label: t('col.pending'), num: true, format: (v, d) => (v === null || v === undefined ? t('tablets.unknown') : `${num(v)} (${dateTime(d.pending_reported_ms)})`) },
      { key: 'pending_conflicts', label: t('col.conflicts'), num: true },
      { key: 'quarantined', label: t('col.quarantined'), num: true },
      {
        key: 'state',
        label: t('col.state'),
        value: (d) => (d.revoked ? badge(t('tablets.stateRevoked'), 'bad') : d._silent ? badge(t('tablets.stateSilent', { days: silentDays }), 'warn') : d.flagged ? badge(t('tablets.stateFlagged'), 'bad') : badge(d.state_label || t('tablets.stateOk'), 'ok')),
      },
      {
        key: 'actions',
        label: t('col.actions'),
        value: (d) => {
          if (d.revoked) return t('tablets.revokedAt', { when: dateTime(d.revoked_ms), seq: d.revoked_after_seq });
          const b = el('button', { type: 'button', class: 'button danger', 'data-device': d.device_id }, t('tablets.revoke'));
          b.addEventListener('click', async () => {
            try {
              if (await revoke(ctx, d)) ctx.navigate(location.hash);
            } catch (e) {
              ctx.showError(e);
            }
          });
          return b;
        },
      },
    ],
  }));
}
