// Shared helpers of the PouchDB side: the generated data, a pouchdb-server child
// process on a free loopback port, its memory, raw HTTP with keep-alive, timing.
'use strict';

const fs = require('fs');
const path = require('path');
const http = require('http');
const net = require('net');
const { spawn, execFileSync } = require('child_process');

// Every request and every workload is bounded in time (loopback only).
const REQUEST_TIMEOUT_MS = 60000;
const SERVER_START_TIMEOUT_MS = 20000;

function readJsonl(file) {
  const text = fs.readFileSync(file, 'utf8');
  const out = [];
  for (const line of text.split('\n')) if (line) out.push(JSON.parse(line));
  return out;
}

// The same document for both sides: the record's fields plus its collection.
function toDoc(rec) {
  return Object.assign({ _id: rec.id, collection: rec.collection }, rec.fields);
}

// Groups records into change sets of `size` records of one meeting each (records are
// grouped by meeting in the file), the way Terrain's change sets are built.
function changeSets(records, size) {
  const sets = [];
  let cur = [];
  for (const rec of records) {
    if (cur.length && (cur.length === size || cur[0].meeting !== rec.meeting)) {
      sets.push(cur);
      cur = [];
    }
    cur.push(rec);
  }
  if (cur.length) sets.push(cur);
  return sets;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Raw HTTP with one keep-alive agent per server (a tablet keeps its connection).
function makeClient(port, maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxSockets || 16 });
  function request(method, urlPath, body) {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? null : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const req = http.request({
        host: '127.0.0.1', port, method, path: urlPath, agent,
        headers: data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {},
        timeout: REQUEST_TIMEOUT_MS,
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode >= 400) reject(new Error(`${method} ${urlPath}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
          else resolve(text ? JSON.parse(text) : null);
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }
  return { request, agent, close: () => agent.destroy() };
}

// pouchdb-server (express-pouchdb, LevelDB store through leveldown) as a child
// process: its pid is the server's own, so its memory can be read from /proc.
// Servers still running when this process exits (an error midway) are killed.
const running = new Set();
process.on('exit', () => {
  for (const proc of running) proc.kill('SIGKILL');
});

async function startServer(baseDir) {
  fs.mkdirSync(baseDir, { recursive: true });
  const port = await freePort();
  const config = path.join(baseDir, 'config.json');
  // Request logging at "error" only: the fairest (fastest) setting for PouchDB.
  fs.writeFileSync(config, JSON.stringify({ log: { level: 'error', file: path.join(baseDir, 'log.txt') } }));
  const bin = require.resolve('pouchdb-server/bin/pouchdb-server');
  const dbDir = path.join(baseDir, 'db');
  fs.mkdirSync(dbDir, { recursive: true });
  const proc = spawn(process.execPath, [bin, '-p', String(port), '-o', '127.0.0.1', '-d', dbDir, '-c', config, '-n', '--no-color'],
    { cwd: baseDir, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const client = makeClient(port, 4);
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  for (;;) {
    try {
      await client.request('GET', '/');
      break;
    } catch (e) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`pouchdb-server did not start: ${stderr.slice(0, 500)}`);
      }
      await sleep(100);
    }
  }
  client.close();
  return {
    port,
    pid: proc.pid,
    dbDir,
    url: (db) => `http://127.0.0.1:${port}/${db}`,
    async stop() {
      if (proc.exitCode !== null) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(t);
    },
  };
}

// Peak resident memory (VmHWM) of a process in bytes, and its reset (Linux:
// writing 5 to clear_refs resets the peak to the current RSS).
function peakRss(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(s);
  return m ? Number(m[1]) * 1024 : NaN;
}
function resetPeakRss(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch (e) {
    // Not permitted: the peak then covers the server's whole life.
  }
}

function duBytes(dir) {
  const out = execFileSync('du', ['-sb', dir], { encoding: 'utf8' });
  return Number(out.split('\t')[0]);
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const now = () => Number(process.hrtime.bigint()) / 1e6;  // ms

// Runs tasks with at most `n` in flight.
async function pool(n, items, fn) {
  let next = 0;
  const workers = [];
  for (let w = 0; w < Math.min(n, items.length); w++) {
    workers.push((async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    })());
  }
  await Promise.all(workers);
}

module.exports = {
  readJsonl, toDoc, changeSets, freePort, makeClient, startServer, peakRss, resetPeakRss,
  duBytes, percentile, now, sleep, pool,
};
