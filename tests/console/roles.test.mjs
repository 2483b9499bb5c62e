// Roles and request forgery, enforced by the server and not only by the page: an
// analyst sees no names and gets 403 from every device, quarantine or names
// endpoint; a state-changing call without the CSRF token is refused; the session
// warns before it ends and can be extended.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, go, settled, axe, screenshot } from './harness.mjs';

let server;
let browser;

before(async () => {
  // Sessions of 200 s: the expiry warning (5 minutes ahead) shows at once.
  server = await startServer({ extraArgs: ['--session-ttl-s', '200'] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// fetch() from inside the page: the browser sends the session cookie itself.
function pageFetch(page, path, init = {}) {
  return page.evaluate(async ([p, i]) => {
    const r = await fetch(p, i);
    return { status: r.status, body: await r.text() };
  }, [path, init]);
}

test('an analyst reads the reports but no names, and the server answers 403 to the rest', async () => {
  const admin = await newPage(browser);
  await signIn(admin, server.url, server.admin);
  await go(admin, server.url, '#/rencontres');
  const meeting = (await admin.getAttribute('main table a[href^="#/rencontre/"]', 'href')).split('/').pop();
  const names = await pageFetch(admin, `/admin/reports/meetings/${meeting}/attendance`);
  assert.equal(names.status, 200);
  const someName = JSON.parse(names.body).rows.find((r) => r.display_name && !r.display_name.startsWith('['))?.display_name;
  assert.ok(someName, 'the meeting has a named attendee');

  const page = await newPage(browser);
  await signIn(page, server.url, server.analyst);
  const nav = await page.$$eval('#nav-list a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(nav, ['Vue nationale', 'Rencontres', 'Exports']);
  assert.match(await page.textContent('#user-name'), /analyste/);
  await go(page, server.url, `#/rencontre/${meeting}`);
  assert.equal(await page.$('#show-names'), null, 'no button to show names');
  assert.ok(!(await page.textContent('main')).includes(someName), 'no name on the page');
  assert.deepEqual(await axe(page), []);
  await screenshot(page, 'rencontre-analyste-1440x900');
  await go(page, server.url, '#/tablettes');
  assert.equal((await page.textContent('main h1')).trim(), 'Page introuvable');

  for (const path of [`/admin/reports/meetings/${meeting}/attendance`, `/admin/reports/meetings/${meeting}/attendance.csv`, '/admin/devices', '/admin/quarantine', '/admin/conflicts', '/admin/journal', '/admin/questionnaires', `/admin/meetings/${meeting}/records`]) {
    const r = await pageFetch(page, path);
    assert.equal(r.status, 403, path);
    assert.equal(JSON.parse(r.body).error.reason, 'role', path);
    assert.ok(!r.body.includes(someName));
  }
  const csrf = await pageFetch(page, '/admin/session').then((r) => JSON.parse(r.body).csrf_token);
  const devices = JSON.parse((await pageFetch(admin, '/admin/devices')).body).devices.filter((d) => !d.is_server);
  const revoke = await pageFetch(page, `/admin/devices/${devices[0].device_id}/revoke`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{}' });
  assert.equal(revoke.status, 403);
  assert.equal(JSON.parse(revoke.body).error.reason, 'role');
  const code = await pageFetch(page, '/admin/enrolment-codes', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify({ role: 'facilitator', scope: { cycle: 'X' } }) });
  assert.equal(code.status, 403);
  const still = JSON.parse((await pageFetch(admin, '/admin/devices')).body).devices.find((d) => d.device_id === devices[0].device_id);
  assert.equal(still.revoked, false, 'nothing was revoked');
  await page.context().close();
  await admin.context().close();
});

test('a state-changing call with the session cookie but without its CSRF token is refused', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, server.admin);
  const body = JSON.stringify({ role: 'facilitator', scope: { cycle: 'Rencontres territoriales 2024' } });
  const without = await pageFetch(page, '/admin/enrolment-codes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  assert.equal(without.status, 403);
  assert.equal(JSON.parse(without.body).error.code, 'forbidden');
  assert.equal(JSON.parse(without.body).error.reason, 'csrf');
  const wrong = await pageFetch(page, '/admin/enrolment-codes', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': 'f'.repeat(64) }, body });
  assert.equal(wrong.status, 403);
  const journal = JSON.parse((await pageFetch(page, '/admin/journal?action=enrolment_code_created')).body).entries;
  const before = journal.length;
  // The page's own call carries the token and works.
  await go(page, server.url, '#/tablettes');
  await page.fill('#code-cycle', 'Rencontres territoriales 2024');
  await page.click('#create-code');
  await page.waitForSelector('#enrolment-code');
  const afterwards = JSON.parse((await pageFetch(page, '/admin/journal?action=enrolment_code_created')).body).entries;
  assert.equal(afterwards.length, before + 1);
  // The cookie is HttpOnly: the page's script cannot read the session secret.
  assert.equal(await page.evaluate(() => document.cookie), '');
  await page.context().close();
});

test('the session warns before it ends, can be extended, and ends on logout', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, server.admin);
  await page.waitForSelector('#session-warning:not([hidden])');
  assert.match(await page.textContent('#session-warning'), /Votre session se termine dans \d+ min/);
  assert.equal(await page.getAttribute('#session-warning', 'role'), 'alert');
  await screenshot(page, 'avertissement-session-1440x900');
  const before = JSON.parse((await pageFetch(page, '/admin/session')).body).expires_ms;
  await new Promise((r) => setTimeout(r, 20));
  await page.click('#extend-session');
  await page.waitForFunction(() => document.getElementById('status-region').textContent.includes('Session prolongée'));
  const afterwards = JSON.parse((await pageFetch(page, '/admin/session')).body).expires_ms;
  assert.ok(afterwards > before, `${afterwards} > ${before}`);
  await page.click('#logout');
  await page.waitForSelector('#signin-name');
  assert.match(await page.textContent('main'), /Vous êtes déconnecté/);
  assert.equal((await pageFetch(page, '/admin/session')).status, 401);
  await page.context().close();
});
