// API lookup benchmark (options and how to read it: docs/benchmarks.md): seeds a scratch
// database with N realistic customers, then measures in one run raw `pg` point lookups from Node
// and the HTTP lookups by customer number and by ID number of the real Fastify app, which runs in
// a child process so that it never shares a thread with the load generator.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, rmSync } from 'node:fs';
import { setTimeout } from 'node:timers/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { CompiledQuery, sql, type Kysely, type RawBuilder } from 'kysely';
import pg from 'pg';
import { isValidEcifNo, personNameKeys, validatePersonalIdNo } from '@ecif/core';
import * as hub from '@ecif/hub';
import { buildApp } from '../apps/server/src/app.ts';

const { values: opt } = parseArgs({
  options: {
    customers: { type: 'string' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    'database-url': { type: 'string' },
    pglite: { type: 'boolean', default: false },
    reseed: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false }, // internal: run as the HTTP server child
  },
});
const N = Number(opt.customers?.replaceAll('_', '') ?? (opt.pglite ? 100_000 : 1_000_000));
const [SECONDS, CONNECTIONS] = [Number(opt.duration), Number(opt.connections)];
if (![N, SECONDS, CONNECTIONS].every((n) => Number.isInteger(n) && n > 0)) {
  throw new Error('--customers, --duration and --connections take positive integers');
}
const LOCAL = 'postgres://postgres@127.0.0.1:5432/postgres';
const GIVEN_URL = opt['database-url'] ?? process.env.DATABASE_URL ?? LOCAL;
const SERVER_URL = opt.pglite ? undefined : GIVEN_URL;
const BENCH_DB = 'ecif_bench'; // the scratch database, on the server of SERVER_URL
const BENCH_URL = SERVER_URL && Object.assign(new URL(SERVER_URL), { pathname: BENCH_DB }).href;
const PGLITE_DIR = fileURLToPath(new URL('../data/bench-pglite', import.meta.url));
const TARGET = { ratio: 0.7, p99Ms: 25 };
// The two lookups: the raw query (SELECT * FROM customer WHERE …) and the HTTP path + key.
const BY_ID = '/api/v1/customers?idType=RESIDENT_ID&idNo=';
const LOOKUPS = [
  { kind: 'by customer no', key: 'ecif_no', sql: 'ecif_no = $1', path: '/api/v1/customers/' },
  { kind: 'by ID no', key: 'id_no', sql: "id_no = $1 AND id_type = 'RESIDENT_ID'", path: BY_ID },
] as const;

type Lookup = (typeof LOOKUPS)[number];
type Keys = Record<Lookup['key'], string[]>;
type CpuShare = { client: number; server: number; rest: number }; // % of the whole box
type Stats = { rate: number; p50: number; p99: number; non2xx: number; cpu: CpuShare };
type Runner = (text: string, params: unknown[]) => Promise<number>; // → number of rows
let server: ChildProcess | undefined; // the HTTP server child, once started

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const COUNT = sql<{ n: number }>`SELECT count(*) AS n FROM customer`;
/** The scratch database: reused when it holds N customers, else (or on --reseed) recreated. */
async function openBenchDatabase(): Promise<{ database: hub.Database; reused: boolean }> {
  const where = { url: BENCH_URL, dataDir: PGLITE_DIR };
  if (!opt.reseed && (SERVER_URL || existsSync(PGLITE_DIR))) {
    const database = await hub.createDatabase(where);
    const count = await COUNT.execute(database.db).catch(() => undefined); // no schema yet
    if (Number(count?.rows[0]?.n) === N) return { database, reused: true };
    await closeDatabase(database);
  }
  if (!SERVER_URL) rmSync(PGLITE_DIR, { recursive: true, force: true });
  else {
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
    await admin.end();
  }
  return { database: await hub.createDatabase(where), reused: false };
}

/** PGlite's close() throws "PGlite is closed" after Kysely already closed it; harmless here. */
async function closeDatabase(database: hub.Database): Promise<void> {
  await database.close().catch((error: unknown) => {
    if (!String(error).includes('PGlite is closed')) throw error;
  });
}

// Name characters with one reading each, so name_pinyin/name_initials match personNameKeys.
const SURNAMES =
  '王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 何he 林lin 罗luo 高gao 郑zheng 梁liang 谢xie 宋song 唐tang 韩han 冯feng 邓deng 曹cao 欧阳ouyang';
const GIVEN =
  '伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan 涛tao 明ming 超chao 秀xiu 霞xia 平ping 刚gang 桂gui 英ying 华hua 建jian 文wen 玉yu 兰lan 红hong 海hai 春chun 国guo 晓xiao 东dong 志zhi 成cheng 林lin 慧hui 梅mei 鹏peng';
const REGIONS =
  '360102 360103 360104 360111 360121 360124 360302 360402 360502 360602 360702 360802';

/** SQL: item `index % length` of a constant list (PostgreSQL folds the array literal once). */
const pickSql = (items: string[], index: string) =>
  `(ARRAY['${items.join("','")}'])[1 + ${index} % ${items.length}]`;
/** SQL: surname + one or two given-name characters; `part` picks hanzi, pinyin or initial. */
function nameSql(part: (hanzi: string, pinyin: string) => string): RawBuilder<string> {
  const [surnames, given] = [SURNAMES, GIVEN].map((list) =>
    list.split(' ').map((p) => part(p.replace(/[a-z]/g, ''), p.replace(/[^a-z]/g, ''))),
  ) as [string[], string[]];
  const [one, two] = [pickSql(given, `g / ${surnames.length}`), pickSql(given, 'g / 7')];
  return sql.raw(
    `${pickSql(surnames, 'g')} || ${one} || CASE g % 3 WHEN 0 THEN '' ELSE ${two} END`,
  );
}
const initial = (hanzi: string, pinyin: string) => (hanzi === '欧阳' ? 'oy' : pinyin[0]!);
/** SQL: decimal digit `pos` (0 = units) of a bigint column, as plain integer arithmetic. */
const digit = (column: string, pos: number) => `((${column} / ${10n ** BigInt(pos)}) % 10)`;
/** SQL: the ECIF check digit, Luhn over the 11-digit body exactly as ecifCheckDigit does it. */
const luhnTerm = (j: number, d = digit('body', j)) => (j % 2 ? d : `(2*${d} - 9*(${d}/5))`);
const ECIF_CHECK = `((10 - (${Array.from({ length: 11 }, (_, j) => luhnTerm(j)).join('+')}) % 10) % 10)`;
/** SQL: the GB 11643 check character of a 17-digit ID number body (weighted sum mod 11). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_SUM = ID_WEIGHTS.map((w, k) => `${w}*${digit('id17', 16 - k)}`).join('+');
const ID_CHECK = `substr('10X98765432', ((${ID_SUM}) % 11)::int + 1, 1)`;
/** SQL: lineage as the hub writes it: per field when, by which rule, from which source record. */
function lineageSql(): RawBuilder<unknown> {
  const e = {
    at: new Date().toISOString(),
    rule: 'sourcePriority',
    system: 'CORE',
    customerNo: '#',
  };
  const d = { ...e, derivedFrom: 'idNo' }; // gender and birth date come from the ID number
  const json = JSON.stringify({ name: e, idType: e, idNo: e, gender: d, birthDate: d });
  // Text concatenation, then one cast: several times faster than jsonb_build_object per row.
  return sql.raw(`('${json.split('#').join(`' || source_no || '`)}')::jsonb`);
}

/**
 * Seeds N customers with set-based SQL in one transaction, so an interrupted run leaves nothing
 * half-done. Secondary indexes and foreign keys are dropped for the load and rebuilt once at the
 * end, much faster than maintaining them row by row (PERF-NOTES: 132k vs 215k rows/s).
 */
async function seedCustomers(db: Kysely<hub.DB>): Promise<void> {
  const started = performance.now();
  const step = async (label: string, work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    console.log(`  ${label.padEnd(32)} ${fmt((performance.now() - t) / 1000, 1).padStart(6)} s`);
  };
  console.log(`Seeding ${fmt(N)} customers…`);
  await db.transaction().execute(async (trx) => {
    const { rows: ddl } = await sql<{ drop: string; create: string }>`
      SELECT format('DROP INDEX %I', indexname) AS drop, indexdef AS create FROM pg_indexes
      WHERE tablename IN ('customer', 'ecif_number', 'customer_xref')
        AND indexname NOT IN (SELECT conname FROM pg_constraint)
      UNION ALL
      SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
        format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      FROM pg_constraint WHERE contype = 'f'
        AND conrelid::regclass::text IN ('customer', 'ecif_number', 'customer_xref')`.execute(trx);
    for (const d of ddl) await sql.raw(d.drop).execute(trx);
    // ecif_no = kind digit 1 + the 10-digit sequence g + check digit. The OFFSET 0 fences stop
    // PostgreSQL from inlining (so recomputing) body and id17 into every expression using them.
    const loads = {
      customer: sql`
      INSERT INTO customer (ecif_no, kind, name, name_norm, name_simplified, name_pinyin, name_initials,
        id_type, id_no, gender, birth_date, nationality, ethnicity, lineage, completeness)
      SELECT body::text || ${sql.raw(ECIF_CHECK)}, 'individual', nm, nm, nm, py, ini, 'RESIDENT_ID',
        id17::text || ${sql.raw(ID_CHECK)}, CASE seq3 % 2 WHEN 1 THEN '1' ELSE '2' END, birth, 'CHN',
        '01', ${lineageSql()}, 80
      FROM (
        SELECT g, 10000000000 + g AS body, 'C' || lpad(g::text, 10, '0') AS source_no,
          ${nameSql((h) => h)} AS nm, ${nameSql((_, p) => p)} AS py, ${nameSql(initial)} AS ini,
          -- (region, birth date, sequence) is a one-to-one function of g: ID numbers are unique
          ${sql.raw(pickSql(REGIONS.split(' '), 'g'))} AS region,
          date '1940-01-01' + ((g / 12 % 25000) * 7919 % 25000)::int AS birth, g / 12 / 25000 AS seq3
        FROM generate_series(1::bigint, ${N}::bigint) AS g OFFSET 0
      ) x, LATERAL (
        SELECT (region || to_char(birth, 'YYYYMMDD') || lpad(seq3::text, 3, '0'))::bigint AS id17 OFFSET 0
      ) i`,
      ecif_number: sql`
      INSERT INTO ecif_number (ecif_no, customer_id) SELECT ecif_no, id FROM customer`,
      customer_xref: sql`
      INSERT INTO customer_xref (source_system, source_customer_no, customer_id, attributes, derived, decision, linked_by)
      SELECT 'CORE', 'C' || substr(ecif_no, 2, 10), id, jsonb_build_object('name', name, 'idType', id_type,
        'idNo', id_no, 'gender', gender, 'birthDate', birth_date),
        '{"gender":"idNo","birthDate":"idNo"}', 'created', 'bench' FROM customer`,
    };
    for (const [table, load] of Object.entries(loads)) await step(table, () => load.execute(trx));
    await step(`${ddl.length} indexes and foreign keys`, async () => {
      await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(trx);
      for (const d of ddl) await sql.raw(d.create).execute(trx);
    });
    await sql`SELECT setval('ecif_no_seq', ${N}::bigint)`.execute(trx); // the next number is N + 1
  });
  // VACUUM too: sets the hint bits now, not during the first measurement (a read that writes).
  const vacuum = sql`VACUUM ANALYZE customer, ecif_number, customer_xref`;
  await step('VACUUM ANALYZE', () => vacuum.execute(db));
  const seconds = (performance.now() - started) / 1000;
  console.log(`Seeded in ${fmt(seconds, 1)} s: ${fmt(N / seconds)} customers/s (3 rows each)`);
}

type KeyRow = Record<'ecif_no' | 'id_no' | 'name' | 'name_pinyin' | 'name_initials', string>;
/** Random keys of the seeded set, checked: check digits, pinyin and ID uniqueness. */
async function sampleKeys(db: Kysely<hub.DB>): Promise<Keys> {
  const { rows } = await sql<KeyRow & { dup: number }>`
    SELECT ecif_no, id_no, name, name_pinyin, name_initials,
      (SELECT count(*) - count(DISTINCT id_no) FROM customer) AS dup
    FROM customer ORDER BY random() LIMIT 50000`.execute(db);
  for (const r of rows.slice(0, 1000)) {
    const { pinyin, initials } = personNameKeys(r.name);
    const names = pinyin === r.name_pinyin && initials === r.name_initials;
    if (!names || !isValidEcifNo(r.ecif_no) || !validatePersonalIdNo(r.id_no).ok) {
      throw new Error(`Seeded customer fails validation: ${JSON.stringify(r)}`);
    }
  }
  if (Number(rows[0]?.dup) !== 0) throw new Error(`${rows[0]?.dup} duplicate ID numbers`);
  return { ecif_no: rows.map((r) => r.ecif_no), id_no: rows.map((r) => r.id_no) };
}

/** Starts CPU accounting; the function returned gives each party's share since then. */
async function cpuProbe(): Promise<() => Promise<CpuShare>> {
  const busy = () => os.cpus().reduce((t, { times: c }) => t + c.user + c.nice + c.sys + c.irq, 0);
  const [box0, self0, server0, t0] = [busy(), process.cpuUsage(), await serverCpuMs(), Date.now()];
  return async () => {
    const pct = (ms: number) => (100 * ms) / ((Date.now() - t0) * os.cpus().length);
    const { user, system } = process.cpuUsage(self0);
    const [client, srv] = [(user + system) / 1000, (await serverCpuMs()) - server0];
    const rest = Math.max(0, busy() - box0 - client - srv); // os.cpus() ticks are coarse
    return { client: pct(client), server: pct(srv), rest: pct(rest) };
  };
}

async function serverCpuMs(): Promise<number> {
  server?.send('cpu'); // the child answers with its CPU time in ms
  return server ? ((await once(server, 'message')) as [number])[0] : 0;
}

/** Keeps CONNECTIONS queries in flight for `seconds`, timing each one. */
async function loadRaw(run: Runner, lookup: Lookup, keys: Keys, seconds: number): Promise<Stats> {
  const latencies: number[] = [];
  const cpu = await cpuProbe();
  const start = performance.now();
  const worker = async () => {
    while (performance.now() - start < seconds * 1000) {
      const t = performance.now();
      const found = await run(`SELECT * FROM customer WHERE ${lookup.sql}`, [
        pick(keys[lookup.key]),
      ]);
      if (found !== 1) throw new Error(`${found} rows: ${lookup.sql}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const rate = latencies.length / ((performance.now() - start) / 1000);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.floor(q * latencies.length)] ?? NaN;
  return { rate, p50: at(0.5), p99: at(0.99), non2xx: 0, cpu: await cpu() };
}

/** autocannon runs in this process, the server in its own (the child). */
async function loadHttp(base: string, lookup: Lookup, keys: Keys, seconds: number): Promise<Stats> {
  const cpu = await cpuProbe();
  const path = () => lookup.path + pick(keys[lookup.key]);
  const request = { method: 'GET', setupRequest: (req: object) => ({ ...req, path: path() }) };
  const options = { url: base, connections: CONNECTIONS, duration: seconds };
  const result = await autocannon({ ...options, requests: [request as autocannon.Request] });
  const { non2xx, errors, timeouts, statusCodeStats, latency } = result;
  const failed = { non2xx, errors, timeouts, statusCodeStats };
  if (non2xx + errors + timeouts > 0) throw new Error(`${lookup.kind}: ${JSON.stringify(failed)}`);
  const rate = result.requests.total / result.duration;
  return { rate, p50: latency.p50, p99: latency.p99, non2xx, cpu: await cpu() };
}

/** A short unmeasured run first warms up the JIT, the connection pools and the buffer cache. */
async function measure(label: string, load: (seconds: number) => Promise<Stats>): Promise<Stats> {
  process.stdout.write(`  ${label}…`);
  await load(Math.max(2, Math.min(5, Math.round(SECONDS / 4))));
  const stats = await load(SECONDS);
  console.log(` ${fmt(stats.rate)}/s`);
  return stats;
}

async function serve(): Promise<void> {
  const poolSize = Number(process.env.ECIF_DB_POOL_SIZE) || undefined; // as the real server's
  const database = await hub.createDatabase({ url: BENCH_URL, dataDir: PGLITE_DIR, poolSize });
  const reference = hub.createReferenceStore(database.db);
  const app = await buildApp({ database, reference, logLevel: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const stop = () => app.close().then(() => closeDatabase(database));
  process.on('message', (message) => {
    const { user, system } = process.cpuUsage();
    if (message === 'cpu') process.send?.((user + system) / 1000);
    if (message === 'stop') void stop().then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0)); // the parent died: do not linger
  const address = app.server.address();
  process.send?.(typeof address === 'object' && address ? address.port : 0);
}

/** The same script with --serve (and the same options) as a child process. */
async function startServer(): Promise<string> {
  const args = ['--serve', ...process.argv.slice(2)];
  const stdio = ['ignore', 'inherit', 'inherit', 'ipc'] as const;
  server = fork(fileURLToPath(import.meta.url), args, { stdio: [...stdio] });
  const exited = once(server, 'exit').then(() => Promise.reject(new Error('The server exited')));
  const [port] = (await Promise.race([once(server, 'message'), exited])) as [number];
  return `http://127.0.0.1:${port}`;
}

/** One request of each kind first: a 404 or an empty result would make the figures meaningless. */
async function checkRoutes(base: string, keys: Keys): Promise<void> {
  for (const lookup of LOOKUPS) {
    const response = await fetch(base + lookup.path + keys[lookup.key][0]);
    const body = (await response.json()) as { sourceRefs?: unknown[]; items?: unknown[] };
    if (response.status !== 200 || (body.sourceRefs ?? body.items)?.length !== 1) {
      const text = JSON.stringify(body).slice(0, 300);
      throw new Error(`GET ${lookup.kind}: ${response.status} ${text}`);
    }
  }
}

/** Prints aligned columns: a negative width pads on the right (text), a positive on the left. */
function row(widths: number[], cells: string[]): void {
  const pad = (cell: string, w: number) => (w < 0 ? cell.padEnd(-w) : cell.padStart(w));
  console.log(cells.map((cell, i) => pad(cell, widths[i]!)).join(''));
}

function report(results: { lookup: Lookup; raw: Stats; prepared?: Stats; http: Stats }[]): void {
  const widths = [-26, 9, 9, 9, 9, 30];
  const cells = (name: string, s: Stats, non2xx: string) => {
    const cpu = `${fmt(s.cpu.client)} / ${fmt(s.cpu.server)} / ${fmt(s.cpu.rest)}`;
    return [name, fmt(s.rate), fmt(s.p50, 1), fmt(s.p99, 1), non2xx, cpu];
  };
  console.log('');
  row(widths, ['measurement', 'rate/s', 'p50 ms', 'p99 ms', 'non-2xx', 'CPU% load/server/db+']);
  for (const { lookup, raw, prepared, http } of results) {
    row(widths, cells(`raw SQL  ${lookup.kind}`, raw, '–'));
    if (prepared) row(widths, cells(`raw prepared ${lookup.kind}`, prepared, '–'));
    row(widths, cells(`HTTP GET ${lookup.kind}`, http, String(http.non2xx)));
  }
  console.log('');
  row([-38, 10, 8], ['target', 'measured', 'result']);
  for (const { lookup, raw, http } of results) {
    const ratio = http.rate / raw.rate;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    const ratioLabel = `${lookup.kind}: HTTP/raw ≥ ${TARGET.ratio * 100}%`;
    row([-38, 10, 8], [ratioLabel, `${fmt(ratio * 100, 1)}%`, verdict(ratio >= TARGET.ratio)]);
    if (results.find((r) => r.lookup === lookup)?.prepared) {
      const prepared = results.find((r) => r.lookup === lookup)!.prepared!;
      const strict = http.rate / prepared.rate;
      row([-38, 10, 8], [`  (vs raw prepared statements)`, `${fmt(strict * 100, 1)}%`, 'info']);
    }
    const p99Label = `${lookup.kind}: HTTP p99 ≤ ${TARGET.p99Ms} ms`;
    row([-38, 10, 8], [p99Label, `${fmt(http.p99, 1)} ms`, verdict(http.p99 <= TARGET.p99Ms)]);
  }
  console.log('\nCPU%: share of the box (100 = all cores); db+ = all but the two Node processes');
}

async function main(): Promise<void> {
  const { database, reused } = await openBenchDatabase();
  await hub.migrateToLatest(database.db);
  await hub.seedReferenceData(database.db);
  if (reused) console.log(`Reusing the ${fmt(N)} seeded customers (--reseed to start over)`);
  else await seedCustomers(database.db);
  const keys = await sampleKeys(database.db);
  const cpus = `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()})`;
  console.log(`\nNode ${process.version}, ${cpus}, ${database.describe}, ${fmt(N)} customers`);
  const idle = await cpuProbe(); // anything else busy (other jobs, autovacuum) skews the figures
  await setTimeout(2000);
  console.log(`CPU used by others before the run: ${fmt((await idle()).rest)}% of the box`);
  const what = `${CONNECTIONS} concurrent queries/requests, ${fmt(keys.ecif_no.length)} random keys`;
  console.log(`${SECONDS} s per measurement, ${what}\n`);
  // Raw lookups from this one Node process; PostgreSQL: a pg.Pool as large as the concurrency.
  const pool = BENCH_URL ? new pg.Pool({ connectionString: BENCH_URL, max: CONNECTIONS }) : null;
  const exec = (text: string, params: unknown[]) => CompiledQuery.raw(text, params);
  const run: Runner = pool
    ? async (text, params) => (await pool.query(text, params)).rowCount ?? 0
    : async (text, params) => (await database.db.executeQuery(exec(text, params))).rows.length;
  const raw: Stats[] = [];
  for (const lookup of LOOKUPS) {
    raw.push(await measure(`raw ${lookup.kind}`, (s) => loadRaw(run, lookup, keys, s)));
  }
  // The app prepares its statements (named, once per connection); the same for the raw client
  // shows what the database can do at best, so both baselines are printed.
  const prepared: Stats[] = [];
  if (pool) {
    const runPrepared: Runner = async (text, params) =>
      (await pool.query({ name: `bench_${text.length}_${text.slice(-12)}`, text, values: params }))
        .rowCount ?? 0;
    for (const lookup of LOOKUPS) {
      prepared.push(
        await measure(`raw prepared ${lookup.kind}`, (s) => loadRaw(runPrepared, lookup, keys, s)),
      );
    }
  }
  await pool?.end();
  await closeDatabase(database); // PGlite: the server child opens the same data directory next

  const base = await startServer();
  try {
    await checkRoutes(base, keys);
    const results = [];
    for (const [i, lookup] of LOOKUPS.entries()) {
      const http = await measure(`HTTP ${lookup.kind}`, (s) => loadHttp(base, lookup, keys, s));
      results.push({
        lookup,
        raw: raw[i]!,
        ...(prepared[i] ? { prepared: prepared[i] } : {}),
        http,
      });
    }
    report(results);
  } finally {
    server?.send('stop');
    if (server) await once(server, 'exit');
  }
}

await (opt.serve ? serve() : main()).catch((error: unknown) => {
  console.error('\nbench:api failed:', error);
  server?.kill();
  process.exit(1);
});
