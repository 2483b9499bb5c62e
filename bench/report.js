#!/usr/bin/env node
// Prints the benchmark's table from the JSON lines the three sides wrote
// (bench/terrain, bench/pouchdb, bench/ceiling): median of the runs with its spread,
// Terrain/PouchDB ratios, Terrain as a fraction of the machine's ceiling, and the
// goals checked.
//
//   node bench/report.js results.jsonl [--markdown] [--machine machine.json]
'use strict';

const fs = require('fs');

function parseArgs(argv) {
  const a = { file: null, markdown: false, machine: null };
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--markdown') a.markdown = true;
    else if (argv[i] === '--machine') a.machine = argv[++i];
    else a.file = argv[i];
  }
  if (!a.file) throw new Error('usage: report.js results.jsonl [--markdown] [--machine machine.json]');
  return a;
}

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(x) {
  if (x === undefined || x === null || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

// "median ±h%" where h is half the min–max range relative to the median.
function cell(stat) {
  if (!stat) return '—';
  if (stat.values.length < 2) return `${fmt(stat.median)} (1 run)`;
  const half = ((stat.max - stat.min) / 2 / stat.median) * 100;
  return `${fmt(stat.median)} ±${half < 10 ? half.toFixed(1) : Math.round(half)}%`;
}

function load(file) {
  const stats = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const j = JSON.parse(line);
    const key = `${j.side}:${j.metric}`;
    const values = j.values.filter((v) => Number.isFinite(v));
    if (!values.length) continue;
    stats[key] = {
      unit: j.unit, values, median: median(values), min: Math.min(...values), max: Math.max(...values), meta: j,
    };
  }
  return stats;
}

function main() {
  const args = parseArgs(process.argv);
  const S = load(args.file);
  const get = (side, metric) => S[`${side}:${metric}`];
  const med = (side, metric) => (get(side, metric) || {}).median;
  const machine = args.machine && fs.existsSync(args.machine) ? JSON.parse(fs.readFileSync(args.machine, 'utf8')) : null;

  // [label, metric, higher is better]
  const rows = [];
  const section = (title) => rows.push({ section: title });
  const row = (label, metric, higherBetter, ceilingMetric) => rows.push({ label, metric, higherBetter, ceilingMetric });

  section('Server ingest, durable commits, 8 devices sending at once');
  for (const s of [1, 50, 500]) {
    row(`change sets of ${s}: changes/s`, `ingest.s${s}.records_per_s`, true, `s${s}.records_per_s`);
    row(`change sets of ${s}: change sets/s`, `ingest.s${s}.sets_per_s`, true, `s${s}.sets_per_s`);
  }
  section('One change to a record already edited N times (one push, sequential)');
  for (const n of [1, 10, 100, 1000]) row(`edited ${n} time${n > 1 ? 's' : ''}: ms per change`, `history.edited_${n}.ms_per_change`, false);
  section('Push latency, N devices pushing 10 changes each at once');
  for (const n of [1, 16, 64, 256]) {
    row(`${n} device${n > 1 ? 's' : ''}: p50 ms`, `load.n${n}.p50_ms`, false);
    row(`${n} device${n > 1 ? 's' : ''}: p99 ms`, `load.n${n}.p99_ms`, false);
    row(`${n} device${n > 1 ? 's' : ''}: whole sync p99 ms (Terrain: push + pull)`, `load.n${n}.sync_p99_ms`, false);
    row(`${n} device${n > 1 ? 's' : ''}: server peak RSS MiB`, `load.n${n}.peak_rss_mib`, false);
  }
  section('Tablet sync');
  row('push 10,000 changes: s', 'push.seconds', false);
  row('push: changes/s', 'push.records_per_s', true);
  row('new device pulls a scope of 100,000 changes: s', 'pull.seconds', false);
  row('pull: changes/s applied by the client', 'pull.records_per_s', true);
  row('incremental sync of 100 changes: ms', 'incremental.ms', false);
  row('first two-way sync after the pull, nothing new: ms', 'incremental.first_two_way_ms', false);
  section('Storage');
  row('server bytes on disk per change', 'disk.server_bytes_per_change', false);
  row('tablet bytes on disk per change', 'disk.tablet_bytes_per_change', false);

  const header = ['Figure', 'Terrain', 'PouchDB', 'Terrain/PouchDB', 'Ceiling (best)', 'Terrain/ceiling'];
  const table = [];
  for (const r of rows) {
    if (r.section) {
      table.push({ section: r.section });
      continue;
    }
    const t = get('terrain', r.metric);
    const p = get('pouchdb', r.metric);
    let ceil = null;
    if (r.ceilingMetric) {
      const a = get('ceiling', `ceiling.per_set.${r.ceilingMetric}`);
      const b = get('ceiling', `ceiling.group.${r.ceilingMetric}`);
      ceil = [a, b].filter(Boolean).sort((x, y) => y.median - x.median)[0] || null;
    }
    const ratio = t && p ? t.median / p.median : NaN;
    table.push([
      r.label, cell(t), cell(p), Number.isFinite(ratio) ? `${fmt(ratio)}×` : '—',
      ceil ? cell(ceil) : '', ceil && t ? `${((t.median / ceil.median) * 100).toFixed(0)}%` : '',
    ]);
  }

  const out = [];
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  out.push(`Terrain benchmark, ${date}`);
  if (machine) {
    out.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, disk ${machine.disk}; ${machine.os}`);
    out.push(`Software: ${machine.software}`);
  }
  const runs = Object.values(S).map((s) => s.values.length);
  out.push(`Each figure: median of up to ${Math.max(...runs, 0)} runs, ±half the min–max spread. Lower is better for s, ms, MiB and bytes.`);
  out.push('');
  if (args.markdown) {
    out.push(`| ${header.join(' | ')} |`);
    out.push(`|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
    for (const r of table) {
      if (r.section) out.push(`| **${r.section}** | | | | | |`);
      else out.push(`| ${r.join(' | ')} |`);
    }
  } else {
    const widths = header.map((h, i) => Math.max(h.length, ...table.filter((r) => !r.section).map((r) => r[i].length + (i === 0 ? 2 : 0))));
    const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    out.push(line(header));
    out.push(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of table) {
      if (r.section) out.push(`${r.section}`);
      else out.push(line(['  ' + r[0]].concat(r.slice(1))));
    }
  }

  // The ceiling in detail.
  out.push('');
  out.push('Machine ceiling (bare C++: one Ed25519 verification per change set, one SQLite row per change, WAL, synchronous=FULL):');
  for (const s of [1, 50, 500]) {
    const a = get('ceiling', `ceiling.per_set.s${s}.records_per_s`);
    const b = get('ceiling', `ceiling.group.s${s}.records_per_s`);
    out.push(`  change sets of ${s}: ${cell(a)} changes/s with one transaction per change set` +
      (b ? `, ${cell(b)} changes/s with group commit (>= 500 rows per transaction)` : ''));
  }
  const v = get('ceiling', 'ceiling.verify_per_s');
  if (v) out.push(`  Ed25519 verifications alone: ${fmt(v.median)}/s on one core`);
  const dc = get('ceiling', 'ceiling.disk_bytes_per_record');
  if (dc) out.push(`  SQLite bytes per row (the record's JSON and key only): ${fmt(dc.median)}`);

  // Goals.
  const goals = [];
  const goal = (name, ok, detail) => goals.push(`  [${ok === null ? 'n/a ' : ok ? 'met ' : 'MISS'}] ${name}: ${detail}`);
  const have = (...xs) => xs.every((x) => Number.isFinite(x));
  {
    const t = med('terrain', 'ingest.s500.records_per_s');
    const p = med('pouchdb', 'ingest.s500.records_per_s');
    goal('ingest >= 10x PouchDB records/s (change sets of 500)', have(t, p) ? t >= 10 * p : null,
      have(t, p) ? `${fmt(t)} vs ${fmt(p)} = ${fmt(t / p)}×` : 'missing figures');
    for (const s of [1, 50]) {
      const t2 = med('terrain', `ingest.s${s}.records_per_s`);
      const p2 = med('pouchdb', `ingest.s${s}.records_per_s`);
      goal(`ingest >= 10x PouchDB records/s (change sets of ${s})`, have(t2, p2) ? t2 >= 10 * p2 : null,
        have(t2, p2) ? `${fmt(t2)} vs ${fmt(p2)} = ${fmt(t2 / p2)}×` : 'missing figures');
    }
    for (const s of [1, 50, 500]) {
      const t3 = med('terrain', `ingest.s${s}.records_per_s`);
      const c = Math.max(med('ceiling', `ceiling.per_set.s${s}.records_per_s`) || 0,
        med('ceiling', `ceiling.group.s${s}.records_per_s`) || 0);
      goal(`ingest >= half the machine ceiling (change sets of ${s})`, have(t3) && c > 0 ? t3 >= c / 2 : null,
        have(t3) && c > 0 ? `${fmt(t3)} vs ceiling ${fmt(c)} = ${((t3 / c) * 100).toFixed(0)}%` : 'missing figures');
    }
  }
  {
    const t = med('terrain', 'pull.records_per_s');
    const p = med('pouchdb', 'pull.records_per_s');
    goal('full pull >= 5x PouchDB', have(t, p) ? t >= 5 * p : null,
      have(t, p) ? `${fmt(t)} vs ${fmt(p)} changes/s = ${fmt(t / p)}×` : 'missing figures');
  }
  {
    const t = med('terrain', 'load.n256.p99_ms');
    goal('256 devices at once: p99 push latency < 100 ms', have(t) ? t < 100 : null, have(t) ? `${fmt(t)} ms` : 'missing figure');
    const r = med('terrain', 'load.n256.peak_rss_mib');
    goal('256 devices at once: server RSS < 100 MiB', have(r) ? r < 100 : null, have(r) ? `${fmt(r)} MiB` : 'missing figure');
  }
  out.push('');
  out.push('Goals:');
  out.push(...goals);
  process.stdout.write(out.join('\n') + '\n');
}

main();
