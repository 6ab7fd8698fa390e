// Batch load benchmark (issue 3; how to read it: docs/benchmarks.md). For each size: synthetic
// multi-source extracts (`ecif synth`, cached under data/bench-load/), a fresh PostgreSQL
// database, the raw COPY rate of the same lines measured in the same run, then a full load of
// every source file through the real loader (stage → apply → deactivate) with its phase times,
// and finally a 100,000-record delta of the core system. Prints one table per size and a JSON
// summary line.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { splitterFor, LineSplitter, parseSourceMapping, type SourceMapping } from '@ecif/core';
import { createLineEncoder, createRandom, synthMapping } from '@ecif/core/synth';
import * as hub from '@ecif/hub';
import { sql } from 'kysely';
import pg from 'pg';
import { copyRows } from '../packages/hub/src/db/bulk-copy.ts';

const { values: opt } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    delta: { type: 'string', default: '100000' },
    'database-url': { type: 'string' },
  },
});
const SIZES = opt.records.split(',').map((s) => Number(s.replaceAll('_', '')));
const DELTA = Number(opt.delta.replaceAll('_', ''));
if (![...SIZES, DELTA].every((n) => Number.isInteger(n) && n > 0))
  throw new Error('--records takes positive integers (comma-separated), --delta one');
const SERVER =
  opt['database-url'] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = fileURLToPath(new URL('../data/bench-load/', import.meta.url));
const CLI = fileURLToPath(new URL('../apps/cli/src/main.ts', import.meta.url));
const SYSTEMS = ['CORE', 'LOAN', 'CARD', 'WEALTH', 'CORP'] as const;
// `ecif synth` writes about 2.08 source records per person (a company per ten people included).
const RECORDS_PER_PERSON = 2.079;
const TARGET = { loadShareOfCopy: 0.5, tenMillionMinutes: 30, memoryGiB: 8, deltaSeconds: 60 };
const ctx = { actor: 'bench', requestId: 'bench-load' };

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const log = (line: string) => process.stderr.write(`${line}\n`);

function synthesize(records: number): string {
  const people = Math.round(records / RECORDS_PER_PERSON);
  const companies = Math.round(people / 10);
  const dir = join(ROOT, String(records));
  const marker = join(dir, 'synth.json');
  if (existsSync(marker)) return dir;
  log(`synthesizing ${fmt(people)} people and ${fmt(companies)} companies into ${dir}`);
  const run = spawnSync(
    process.execPath,
    [
      CLI,
      'synth',
      '--people',
      String(people),
      '--companies',
      String(companies),
      '--out',
      dir,
      '--seed',
      '7',
      '--date',
      '20261122',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) throw new Error(`synth failed: ${run.stderr}`);
  writeFileSync(marker, run.stdout);
  return dir;
}

async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return Object.assign(new URL(SERVER), { pathname: `/${name}` }).href;
}

function mappingOf(dir: string, system: string): SourceMapping {
  const parsed = parseSourceMapping(
    JSON.parse(readFileSync(join(dir, `${system}.mapping.json`), 'utf8')),
  );
  if (!parsed.ok) throw new Error(`${system}: bad mapping`);
  return parsed.mapping;
}

function dataFile(dir: string, system: string): string {
  const name = readdirSync(dir).find((f) => new RegExp(`^${system}_\\d{8}\\.dat$`).test(f));
  if (!name) throw new Error(`no ${system} file in ${dir}`);
  return join(dir, name);
}

/**
 * The floor under the stage phase: every line of the same files, decoded, into a two-column
 * table with COPY in batches of the loader's size, through the same COPY path.
 */
async function rawCopy(db: hub.Database, dir: string): Promise<{ rows: number; ms: number }> {
  await sql`CREATE TABLE bench_raw_copy (line_no integer, raw text)`.execute(db.db);
  let rows = 0;
  const started = performance.now();
  for (const system of SYSTEMS) {
    const mapping = mappingOf(dir, system);
    const decoder = new TextDecoder(mapping.encoding === 'UTF-8' ? 'utf-8' : 'gb18030');
    const splitter = new LineSplitter();
    let batch: [number, string][] = [];
    for await (const chunk of createReadStream(dataFile(dir, system))) {
      for (const line of splitter.push(chunk as Buffer)) {
        batch.push([line.lineNo, decoder.decode(line.bytes)]);
        if (batch.length === 5000) {
          await copyRows(db.db, 'bench_raw_copy', ['line_no', 'raw'], batch);
          rows += batch.length;
          batch = [];
        }
      }
    }
    const tail = splitter.end();
    if (tail) batch.push([tail.lineNo, decoder.decode(tail.bytes)]);
    await copyRows(db.db, 'bench_raw_copy', ['line_no', 'raw'], batch);
    rows += batch.length;
  }
  const ms = performance.now() - started;
  await sql`DROP TABLE bench_raw_copy`.execute(db.db);
  return { rows, ms };
}

/** A core-system delta: `count` records of the full extract with a new mobile number each. */
async function writeDelta(dir: string, count: number): Promise<string> {
  const mapping = synthMapping('CORE');
  const encoder = createLineEncoder(mapping);
  const split = splitterFor(mapping);
  const mobile = mapping.columns.findIndex((c) => c.name === 'MOBILE');
  const source = dataFile(dir, 'CORE');
  const total = Number(readFileSync(`${source}.ok`, 'utf8').trim());
  const every = Math.max(1, Math.floor(total / count));
  const path = join(dir, 'delta', `CORE_DELTA_${count}.dat`);
  spawnSync('mkdir', ['-p', join(dir, 'delta')]);
  const fd = openSync(path, 'w');
  const random = createRandom(99);
  let written = 0;
  const splitter = new LineSplitter();
  for await (const chunk of createReadStream(source)) {
    for (const line of splitter.push(chunk as Buffer)) {
      if (written >= count || line.lineNo % every !== 0) continue;
      const fields = split(line.bytes);
      if (!fields.ok) continue;
      const values = fields.fields.map((f) => f.trim());
      values[mobile] = `139${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
      writeSync(fd, encoder.record(values));
      writeSync(fd, encoder.eol);
      written++;
    }
  }
  closeSync(fd);
  writeFileSync(`${path}.ok`, `${written}\n`);
  return path;
}

interface Phases {
  stageMs: number;
  standardizeMs: number;
  identifyMs: number;
  goldenMs: number;
  applyMs: number;
  deactivateMs: number;
}

async function loadAll(db: hub.Database, dir: string) {
  const reference = hub.createReferenceStore(db.db);
  const sum: Phases = {
    stageMs: 0,
    standardizeMs: 0,
    identifyMs: 0,
    goldenMs: 0,
    applyMs: 0,
    deactivateMs: 0,
  };
  const counts = { received: 0, accepted: 0, rejected: 0, created: 0, linked: 0, updated: 0 };
  const started = performance.now();
  for (const system of SYSTEMS) {
    let lastLog = 0;
    const outcome = await hub.loadFile(
      db.db,
      reference,
      { system, mapping: mappingOf(dir, system), filePath: dataFile(dir, system), mode: 'full' },
      ctx,
      (p) => {
        if (performance.now() - lastLog < 10_000 && p.done !== p.total) return;
        lastLog = performance.now();
        log(`  ${system} ${p.phase} ${fmt(p.done)}/${fmt(p.total)}`);
      },
    );
    const job = outcome.job;
    const t = job.timings as Record<string, number>;
    for (const key of Object.keys(sum) as (keyof Phases)[]) sum[key] += t[key] ?? 0;
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += job[key];
    log(`  ${system}: ${fmt(job.received)} records, ${job.status}, ${JSON.stringify(t)}`);
  }
  return { phases: sum, counts, wallMs: performance.now() - started };
}

async function benchSize(records: number) {
  const dir = synthesize(records);
  const url = await freshDatabase(`ecif_bench_load_${records}`);
  const db = await hub.createDatabase({ url, poolSize: 4 });
  try {
    await hub.migrateToLatest(db.db);
    await hub.seedReferenceData(db.db);
    const raw = await rawCopy(db, dir);
    const rawRate = raw.rows / (raw.ms / 1000);
    log(`raw COPY: ${fmt(raw.rows)} lines in ${fmt(raw.ms / 1000, 1)} s = ${fmt(rawRate)} rows/s`);
    const load = await loadAll(db, dir);
    const n = load.counts.received;
    const rate = (ms: number) => (ms > 0 ? n / (ms / 1000) : 0);
    const deltaPath = await writeDelta(dir, DELTA);
    const deltaStarted = performance.now();
    const delta = await hub.loadFile(
      db.db,
      hub.createReferenceStore(db.db),
      { system: 'CORE', mapping: synthMapping('CORE'), filePath: deltaPath, mode: 'delta' },
      ctx,
    );
    const deltaSeconds = (performance.now() - deltaStarted) / 1000;
    const { rows } = await sql<{ customers: number; refs: number }>`
      SELECT (SELECT count(*) FROM customer)::int AS customers,
             (SELECT count(*) FROM customer_xref)::int AS refs`.execute(db.db);
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    const summary = {
      records: n,
      rawCopyRowsPerSec: Math.round(rawRate),
      stageRecordsPerSec: Math.round(rate(load.phases.stageMs)),
      standardizeRecordsPerSec: Math.round(rate(load.phases.standardizeMs)),
      identifyRecordsPerSec: Math.round(rate(load.phases.identifyMs)),
      goldenRecordsPerSec: Math.round(rate(load.phases.goldenMs)),
      applyRecordsPerSec: Math.round(rate(load.phases.applyMs)),
      endToEndRecordsPerSec: Math.round(rate(load.wallMs)),
      endToEndMinutes: Number((load.wallMs / 60_000).toFixed(1)),
      stageShareOfRawCopy: Number((rate(load.phases.stageMs) / rawRate).toFixed(3)),
      peakRssMiB: Math.round(peakMiB),
      counts: load.counts,
      customers: rows[0]?.customers,
      sourceRecords: rows[0]?.refs,
      delta: {
        records: delta.job.received,
        updated: delta.job.updated,
        seconds: Number(deltaSeconds.toFixed(1)),
      },
    };
    const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    console.log(`\n## ${fmt(n)} source records (PostgreSQL)\n`);
    console.log('| phase | time | records/s |');
    console.log('|---|---|---|');
    console.log(
      `| raw COPY of the same lines (floor) | ${fmt(raw.ms / 1000, 1)} s | ${fmt(rawRate)} |`,
    );
    console.log(
      `| load (stage): read the file, COPY every line | ${fmt(load.phases.stageMs / 1000, 1)} s | ${fmt(rate(load.phases.stageMs))} |`,
    );
    console.log(
      `| apply: split, validate, standardize | ${fmt(load.phases.standardizeMs / 1000, 1)} s | ${fmt(rate(load.phases.standardizeMs))} |`,
    );
    console.log(
      `| apply: identify | ${fmt(load.phases.identifyMs / 1000, 1)} s | ${fmt(rate(load.phases.identifyMs))} |`,
    );
    console.log(
      `| apply: golden build + writes | ${fmt(load.phases.goldenMs / 1000, 1)} s | ${fmt(rate(load.phases.goldenMs))} |`,
    );
    console.log(`| full-snapshot deactivation | ${fmt(load.phases.deactivateMs / 1000, 1)} s | |`);
    console.log(
      `| end to end (5 files) | ${fmt(load.wallMs / 1000, 1)} s | ${fmt(rate(load.wallMs))} |`,
    );
    console.log(
      `\n- load-phase rate / raw COPY rate: ${(summary.stageShareOfRawCopy * 100).toFixed(1)}% (target ≥ ${TARGET.loadShareOfCopy * 100}%: ${pass(summary.stageShareOfRawCopy >= TARGET.loadShareOfCopy)})`,
    );
    const projected = 10_000_000 / rate(load.wallMs) / 60;
    console.log(
      `- end to end: ${summary.endToEndMinutes} min; at this rate 10M records take ${fmt(projected, 0)} min (target ≤ ${TARGET.tenMillionMinutes}: ${pass(projected <= TARGET.tenMillionMinutes)})`,
    );
    console.log(
      `- peak memory of the loader process: ${fmt(peakMiB)} MiB (target ≤ ${TARGET.memoryGiB} GiB: ${pass(peakMiB <= TARGET.memoryGiB * 1024)})`,
    );
    console.log(
      `- delta of ${fmt(delta.job.received)} CORE records: ${summary.delta.seconds} s (target ≤ ${TARGET.deltaSeconds} s: ${pass(deltaSeconds <= TARGET.deltaSeconds)})`,
    );
    console.log(
      `- result: ${fmt(summary.customers ?? 0)} customers from ${fmt(summary.sourceRecords ?? 0)} source records; ${fmt(load.counts.rejected)} rejected`,
    );
    console.log(JSON.stringify(summary));
  } finally {
    await db.close();
  }
}

for (const size of SIZES) await benchSize(size);
