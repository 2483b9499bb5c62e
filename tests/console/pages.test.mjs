// Every page of the console, in French with the demo cycle, at a laptop's and a
// tablet's size: no accessibility violation of WCAG 2.1 A/AA (axe-core), a
// screenshot of each, reflow at 320 px, English available, and the main flow done
// with the keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, signIn, go, settled, axe, screenshot, headlineFigures, announced } from './harness.mjs';

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

const pages = [
  ['nationale', '#/nationale'],
  ['rencontres', '#/rencontres'],
  ['tablettes', '#/tablettes'],
  ['quarantaine', '#/quarantaine'],
  ['conflits', '#/conflits'],
  ['questionnaires', '#/questionnaires'],
  ['exports', '#/exports'],
  ['journal', '#/journal'],
];

test('every page passes axe-core (WCAG 2.1 A and AA) and is saved as a screenshot at 1440x900 and 800x1280', async () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 800, height: 1280 }]) {
    const page = await newPage(browser, viewport);
    const size = `${viewport.width}x${viewport.height}`;
    await page.goto(`${server.url}/console/`);
    await settled(page);
    assert.deepEqual(await axe(page), [], 'sign-in page');
    await screenshot(page, `connexion-${size}`);
    await signIn(page, server.url, server.admin);
    const meetingLink = await (async () => {
      await go(page, server.url, '#/rencontres');
      return page.getAttribute('main table a[href^="#/rencontre/"]', 'href');
    })();
    for (const [name, hash] of [...pages, ['rencontre', meetingLink]]) {
      await go(page, server.url, hash);
      if (name === 'rencontre') {
        await page.click('#show-names');
        await page.waitForSelector('main table caption:has-text("Liste de présence")');
      }
      const violations = await axe(page);
      assert.deepEqual(violations, [], `${name} at ${size}`);
      const file = await screenshot(page, `${name}-${size}`);
      console.log(`screenshot ${file}`);
    }
    assert.deepEqual(page.errors, [], 'no script error');
    await page.context().close();
  }
});

test('the national view reads the headline figures, and every chart has its table with a caption', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, server.admin);
  const figures = await headlineFigures(page);
  assert.match(figures['rencontres tenues'], /^\d+$/);
  assert.match(figures['satisfaits ou très satisfaits'], /^\d+,\d %$/);
  const lead = await page.textContent('main .lead');
  assert.match(lead, /rencontres tenues, \d+ participants, \d+,\d % satisfaits ou très satisfaits/);
  const charts = await page.$$('figure.chart');
  assert.ok(charts.length >= 9, `${charts.length} charts`);
  for (const fig of charts) {
    assert.ok(await fig.$('canvas[role="img"][aria-label]'), 'chart canvas labelled');
    assert.ok(await fig.$('table caption'), 'table with caption');
    assert.ok((await fig.$$('thead th[scope="col"]')).length >= 2, 'column headers with scope');
    assert.ok(await fig.$('a[href*=".csv"]'), 'CSV link');
  }
  // Filters live in the URL: a shared address shows the same view.
  await page.selectOption('#filtre-region', { index: 1 });
  await page.click('form.filters button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('region='));
  await settled(page);
  const shared = page.url();
  const other = await newPage(browser);
  await signIn(other, server.url, server.admin);
  await other.goto(shared);
  await settled(other);
  assert.equal(await other.inputValue('#filtre-region'), await page.inputValue('#filtre-region'));
  assert.equal(await other.textContent('main .lead'), await page.textContent('main .lead'));
  await page.context().close();
  await other.context().close();
});

test('the national view reflows at 320 px without horizontal scrolling, and English is available', async () => {
  const page = await newPage(browser, { width: 320, height: 640 });
  await signIn(page, server.url, server.admin);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the window`);
  await screenshot(page, 'nationale-320x640');
  await page.click('#lang-switch');
  await settled(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.textContent('main h1')).trim(), 'National view');
  assert.ok(await page.$('nav a:has-text("Tablets")'));
  await screenshot(page, 'national-view-en-320x640');
  await page.click('#lang-switch');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await page.context().close();
});

test('the main flow works with the keyboard alone: skip link, sign-in, navigation, enrolment code', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/console/`);
  await settled(page);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
  const tabTo = async (predicate, what) => {
    for (let i = 0; i < 60; i++) {
      if (await page.evaluate(predicate)) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`Tab never reached ${what}`);
  };
  await tabTo(() => document.activeElement.id === 'signin-name', 'the name field');
  await page.keyboard.type(server.admin.name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(server.admin.password);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#user-area:not([hidden])');
  await settled(page);
  await tabTo(() => document.activeElement.textContent === 'Tablettes' && document.activeElement.tagName === 'A', 'the Tablettes link');
  const focusVisible = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(focusVisible, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  await page.waitForSelector('main h1:has-text("Tablettes")');
  await settled(page);
  await tabTo(() => document.activeElement.id === 'code-cycle', 'the cycle field');
  await page.keyboard.type('Rencontres territoriales 2024');
  await tabTo(() => document.activeElement.id === 'create-code', 'the create button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#enrolment-code');
  assert.match(await page.textContent('#enrolment-code'), /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await announced(page, 'Code d’enrôlement créé');
  // A revocation dialog opens, keeps focus inside, and Escape closes it.
  await tabTo(() => document.activeElement.dataset && document.activeElement.dataset.device !== undefined, 'a revoke button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog[open]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'dialog-cancel');
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog', { state: 'detached' });
  assert.ok(await page.evaluate(() => document.activeElement.dataset.device !== undefined), 'focus returns to the button');
  await page.context().close();
});
