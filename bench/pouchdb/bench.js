#!/usr/bin/env node
// The PouchDB side of the benchmark: the same documents and the same workloads as
// Terrain's device simulator (bench/terrain), against pouchdb-server (LevelDB store)
// with PouchDB clients (LevelDB store) in this process.
//
//   node bench/pouchdb/bench.js --data DIR --out results.jsonl --work DIR
//        [--runs N] [--only ingest,push,pull,incremental,load] [--levels 1,16,64,256]
//
// Each figure is measured --runs times and written as one JSON line
// {"side":"pouchdb","metric":...,"unit":...,"values":[...]}; bench/report.js prints
// medians and spreads. Workloads (identical on the Terrain side, see
// docs/performance.md):
//   ingest       change sets of 1, 50, 500 records of one meeting, each sent as one
//                POST _bulk_docs, by 8 devices at once, each waiting for its answer.
//   push         10,000 records written in a fresh local PouchDB, replicated up.
//   pull         a fresh local PouchDB replicating a database of 100,000 records.
//   incremental  100 new records on the server, then one two-way sync.
//   load         N devices at once, each pushing 10 changes per round (8 new
//                records, a shared head count update, a concurrent edit of a shared
//                attendance record); push latency percentiles and server peak RSS.
'use strict';

const fs = require('fs');
const path = require('path');
const PouchDB = require('pouchdb-node');
const L = require('./lib');

const INGEST_DEVICES = 8;
const INGEST_PLAN = [
  // [records per change set, change sets]: bounded so one run stays within seconds.
  [1, 2000],
  [50, 1000],
  [500, 200],
];
const PUSH_RECORDS = 10000;
const PULL_RECORDS = 100000;
const INCREMENTAL_RECORDS = 100;
const LOAD_GROUP = 4;               // devices sharing one meeting
const LOAD_NEW_RECORDS = 8;         // + 1 head count update + 1 concurrent edit = 10
const LOAD_TOTAL_PUSHES = 768;      // rounds = clamp(768 / N, 3, 20)
const WORKLOAD_DEADLINE_MS = 15 * 60 * 1000;

function parseArgs(argv) {
  const a = { data: null, out: null, work: null, runs: 3, only: null, levels: [1, 16, 64, 256] };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[++i];
    if (k === '--data') a.data = v;
    else if (k === '--out') a.out = v;
    else if (k === '--work') a.work = v;
    else if (k === '--runs') a.runs = Number(v);
    else if (k === '--only') a.only = v.split(',');
    else if (k === '--levels') a.levels = v.split(',').map(Number);
    else throw new Error(`unknown argument ${k}`);
  }
  if (!a.data || !a.out || !a.work) throw new Error('--data, --out and --work are required');
  return a;
}

let args;
function emit(metric, unit, values, extra) {
  const line = Object.assign({ side: 'pouchdb', metric, unit, values }, extra || {});
  fs.appendFileSync(args.out, JSON.stringify(line) + '\n');
  process.stderr.write(`pouchdb ${metric}: ${values.map((v) => (Number.isFinite(v) ? +v.toFixed(2) : v)).join(', ')} ${unit}\n`);
}

function checkDeadline(start, what) {
  if (L.now() - start > WORKLOAD_DEADLINE_MS) throw new Error(`${what}: over the ${WORKLOAD_DEADLINE_MS / 60000} min limit`);
}

async function bulkLoad(client, db, records) {
  for (const set of L.changeSets(records, 500)) {
    await client.request('POST', `/${db}/_bulk_docs`, { docs: set.map(L.toDoc) });
  }
}

// ---- ingest ------------------------------------------------------------------
async function ingest(server, records) {
  const client = L.makeClient(server.port, INGEST_DEVICES);
  for (const [size, count] of INGEST_PLAN) {
    const sets = L.changeSets(records, size).slice(0, count);
    const bodies = sets.map((s) => JSON.stringify({ docs: s.map(L.toDoc) }));
    const nrec = sets.reduce((a, s) => a + s.length, 0);
    const recPerS = [];
    const setsPerS = [];
    for (let run = 0; run < args.runs; run++) {
      const db = `ingest_${size}_${run}`;
      await client.request('PUT', `/${db}`);
      // Device d sends change sets d, d+8, d+16... one at a time.
      const t0 = L.now();
      await Promise.all(Array.from({ length: INGEST_DEVICES }, async (_, d) => {
        for (let i = d; i < bodies.length; i += INGEST_DEVICES) {
          const res = await client.request('POST', `/${db}/_bulk_docs`, bodies[i]);
          if (!Array.isArray(res) || res.length !== sets[i].length || res.some((r) => !r.ok)) {
            throw new Error(`ingest: a document was refused: ${JSON.stringify(res).slice(0, 200)}`);
          }
        }
      }));
      const s = (L.now() - t0) / 1000;
      recPerS.push(nrec / s);
      setsPerS.push(bodies.length / s);
      if (size === 500 && run === args.runs - 1) {
        emit('disk.server_bytes_per_change', 'B', [L.duBytes(path.join(server.dbDir, db)) / nrec],
          { note: 'LevelDB directory after ingest of 100,000 records (change sets of 500)' });
      }
      await client.request('DELETE', `/${db}`);
    }
    emit(`ingest.s${size}.records_per_s`, 'records/s', recPerS, { records: nrec, change_sets: bodies.length, devices: INGEST_DEVICES });
    emit(`ingest.s${size}.sets_per_s`, 'sets/s', setsPerS, { records: nrec, change_sets: bodies.length, devices: INGEST_DEVICES });
  }
  client.close();
}

// ---- push, pull, incremental ---------------------------------------------------
async function push(server, records) {
  const client = L.makeClient(server.port, 2);
  const recs = records.slice(0, PUSH_RECORDS);
  const secs = [];
  for (let run = 0; run < args.runs; run++) {
    const db = `push_${run}`;
    await client.request('PUT', `/${db}`);
    const localDir = path.join(args.work, `tablet_push_${run}`);
    const local = new PouchDB(localDir);
    // The tablet captured the records offline (not timed), then syncs.
    for (const set of L.changeSets(recs, 500)) await local.bulkDocs(set.map(L.toDoc));
    const remote = new PouchDB(server.url(db), { skip_setup: true });
    const t0 = L.now();
    const res = await local.replicate.to(remote);
    const s = (L.now() - t0) / 1000;
    if (res.docs_written !== recs.length) throw new Error(`push: ${res.docs_written} of ${recs.length} written`);
    secs.push(s);
    await local.destroy();
    await remote.close();
    await client.request('DELETE', `/${db}`);
  }
  emit('push.seconds', 's', secs, { records: recs.length });
  emit('push.records_per_s', 'records/s', secs.map((s) => recs.length / s), { records: recs.length });
  client.close();
}

async function pullAndIncremental(server, records) {
  const client = L.makeClient(server.port, 2);
  const db = 'scope';
  await client.request('PUT', `/${db}`);
  const recs = records.slice(0, PULL_RECORDS);
  await bulkLoad(client, db, recs);
  const secs = [];
  let local = null;
  for (let run = 0; run < args.runs; run++) {
    if (local) await local.destroy();
    const localDir = path.join(args.work, `tablet_pull_${run}`);
    local = new PouchDB(localDir);
    const remote = new PouchDB(server.url(db), { skip_setup: true });
    const t0 = L.now();
    const res = await local.replicate.from(remote, { batch_size: 500 });
    const s = (L.now() - t0) / 1000;
    if (res.docs_written !== recs.length) throw new Error(`pull: ${res.docs_written} of ${recs.length} written`);
    secs.push(s);
    if (run === args.runs - 1) {
      await local.close();
      emit('disk.tablet_bytes_per_change', 'B', [L.duBytes(localDir) / recs.length],
        { note: 'client LevelDB directory after pulling 100,000 records' });
      local = new PouchDB(localDir);
    }
    await remote.close();
  }
  emit('pull.seconds', 's', secs, { records: recs.length });
  emit('pull.records_per_s', 'records/s', secs.map((s) => recs.length / s), { records: recs.length });

  // Incremental: another tablet pushed 100 records; this one syncs both ways.
  const more = records.slice(PULL_RECORDS, PULL_RECORDS + INCREMENTAL_RECORDS * Math.max(args.runs, 5));
  const remote = new PouchDB(server.url(db), { skip_setup: true });
  // The first two-way sync after a pull checks every local document upwards
  // (no push checkpoint yet): a one-time cost, left out of the steady-state figure.
  const warm = L.now();
  await local.sync(remote);
  emit('incremental.first_two_way_ms', 'ms', [L.now() - warm], { note: 'first sync after the pull, nothing new' });
  const ms = [];
  for (let run = 0; run < Math.max(args.runs, 5); run++) {
    const batch = more.slice(run * INCREMENTAL_RECORDS, (run + 1) * INCREMENTAL_RECORDS);
    await client.request('POST', `/${db}/_bulk_docs`, { docs: batch.map(L.toDoc) });
    const t0 = L.now();
    const res = await local.sync(remote);
    ms.push(L.now() - t0);
    if (res.pull.docs_written !== batch.length) throw new Error(`incremental: ${res.pull.docs_written} of ${batch.length}`);
  }
  emit('incremental.ms', 'ms', ms, { records: INCREMENTAL_RECORDS });
  await remote.close();
  await local.destroy();
  await client.request('DELETE', `/${db}`);
  client.close();
}

// ---- load: N devices syncing at once ---------------------------------------------
async function load(levels, records) {
  const byMeeting = new Map();
  for (const r of records) {
    if (!byMeeting.has(r.meeting)) byMeeting.set(r.meeting, []);
    byMeeting.get(r.meeting).push(r);
  }
  const meetings = [...byMeeting.keys()];
  for (const n of levels) {
    const p50 = [];
    const p99 = [];
    const rss = [];
    let meta = {};
    for (let run = 0; run < args.runs; run++) {
      const r = await loadOnce(n, byMeeting, meetings);
      p50.push(r.p50);
      p99.push(r.p99);
      rss.push(r.rss);
      meta = r.meta;
    }
    emit(`load.n${n}.p50_ms`, 'ms', p50, meta);
    emit(`load.n${n}.p99_ms`, 'ms', p99, meta);
    emit(`load.n${n}.peak_rss_mib`, 'MiB', rss, meta);
  }
}

async function loadOnce(n, byMeeting, meetings) {
  {
    const start = L.now();
    const rounds = Math.min(20, Math.max(3, Math.ceil(LOAD_TOTAL_PUSHES / n)));
    const server = await L.startServer(path.join(args.work, `pouchdb_server_load_${n}`));
    const client = L.makeClient(server.port, 4);
    const db = 'load';
    await client.request('PUT', `/${db}`);
    // Each group of 4 devices works on one meeting: a shared head count and a shared
    // attendance record that they all edit (concurrent edits).
    const groups = Math.ceil(n / LOAD_GROUP);
    const shared = [];
    for (let g = 0; g < groups; g++) {
      const recs = byMeeting.get(meetings[g % meetings.length]);
      const head = recs.find((r) => r.collection === 'headcount');
      const att = recs.find((r) => r.collection === 'attendance');
      shared.push({ head: head.id, att: att.id, pool: recs.filter((r) => r !== head && r !== att) });
      await client.request('POST', `/${db}/_bulk_docs`, { docs: [L.toDoc(head), L.toDoc(att)] });
    }
    const devices = [];
    for (let d = 0; d < n; d++) {
      const g = Math.floor(d / LOAD_GROUP);
      const local = new PouchDB(path.join(args.work, `load_${n}_tablet_${d}`));
      const remote = new PouchDB(server.url(db), { skip_setup: true });
      await local.replicate.from(remote, { doc_ids: [shared[g].head, shared[g].att] });
      devices.push({ d, g, local, remote, slot: d % LOAD_GROUP });
    }
    L.resetPeakRss(server.pid);
    const latencies = [];
    let conflicts = 0;
    for (let round = 0; round < rounds; round++) {
      checkDeadline(start, `load ${n}`);
      // Capture on every tablet (not timed)...
      await Promise.all(devices.map(async (dev) => {
        const sh = shared[dev.g];
        const base = (round * LOAD_GROUP + dev.slot) * LOAD_NEW_RECORDS;
        const docs = sh.pool.slice(base, base + LOAD_NEW_RECORDS).map(L.toDoc);
        const head = await dev.local.get(sh.head);
        head.count += 1;  // one more person at this door
        docs.push(head);
        const att = await dev.local.get(sh.att);
        att.organisation = `Organisme corrigé par la tablette ${dev.d} (tour ${round})`;
        docs.push(att);
        const res = await dev.local.bulkDocs(docs);
        if (res.some((r) => !r.ok)) throw new Error('load: local write failed');
      }));
      // ...then every tablet pushes at once.
      await Promise.all(devices.map(async (dev) => {
        const t0 = L.now();
        const res = await dev.local.replicate.to(dev.remote);
        latencies.push(L.now() - t0);
        if (res.docs_written < LOAD_NEW_RECORDS) throw new Error(`load: pushed ${res.docs_written}`);
      }));
    }
    const peak = L.peakRss(server.pid);
    const info = await client.request('GET', `/${db}/_all_docs?keys=${encodeURIComponent(JSON.stringify([shared[0].att]))}&conflicts=true&include_docs=true`);
    conflicts = (info.rows[0].doc._conflicts || []).length;
    latencies.sort((a, b) => a - b);
    const result = {
      p50: L.percentile(latencies, 50),
      p99: L.percentile(latencies, 99),
      rss: peak / (1024 * 1024),
      meta: { devices: n, pushes: latencies.length, rounds, changes_per_push: LOAD_NEW_RECORDS + 2, conflicts_on_shared_record: conflicts },
    };
    for (const dev of devices) {
      await dev.remote.close();
      await dev.local.destroy();
    }
    client.close();
    await server.stop();
    fs.rmSync(path.join(args.work, `pouchdb_server_load_${n}`), { recursive: true, force: true });
    return result;
  }
}

async function main() {
  args = parseArgs(process.argv);
  fs.mkdirSync(args.work, { recursive: true });
  const records = L.readJsonl(path.join(args.data, 'records.jsonl'));
  const want = (w) => !args.only || args.only.includes(w);
  if (want('ingest') || want('push') || want('pull') || want('incremental')) {
    const server = await L.startServer(path.join(args.work, 'pouchdb_server'));
    try {
      if (want('ingest')) await ingest(server, records);
      if (want('push')) await push(server, records);
      if (want('pull') || want('incremental')) await pullAndIncremental(server, records);
      emit('server.peak_rss_mib', 'MiB', [L.peakRss(server.pid) / (1024 * 1024)], { note: 'whole life of the server for ingest, push, pull' });
    } finally {
      await server.stop();
    }
  }
  if (want('load')) await load(args.levels, records);
}

main().catch((e) => {
  process.stderr.write(`pouchdb bench failed: ${e.stack || e}\n`);
  process.exit(1);
});
