import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  splitterFor,
  isEcifError,
  LineSplitter,
  mapRecord,
  parseSourceMapping,
  type SourceMapping,
} from '@ecif/core';
import {
  createOrIdentify,
  createReferenceStore,
  loadFile,
  unlinkSource,
  type Database,
} from '@ecif/hub';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../packages/hub/test/test-database.ts';

// The batch loader applies records set-based, a chunk at a time; the online service applies
// them one by one. Fed the same synthetic extracts (with their duplicates, typos, variants and
// family members), both must end with the same customers: the same source records grouped
// together, the same golden values, the same similar-customer pairs.

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ecif-equiv-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ctx = { actor: 'test', requestId: 'equivalence' };
const SYSTEMS = ['CORE', 'LOAN', 'CARD', 'WEALTH', 'CORP'];

/** The online path: every data line through create-or-identify (or unlink), in file order. */
async function applyOneByOne(database: Database, mapping: SourceMapping, path: string) {
  const reference = createReferenceStore(database.db);
  const ref = await reference.get();
  const split = splitterFor(mapping);
  const splitter = new LineSplitter();
  const lines = [...splitter.push(readFileSync(path))];
  const tail = splitter.end();
  if (tail) lines.push(tail);
  const first = mapping.header?.type && mapping.header.type !== 'none' ? 1 : 0;
  const last = mapping.trailer?.type === 'control' ? lines.length - 1 : lines.length;
  for (const line of lines.slice(first, last)) {
    const fields = split(line.bytes);
    if (!fields.ok) continue;
    const mapped = mapRecord(mapping, fields.fields, new Date());
    if (!mapped.ok) continue;
    const { record } = mapped;
    const kind = record.kind;
    if (!kind) continue;
    const source = { system: mapping.system, customerNo: record.sourceCustomerNo };
    try {
      if (record.operation && ['D', 'DELETE'].includes(record.operation.toUpperCase())) {
        await unlinkSource(database.db, ref, source, ctx);
        continue;
      }
      await createOrIdentify(
        database.db,
        ref,
        {
          kind,
          source,
          attributes: record.attributes,
          ext: record.ext,
          areas: record.areas,
        },
        ctx,
      );
    } catch (error) {
      if (!isEcifError(error) || error.status >= 500) throw error;
    }
  }
}

/** Customers keyed by their sorted source records, with their golden values. */
async function outcome(database: Database) {
  const { rows } = await sql<{
    refs: string;
    status: string;
    name: string;
    id_type: string | null;
    id_no: string | null;
    gender: string | null;
    birth_date: string | null;
    org_code: string | null;
    credit_code: string | null;
    ext: unknown;
    completeness: number;
    contacts: number;
    addresses: number;
    accounts: number;
  }>`
    SELECT string_agg(x.source_system || ':' || x.source_customer_no || ':' || x.active, ','
                      ORDER BY x.source_system, x.source_customer_no) AS refs,
           c.status, c.name, c.id_type, c.id_no, c.gender, c.birth_date::text AS birth_date,
           c.org_code, c.credit_code, c.ext, c.completeness,
           (SELECT count(*) FROM customer_contact t WHERE t.customer_id = c.id AND t.removed_at IS NULL)::int AS contacts,
           (SELECT count(*) FROM customer_address t WHERE t.customer_id = c.id AND t.removed_at IS NULL)::int AS addresses,
           (SELECT count(*) FROM customer_account t WHERE t.customer_id = c.id AND t.removed_at IS NULL)::int AS accounts
    FROM customer c JOIN customer_xref x ON x.customer_id = c.id
    GROUP BY c.id ORDER BY 1`.execute(database.db);
  const { rows: pairs } = await sql<{ pair: string }>`
    SELECT (SELECT string_agg(x.source_system || ':' || x.source_customer_no, ','
                              ORDER BY x.source_system, x.source_customer_no)
            FROM customer_xref x WHERE x.customer_id = s.customer_id)
           || ' ~ ' ||
           (SELECT string_agg(x.source_system || ':' || x.source_customer_no, ','
                              ORDER BY x.source_system, x.source_customer_no)
            FROM customer_xref x WHERE x.customer_id = s.suspect_id) || ' ' || s.rule_code AS pair
    FROM similar_customer s ORDER BY 1`.execute(database.db);
  return { customers: rows, similar: pairs.map((p) => p.pair) };
}

describe('set-based batch loading', () => {
  it('ends with exactly the customers the online one-by-one path makes from the same extracts', async () => {
    const dir = join(root, 'synth');
    const synth = spawnSync(
      process.execPath,
      [MAIN, 'synth', '--people', '700', '--companies', '60', '--out', dir, '--seed', '5'],
      { encoding: 'utf8' },
    );
    expect(synth.status).toBe(0);
    const files = readdirSync(dir);
    const bulk = await createTestDatabase();
    const online = await createTestDatabase();
    try {
      for (const system of SYSTEMS) {
        const mapping = JSON.parse(readFileSync(join(dir, `${system}.mapping.json`), 'utf8'));
        const parsed = parseSourceMapping(mapping);
        if (!parsed.ok) throw new Error(`bad mapping ${system}`);
        const file = files.find((f) => new RegExp(`^${system}_\\d+\\.dat$`).test(f));
        expect(file).toBeDefined();
        const path = join(dir, file ?? '');
        const loaded = await loadFile(
          bulk.db,
          createReferenceStore(bulk.db),
          // Small chunks so that duplicates and relatives fall both within and across chunks.
          { system, mapping, filePath: path, mode: 'delta', tuning: { applyChunk: 97 } },
          ctx,
        );
        expect(loaded.job.status).toBe('succeeded');
        await applyOneByOne(online, parsed.mapping, path);
      }
      const expected = await outcome(online);
      const actual = await outcome(bulk);
      expect(actual.customers.length).toBeGreaterThan(700);
      expect(actual.customers.filter((c) => c.refs.includes(',')).length).toBeGreaterThan(100);
      expect(actual.customers).toEqual(expected.customers);
      expect(actual.similar).toEqual(expected.similar);
    } finally {
      await bulk.drop();
      await online.drop();
    }
  }, 600_000);
});
