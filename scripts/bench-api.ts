// API lookup benchmark (npm run bench:api -- --help): seeds a scratch database with N realistic
// individual customers, then measures, in the same run, raw `pg` point lookups from Node and the
// two HTTP lookups (by customer number, by ID number) against the real Fastify app running in a
// child process. See docs/benchmarks.md for how to read the figures.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { isValidEcifNo, validatePersonalIdNo } from '@ecif/core';
import type { Database, DB } from '@ecif/hub';
import {
  createDatabase,
  createReferenceStore,
  migrateToLatest,
  seedReferenceData,
} from '@ecif/hub';
import { buildApp } from '../apps/server/src/app.ts';

const { values: opt } = parseArgs({
  options: {
    customers: { type: 'string' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    'database-url': { type: 'string' },
    pglite: { type: 'boolean', default: false },
    reseed: { type: 'boolean', default: false },
    // Experiment knob: the server's pg pool size (default: createDatabase's own default).
    'server-pool': { type: 'string' },
    serve: { type: 'boolean', default: false }, // internal: run as the HTTP server child
    help: { type: 'boolean', default: false },
  },
});
const BENCH_DB = 'ecif_bench';
const PGLITE_DIR = fileURLToPath(new URL('../data/bench-pglite', import.meta.url));
const TARGET = { ratio: 0.7, p99Ms: 25 };

type Runner = (text: string, params: unknown[]) => Promise<number>; // → rows returned
interface Stats {
  rate: number;
  p50: number;
  p99: number;
  non2xx: number;
  cpu: CpuShare;
}
interface CpuShare {
  client: number;
  server: number;
  rest: number;
} // % of the whole box
interface Keys {
  ecifNos: string[];
  idNos: string[];
}

const int = (name: string, value: string | undefined, fallback: number): number => {
  const n = value === undefined ? fallback : Number(value.replaceAll(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

// ---- database setup -------------------------------------------------------------------------

/** Opens the scratch database; drops it first on --reseed or when it holds a different N. */
async function openBenchDatabase(url: string | undefined, n: number): Promise<Database> {
  if (!url) {
    if (opt.reseed || (await countInPGlite()) !== n)
      await rm(PGLITE_DIR, { recursive: true, force: true });
    return createDatabase({ dataDir: PGLITE_DIR });
  }
  const benchUrl = withDatabase(url, BENCH_DB);
  if (opt.reseed || (await countInPostgres(benchUrl)) !== n) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${BENCH_DB}`);
    } finally {
      await admin.end();
    }
  }
  return createDatabase({ url: benchUrl });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.href;
}

async function countInPostgres(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string | null }>(
      `SELECT CASE WHEN to_regclass('public.customer') IS NULL THEN NULL ELSE (SELECT count(*) FROM customer) END AS n`,
    );
    return Number(rows[0]?.n ?? -1);
  } catch {
    return -1; // database does not exist (yet)
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function countInPGlite(): Promise<number> {
  const database = await createDatabase({ dataDir: PGLITE_DIR });
  try {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM customer`.execute(
      database.db,
    );
    return Number(rows[0]?.n);
  } catch {
    return -1;
  } finally {
    await closeDatabase(database);
  }
}

/** PGlite's close() throws "PGlite is closed" after Kysely already closed it; harmless here. */
async function closeDatabase(database: Database): Promise<void> {
  await database.close().catch((error: unknown) => {
    if (!String(error).includes('PGlite is closed')) throw error;
  });
}

// ---- seeding --------------------------------------------------------------------------------

// Name parts with unambiguous pinyin, so name_pinyin/name_initials match what personNameKeys gives.
const SURNAMES =
  '王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 何he 林lin 罗luo 高gao 郑zheng 梁liang 谢xie 宋song 唐tang 韩han 冯feng 邓deng 曹cao 欧阳ouyang';
const GIVEN =
  '伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan 涛tao 明ming 超chao 秀xiu 霞xia 平ping 刚gang 桂gui 英ying 华hua 建jian 文wen 玉yu 兰lan 红hong 海hai 春chun 国guo 晓xiao 东dong 志zhi 成cheng 林lin 慧hui 梅mei 鹏peng';
// Counties of Jiangxi (the demo data's province): the first six digits of the ID numbers.
const REGIONS = [
  '360102',
  '360103',
  '360104',
  '360111',
  '360121',
  '360124',
  '360302',
  '360402',
  '360502',
  '360602',
  '360702',
  '360802',
];

const parts = (list: string) =>
  list.split(' ').map((p) => /^(\p{Script=Han}+)([a-z]+)$/u.exec(p)!.slice(1) as [string, string]);
const arr = (items: string[]) => sql.raw(`ARRAY[${items.map((s) => `'${s}'`).join(',')}]`);
const initials = (py: string) => (py === 'ouyang' ? 'oy' : py[0]!);
/** `expr`'s decimal digit `pos` (0 = units) as SQL integer arithmetic, no per-row subquery. */
const digit = (expr: string, pos: number) => `((${expr} / ${10n ** BigInt(pos)}) % 10)`;
// ECIF check digit (Luhn over the 11-digit body, see ecifCheckDigit): double the even positions.
const ECIF_CHECK = sql.raw(
  `((10 - (${Array.from({ length: 11 }, (_, j) => (j % 2 === 0 ? `(2*${digit('body', j)} - 9*(${digit('body', j)}/5))` : digit('body', j))).join('+')}) % 10) % 10)`,
);
// GB 11643 check character of the 17-digit ID body: weighted sum mod 11.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = sql.raw(
  `substr('10X98765432', ((${ID_WEIGHTS.map((w, k) => `${w}*${digit('id17', 16 - k)}`).join('+')}) % 11)::int + 1, 1)`,
);

/**
 * Seeds N customers with set-based SQL in one transaction (so an interrupted run leaves nothing
 * half-done and the next run starts over). Secondary indexes are dropped and rebuilt after the
 * load: building an index once is much faster than maintaining it row by row (PERF-NOTES).
 */
async function seedCustomers(db: Kysely<DB>, n: number): Promise<void> {
  const [surnames, given] = [parts(SURNAMES), parts(GIVEN)];
  const started = performance.now();
  const step = async (label: string, work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    console.log(`  ${label.padEnd(28)} ${fmt((performance.now() - t) / 1000, 1)} s`);
  };
  console.log(`Seeding ${fmt(n)} customers…`);
  await db.transaction().execute(async (trx) => {
    const { rows: indexes } = await sql<{ name: string; def: string }>`
      SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE tablename IN ('customer', 'ecif_number', 'customer_xref')
        AND indexname NOT IN (SELECT conname FROM pg_constraint)`.execute(trx);
    for (const index of indexes) await sql`DROP INDEX ${sql.id(index.name)}`.execute(trx);
    // ecif_no = '1' (individual) + 10-digit sequence + check digit; the sequence is g.
    await step('customer', () =>
      sql`
      INSERT INTO customer (ecif_no, kind, name, name_norm, name_simplified, name_pinyin, name_initials,
        id_type, id_no, gender, birth_date, nationality, ethnicity, lineage, completeness)
      SELECT body::text || ${ECIF_CHECK}, 'individual', nm, nm, nm, py, ini,
        'RESIDENT_ID', id17::text || ${ID_CHECK}, CASE WHEN seq3 % 2 = 1 THEN '1' ELSE '2' END,
        birth, 'CHN', '01', jsonb_build_object('name', src, 'idType', src, 'idNo', src,
          'gender', src || '{"derivedFrom":"idNo"}'::jsonb, 'birthDate', src || '{"derivedFrom":"idNo"}'::jsonb), 80
      FROM (
        SELECT 10000000000 + g AS body, g,
          -- region × birth date × 3-digit sequence is injective in g, so ID numbers are unique
          (${arr(REGIONS)})[1 + g % ${REGIONS.length}] AS region,
          date '1940-01-01' + ((g / ${REGIONS.length} % 25000) * 7919 % 25000)::int AS birth,
          g / ${REGIONS.length} / 25000 AS seq3,
          (${arr(surnames.map((p) => p[0]))})[1 + g % ${surnames.length}] || (${arr(given.map((p) => p[0]))})[1 + g / ${surnames.length} % ${given.length}]
            || CASE WHEN g % 3 = 0 THEN '' ELSE (${arr(given.map((p) => p[0]))})[1 + g / 7 % ${given.length}] END AS nm,
          (${arr(surnames.map((p) => p[1]))})[1 + g % ${surnames.length}] || (${arr(given.map((p) => p[1]))})[1 + g / ${surnames.length} % ${given.length}]
            || CASE WHEN g % 3 = 0 THEN '' ELSE (${arr(given.map((p) => p[1]))})[1 + g / 7 % ${given.length}] END AS py,
          (${arr(surnames.map((p) => initials(p[1])))})[1 + g % ${surnames.length}] || (${arr(given.map((p) => initials(p[1])))})[1 + g / ${surnames.length} % ${given.length}]
            || CASE WHEN g % 3 = 0 THEN '' ELSE (${arr(given.map((p) => initials(p[1])))})[1 + g / 7 % ${given.length}] END AS ini,
          jsonb_build_object('at', now(), 'rule', 'sourcePriority', 'system', 'CORE',
            'customerNo', 'C' || lpad(g::text, 10, '0')) AS src
        FROM generate_series(1::bigint, ${n}::bigint) AS g
      ) x, LATERAL (SELECT (region || to_char(birth, 'YYYYMMDD') || lpad(seq3::text, 3, '0'))::bigint AS id17) i`.execute(
        trx,
      ),
    );
    await step('ecif_number', () =>
      sql`
      INSERT INTO ecif_number (ecif_no, customer_id) SELECT ecif_no, id FROM customer`.execute(trx),
    );
    await step('customer_xref', () =>
      sql`
      INSERT INTO customer_xref (source_system, source_customer_no, customer_id, attributes, derived, decision, linked_by)
      SELECT 'CORE', 'C' || substr(ecif_no, 2, 10), id,
        jsonb_build_object('name', name, 'idType', id_type, 'idNo', id_no, 'gender', gender, 'birthDate', birth_date),
        '{"gender":"idNo","birthDate":"idNo"}', 'created', 'bench' FROM customer`.execute(trx),
    );
    await step(`${indexes.length} secondary indexes`, async () => {
      await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(trx);
      for (const index of indexes) await sql.raw(index.def).execute(trx);
    });
    await sql`SELECT setval('ecif_no_seq', ${n}::bigint)`.execute(trx); // next issued: N + 1
  });
  await step('ANALYZE', () => sql`ANALYZE customer, ecif_number, customer_xref`.execute(db));
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Seeded ${fmt(n)} customers in ${fmt(seconds, 1)} s (${fmt(n / seconds)} customers/s, 3 rows each)`,
  );
}

/** Random keys of the seeded set, checked: valid check digits, and every ID number unique. */
async function sampleKeys(db: Kysely<DB>, n: number): Promise<Keys> {
  const { rows } = await sql<{ ecif_no: string; id_no: string; dup: number }>`
    SELECT ecif_no, id_no, (SELECT count(*) - count(DISTINCT id_no) FROM customer) AS dup
    FROM customer ORDER BY random() LIMIT ${Math.min(n, 50_000)}`.execute(db);
  const bad = rows.find((r) => !isValidEcifNo(r.ecif_no) || !validatePersonalIdNo(r.id_no).ok);
  if (bad) throw new Error(`Seeded keys fail validation: ${bad.ecif_no} / ${bad.id_no}`);
  if (Number(rows[0]?.dup) !== 0) throw new Error(`${rows[0]?.dup} duplicate ID numbers`);
  return { ecifNos: rows.map((r) => r.ecif_no), idNos: rows.map((r) => r.id_no) };
}

// ---- measurement ----------------------------------------------------------------------------

let server: ChildProcess | undefined;

/** CPU shares of the load generator (this process), the server child and the rest (the DB). */
async function cpuProbe(): Promise<() => Promise<CpuShare>> {
  const busy = () =>
    os.cpus().reduce((t, c) => t + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
  const [box0, self0, srv0, t0] = [
    busy(),
    process.cpuUsage(),
    await serverCpu(),
    performance.now(),
  ];
  return async () => {
    const wallMs = (performance.now() - t0) * os.cpus().length;
    const self = process.cpuUsage(self0);
    const client = (self.user + self.system) / 1000;
    const srv = (await serverCpu()) - srv0;
    const pct = (ms: number) => (100 * ms) / wallMs;
    return {
      client: pct(client),
      server: pct(srv),
      rest: pct(Math.max(0, busy() - box0 - client - srv)),
    };
  };
}

async function serverCpu(): Promise<number> {
  if (!server) return 0;
  server.send('cpu');
  const [ms] = (await once(server, 'message')) as [number];
  return ms;
}

/** Keeps `connections` queries in flight for `seconds`; latency measured per query. */
async function loadRaw(
  run: Runner,
  text: string,
  keys: string[],
  connections: number,
  seconds: number,
): Promise<Stats> {
  const latencies: number[] = [];
  const cpu = await cpuProbe();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      if ((await run(text, [pick(keys)])) !== 1) throw new Error(`Lookup found no row: ${text}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    rate: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    non2xx: 0,
    cpu: await cpu(),
  };
}

async function loadHttp(
  base: string,
  path: (key: string) => string,
  keys: string[],
  connections: number,
  seconds: number,
): Promise<Stats> {
  const cpu = await cpuProbe();
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      { method: 'GET', setupRequest: (request) => ({ ...request, path: path(pick(keys)) }) },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(
      `HTTP ${path('…')}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  const rate = result.requests.total / result.duration;
  return {
    rate,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    cpu: await cpu(),
  };
}

/** A short unmeasured run first: JIT, connection pools and the buffer cache warm up. */
async function measure(
  label: string,
  load: (seconds: number) => Promise<Stats>,
  seconds: number,
): Promise<Stats> {
  process.stdout.write(`  ${label}…`);
  await load(Math.max(2, Math.min(5, Math.round(seconds / 4))));
  const stats = await load(seconds);
  console.log(` ${fmt(stats.rate)}/s`);
  return stats;
}

// ---- HTTP server child ----------------------------------------------------------------------

async function serve(): Promise<void> {
  const poolSize =
    opt['server-pool'] === undefined ? undefined : int('server-pool', opt['server-pool'], 20);
  const url = opt['database-url'];
  const database = await createDatabase(url ? { url, poolSize } : { dataDir: PGLITE_DIR });
  const app = await buildApp({
    database,
    reference: createReferenceStore(database.db),
    logLevel: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.on('message', (message) => {
    if (message === 'cpu') {
      const usage = process.cpuUsage();
      process.send?.((usage.user + usage.system) / 1000);
    } else if (message === 'stop') {
      void app
        .close()
        .then(() => closeDatabase(database))
        .then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0)); // the parent died: do not linger
  process.send?.(typeof address === 'object' && address ? address.port : 0);
}

async function startServer(url: string | undefined): Promise<string> {
  const args = ['--serve', ...(url ? ['--database-url', url] : [])];
  if (opt['server-pool']) args.push('--server-pool', opt['server-pool']);
  server = fork(fileURLToPath(import.meta.url), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [port] = (await Promise.race([
    once(server, 'message'),
    once(server, 'exit').then(() => Promise.reject(new Error('The server child exited'))),
  ])) as [number];
  return `http://127.0.0.1:${port}`;
}

/** One request of each kind before the load: a 404 or an empty search would make figures meaningless. */
async function checkRoutes(base: string, keys: Keys): Promise<void> {
  const byNo = await fetch(`${base}/api/v1/customers/${keys.ecifNos[0]}`);
  const view = (await byNo.json()) as { ecifNo?: string; sourceRefs?: unknown[] };
  if (byNo.status !== 200 || view.ecifNo !== keys.ecifNos[0] || view.sourceRefs?.length !== 1) {
    throw new Error(`GET by customer number: ${byNo.status} ${JSON.stringify(view).slice(0, 300)}`);
  }
  const byId = await fetch(`${base}/api/v1/customers?idType=RESIDENT_ID&idNo=${keys.idNos[0]}`);
  const list = (await byId.json()) as { items?: unknown[] };
  if (byId.status !== 200 || list.items?.length !== 1)
    throw new Error(`GET by ID number: ${byId.status} ${JSON.stringify(list).slice(0, 300)}`);
}

// ---- report ---------------------------------------------------------------------------------

function report(rows: { kind: string; raw: Stats; http: Stats }[]): void {
  const cpu = (s: Stats) => `${fmt(s.cpu.client)}/${fmt(s.cpu.server)}/${fmt(s.cpu.rest)}`;
  const line = (name: string, s: Stats, non2xx: string) =>
    `${name.padEnd(30)}${fmt(s.rate).padStart(9)}${fmt(s.p50, 1).padStart(9)}${fmt(s.p99, 1).padStart(9)}${non2xx.padStart(9)}${cpu(s).padStart(17)}`;
  console.log(
    `\n${'measurement'.padEnd(30)}${'rate/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'non-2xx'.padStart(9)}${'CPU% cli/srv/db'.padStart(17)}`,
  );
  for (const r of rows) {
    console.log(line(`raw pg    ${r.kind}`, r.raw, '–'));
    console.log(line(`HTTP GET  ${r.kind}`, r.http, String(r.http.non2xx)));
  }
  console.log(`\n${'target'.padEnd(44)}${'measured'.padStart(10)}  result`);
  for (const r of rows) {
    const ratio = r.http.rate / r.raw.rate;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    console.log(
      `${`${r.kind}: HTTP/raw ≥ ${TARGET.ratio * 100}%`.padEnd(44)}${`${fmt(ratio * 100, 1)}%`.padStart(10)}  ${verdict(ratio >= TARGET.ratio)}`,
    );
    console.log(
      `${`${r.kind}: HTTP p99 ≤ ${TARGET.p99Ms} ms`.padEnd(44)}${`${fmt(r.http.p99, 1)} ms`.padStart(10)}  ${verdict(r.http.p99 <= TARGET.p99Ms)}`,
    );
  }
  console.log(
    'CPU% = share of the whole box (100% = all cores): load generator / HTTP server / the rest (database).',
  );
}

// ---- main -----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const pglite = opt.pglite;
  const url = pglite
    ? undefined
    : (opt['database-url'] ??
      process.env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres');
  const n = int('customers', opt.customers, pglite ? 100_000 : 1_000_000);
  const seconds = int('duration', opt.duration, 20);
  const connections = int('connections', opt.connections, 50);

  const database = await openBenchDatabase(url, n);
  await migrateToLatest(database.db);
  await seedReferenceData(database.db);
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM customer`.execute(
    database.db,
  );
  if (Number(rows[0]?.n) === n)
    console.log(`Reusing ${fmt(n)} seeded customers (--reseed to start over)`);
  else await seedCustomers(database.db, n);
  const keys = await sampleKeys(database.db, n);
  const benchUrl = url && withDatabase(url, BENCH_DB);
  console.log(
    `\nNode ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${database.describe}, ${fmt(n)} customers`,
  );
  console.log(
    `${seconds} s per measurement, ${connections} concurrent requests/queries, ${fmt(keys.ecifNos.length)} random keys\n`,
  );

  // Raw lookups: a pg.Pool as large as the concurrency, from this one Node process.
  const pool = benchUrl ? new pg.Pool({ connectionString: benchUrl, max: connections }) : undefined;
  const run: Runner = pool
    ? async (text, params) => (await pool.query(text, params)).rowCount ?? 0
    : async (text, params) =>
        (await database.db.executeQuery(CompiledQuery.raw(text, params))).rows.length;
  const byNoSql = 'SELECT * FROM customer WHERE ecif_no = $1';
  const byIdSql = `SELECT * FROM customer WHERE id_no = $1 AND id_type = 'RESIDENT_ID'`;
  const rawNo = await measure(
    'raw pg by customer no',
    (s) => loadRaw(run, byNoSql, keys.ecifNos, connections, s),
    seconds,
  );
  const rawId = await measure(
    'raw pg by ID number',
    (s) => loadRaw(run, byIdSql, keys.idNos, connections, s),
    seconds,
  );
  await pool?.end();
  await closeDatabase(database); // PGlite: the server child opens the same data directory next

  const base = await startServer(benchUrl);
  try {
    await checkRoutes(base, keys);
    const byNo = (key: string) => `/api/v1/customers/${key}`;
    const byId = (key: string) => `/api/v1/customers?idType=RESIDENT_ID&idNo=${key}`;
    const httpNo = await measure(
      'HTTP by customer no',
      (s) => loadHttp(base, byNo, keys.ecifNos, connections, s),
      seconds,
    );
    const httpId = await measure(
      'HTTP by ID number',
      (s) => loadHttp(base, byId, keys.idNos, connections, s),
      seconds,
    );
    report([
      { kind: 'by customer no', raw: rawNo, http: httpNo },
      { kind: 'by ID number', raw: rawId, http: httpId },
    ]);
  } finally {
    server?.send('stop');
    if (server) await once(server, 'exit');
  }
}

if (opt.help) {
  console.log(
    'npm run bench:api -- [--customers N] [--duration S] [--connections C] [--database-url URL] [--pglite] [--reseed] [--server-pool P]',
  );
} else if (opt.serve) {
  await serve();
} else {
  await main().catch((error: unknown) => {
    console.error('\nbench:api failed:', error);
    server?.kill();
    process.exit(1);
  });
}
