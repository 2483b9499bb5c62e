// Test harness of the console's browser tests: a real terrain-server with the demo
// cycle (made by terrain-demo through the real sync path) on 127.0.0.1 and a free
// port, Debian's Chromium driven by playwright-core, the `terrain` CLI as field
// tablets, axe-core for accessibility, screenshots under the build tree.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const env = {
  server: process.env.TERRAIN_SERVER,
  cli: process.env.TERRAIN_CLI,
  demo: process.env.TERRAIN_DEMO,
  dist: process.env.TERRAIN_CONSOLE_DIST,
  consoleDir: process.env.TERRAIN_CONSOLE_DIR,
  screenshots: process.env.TERRAIN_SCREENSHOTS || join(tmpdir(), 'terrain-console-screenshots'),
  chromium: process.env.TERRAIN_CHROMIUM || '/usr/bin/chromium',
};
for (const [k, v] of Object.entries(env)) if (!v) throw new Error(`harness: ${k} is not set (run through ctest)`);

const require = createRequire(join(env.consoleDir, 'package.json'));
export const { chromium } = require('playwright-core');
export const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const jsQR = require('jsqr');
export const playwrightVersion = JSON.parse(readFileSync(require.resolve('playwright-core/package.json'), 'utf8')).version;

// Cheap password hashing for test accounts (the moderate preset costs 256 MiB per login).
const FAST = ['--pwhash-opslimit', '1', '--pwhash-memlimit', '8192'];

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function healthy(url, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) return false;
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

// A demo data directory and a server serving it with the console.
export async function startServer({ extraArgs = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'terrain-console-'));
  const data = join(dir, 'data');
  let out = null;
  for (let attempt = 0; attempt < 5 && !out; attempt++) {
    const port = await freePort();
    try {
      const r = await run(env.demo, ['--server-binary', env.server, '--data', data, '--port', String(port), '--no-serve', ...FAST.flatMap((a) => ['--server-arg', a])], { maxBuffer: 16 << 20 });
      out = r.stdout;
    } catch (e) {
      if (!String(e.stdout || '').includes('cannot listen') && !String(e.stderr || '').includes('cannot listen')) throw e;
      rmSync(data, { recursive: true, force: true });
    }
  }
  const line = (prefix) => {
    const l = out.split('\n').find((x) => x.startsWith(prefix));
    if (!l) throw new Error(`demo output has no "${prefix}":\n${out}`);
    return l.slice(prefix.length).trim();
  };
  const admin = { name: line('Administrateur : '), password: line('Mot de passe : ') };
  const analyst = { name: line('Analyste (rapports seulement) : '), password: line("Mot de passe de l'analyste : ") };
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(env.server, ['--data', data, '--bind', '127.0.0.1', '--port', String(port), '--console-dir', env.dist, ...FAST, ...extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d) => {
      log += d;
    });
    if (await healthy(url, child)) {
      return {
        url,
        dir,
        admin,
        analyst,
        log: () => log,
        async stop() {
          child.kill('SIGTERM');
          await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    child.kill('SIGKILL');
  }
  throw new Error('terrain-server did not start');
}

export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: env.chromium, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  console.log(`playwright-core ${playwrightVersion}, Chromium ${browser.version()}`);
  return browser;
}

export async function newPage(browser, viewport = { width: 1440, height: 900 }) {
  // bypassCSP lets the test inject axe-core only; the page itself runs under the policy.
  const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris', bypassCSP: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('Failed to load resource')) page.errors.push(m.text());
  });
  return page;
}

// Waits until the page's data is on screen: the h1 and no request in flight.
export async function settled(page) {
  await page.waitForSelector('main h1');
  await page.waitForLoadState('networkidle');
}

export async function signIn(page, url, account) {
  await page.goto(`${url}/console/`);
  await page.fill('#signin-name', account.name);
  await page.fill('#signin-password', account.password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('#user-area:not([hidden])');
  await settled(page);
}

// Opens a page of the console; the same address again reloads it (a same-document
// navigation to the same hash would not render it anew).
export async function go(page, url, hash) {
  const target = `${url}/console/${hash}`;
  if (page.url() === target) await page.reload();
  else await page.goto(target);
  await settled(page);
}

// axe-core's WCAG 2.1 A and AA rules on the page as it is.
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

export async function screenshot(page, name) {
  mkdirSync(env.screenshots, { recursive: true });
  const path = join(env.screenshots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// The `terrain` CLI on one replica file: parsed JSON of stdout, or the error.
export function tablet(file) {
  return async (...args) => {
    try {
      const r = await run(env.cli, ['--replica', file, ...args], { maxBuffer: 16 << 20 });
      return { code: 0, json: r.stdout.trim() ? JSON.parse(r.stdout) : null, stderr: r.stderr };
    } catch (e) {
      let error = null;
      try {
        error = JSON.parse(String(e.stderr).trim().split('\n').pop()).error;
      } catch {
        error = { message: String(e.stderr) };
      }
      return { code: e.code, json: null, error, stderr: String(e.stderr) };
    }
  };
}

// The numbers of the headline figures of the national view, by label.
export async function headlineFigures(page) {
  return page.$$eval('.headline li', (items) => Object.fromEntries(items.map((li) => [li.querySelector('.label').textContent.trim(), li.querySelector('.value').textContent.trim()])));
}

// Waits until the status region (role=status) announces `text`.
export async function announced(page, text) {
  await page.waitForFunction((t) => document.getElementById('status-region').textContent.includes(t), text);
}

export function integer(text) {
  return Number(String(text).replace(/[^0-9]/g, ''));
}

export { existsSync };
