// The whole flow of an administrator in the browser, with `terrain` CLI replicas
// as the field tablets and the real server between them: sign in → enrolment code
// (QR code read back) → enrol a tablet → capture offline → sync → the national
// figures change by exactly what was captured → a conflict between two tablets →
// resolved in the page → the tablets receive the resolution → a change set out of
// scope is quarantined → released in the page → a tablet revoked in the page → its
// next sync is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, signIn, go, settled, tablet, headlineFigures, integer, jsQR, screenshot } from './harness.mjs';

const CYCLE = 'Rencontres territoriales 2024';
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Creates an enrolment code in the page; returns the typed code and the QR code's text.
async function enrolmentCode(page, { cycle, meetings = '', role = 'facilitator' }) {
  await go(page, server.url, '#/tablettes');
  await page.selectOption('#code-role', role);
  await page.fill('#code-cycle', cycle);
  await page.fill('#code-meetings', meetings);
  await page.click('#create-code');
  await page.waitForSelector('#enrolment-code');
  const typed = (await page.textContent('#enrolment-code')).trim();
  const pixels = await page.$eval('#enrolment-qr', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    return { width: d.width, height: d.height, data: Array.from(d.data) };
  });
  const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
  return { typed, qr: decoded ? decoded.data : null };
}

async function national(page) {
  await go(page, server.url, `#/nationale?cycle=${encodeURIComponent(CYCLE)}`);
  const f = await headlineFigures(page);
  return { participants: integer(f.participants), contributions: integer(f.contributions) };
}

function attendee(meeting, name) {
  return JSON.stringify({ meeting, display_name: name, actor_type: 'cd', organisation: 'Conseil départemental d’Ille-et-Vilaine', department: '35', role: 'participant', consent: true });
}

test('an administrator enrols, reviews, resolves and revokes from the page while CLI tablets sync', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, server.admin);
  await go(page, server.url, '#/rencontres');
  const rows = await page.$$eval('main table tbody tr', (trs) => trs.map((tr) => ({ id: tr.querySelector('a').getAttribute('href').split('/').pop(), status: tr.children[4].textContent })));
  const meeting = rows.find((r) => r.status === 'Terminée').id;
  const before = await national(page);

  // 1. Enrolment code, shown as a QR code that reads back as the typed code.
  const code = await enrolmentCode(page, { cycle: CYCLE });
  assert.match(code.typed, /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
  assert.equal(code.qr, code.typed, 'the QR code encodes the typed code');
  await screenshot(page, 'flux-code-enrolement-1440x900');
  const a = tablet(join(server.dir, 'a.db'));
  const enrolled = await a('enrol', server.url, code.qr);
  assert.equal(enrolled.code, 0, JSON.stringify(enrolled.error));

  // 2. Offline capture, then sync: the figures change by exactly what was captured.
  const x = (await a('create', 'attendance', attendee(meeting, 'Maëlle Quéré-Test'))).json.id;
  assert.equal((await a('create', 'contribution', JSON.stringify({ meeting, text: 'Simplifier le dossier de demande unique.', priorities: [1] }))).code, 0);
  const synced = await a('sync');
  assert.equal(synced.code, 0, synced.stderr);
  assert.equal(synced.json.accepted, synced.json.pushed);
  await go(page, server.url, '#/tablettes');
  const row = await page.textContent(`main table tr:has-text("${enrolled.json.device_id}")`);
  assert.match(row, /terrain-cli\//, 'the fleet page shows the app the tablet reported');
  const afterCapture = await national(page);
  assert.equal(afterCapture.participants, before.participants + 1);
  assert.equal(afterCapture.contributions, before.contributions + 1);

  // 3. A conflict: two tablets change the same field without seeing each other.
  const b = tablet(join(server.dir, 'b.db'));
  assert.equal((await b('enrol', server.url, (await enrolmentCode(page, { cycle: CYCLE })).typed)).code, 0);
  assert.equal((await b('sync')).code, 0);
  assert.equal((await b('get', 'attendance', x)).code, 0, 'b received the attendee');
  assert.equal((await a('update', 'attendance', x, JSON.stringify({ role: 'intervenant' }))).code, 0);
  assert.equal((await b('update', 'attendance', x, JSON.stringify({ role: 'animateur' }))).code, 0);
  assert.equal((await a('sync')).code, 0);
  assert.equal((await b('sync')).code, 0);
  await go(page, server.url, '#/conflits');
  const card = page.locator('section.card', { has: page.locator(`text=${x}`) });
  assert.equal(await card.count(), 1, 'the conflict is listed');
  const values = await card.locator('pre.value').allTextContents();
  assert.deepEqual(values.sort(), ['animateur', 'intervenant']);
  await screenshot(page, 'flux-conflit-1440x900');
  // Take the value that lost.
  const loser = (await card.locator('.card:has(button[data-keep="loser"]) pre.value').textContent()).trim();
  await card.locator('button[data-keep="loser"]').click();
  await page.waitForFunction(() => document.getElementById('status-region').textContent.includes('Conflit résolu'));
  await settled(page);
  assert.equal(await page.locator('section.card', { has: page.locator(`text=${x}`) }).count(), 0);
  for (const t of [a, b]) {
    assert.equal((await t('sync')).code, 0);
    assert.equal((await t('get', 'attendance', x)).json.role, loser, 'the tablet received the resolution');
    const open = (await t('conflicts')).json.filter((c) => c.id === x);
    assert.deepEqual(open, [], 'no conflict left on the tablet');
  }

  // 4. Quarantine: a tablet of another cycle writes to this meeting; released in the page.
  const c = tablet(join(server.dir, 'c.db'));
  assert.equal((await c('enrol', server.url, (await enrolmentCode(page, { cycle: 'Journées nationales 2025' })).typed)).code, 0);
  assert.equal((await c('create', 'attendance', attendee(meeting, 'Ninon Hors-Périmètre'))).code, 0);
  const held = await c('sync');
  assert.equal(held.json.quarantined, 1);
  const midway = await national(page);
  assert.equal(midway.participants, afterCapture.participants, 'a quarantined change set is not in the figures');
  await go(page, server.url, '#/quarantaine');
  assert.match(await page.textContent('main'), /Hors du périmètre de la tablette/);
  await screenshot(page, 'flux-quarantaine-1440x900');
  const hash = (await c('outbox')).json[0].hash;
  await page.fill(`#why-${hash}`, 'Tablette prêtée par la région voisine');
  await page.click(`button[data-hash="${hash}"][data-action="release"]`);
  await page.click('#dialog-confirm');
  await page.waitForFunction(() => document.getElementById('status-region').textContent.includes('Lot libéré'));
  const released = await national(page);
  assert.equal(released.participants, afterCapture.participants + 1);
  // The tablet learns the decision at its next sync, with the administrator's reason.
  const told = await c('sync');
  assert.equal(told.json.decisions, 1);
  const entry = (await c('outbox')).json.find((e) => e.hash === hash);
  assert.equal(entry.state, 'quarantined');
  assert.equal(entry.decision, 'released');
  assert.equal(entry.decision_reason, 'Tablette prêtée par la région voisine');
  assert.ok(entry.decided_ms > 0);
  assert.equal((await c('sync')).json.decisions, 0, 'a decision is recorded once');

  // 5. Revocation of a lost tablet, with its preview; its next sync is refused.
  const device = enrolled.json.device_id;
  await go(page, server.url, '#/tablettes');
  await page.click(`button[data-device="${device}"]`);
  await page.waitForSelector('#revoke-preview');
  assert.match(await page.textContent('#revoke-preview'), /Seront retirés : 0 lot\(s\)/);
  await screenshot(page, 'flux-revocation-1440x900');
  await page.click('#dialog-confirm');
  await page.waitForFunction(() => document.getElementById('status-region').textContent.includes('révoquée'));
  await settled(page);
  assert.match(await page.textContent('main table'), /Révoquée/);
  assert.equal((await a('create', 'attendance', attendee(meeting, 'Après Révocation'))).code, 0);
  const refused = await a('sync');
  assert.notEqual(refused.code, 0);
  assert.equal(refused.error.code, 'device_revoked');

  // Every decision is in the journal, without a single name.
  await go(page, server.url, '#/journal');
  const journal = await page.textContent('main table');
  for (const action of ['Connexion', 'Code d’enrôlement créé', 'Changement central', 'Lot libéré', 'Tablette révoquée']) assert.ok(journal.includes(action), action);
  for (const name of ['Maëlle', 'Ninon']) assert.ok(!journal.includes(name));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
