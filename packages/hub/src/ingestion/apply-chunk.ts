import { randomUUID } from 'node:crypto';
import {
  columnName,
  decideIdentification,
  formatEcifNo,
  identificationProbes,
  SUBJECT_AREAS,
  type BasicAttributes,
  type CustomerKind,
  type ExtAttributes,
  type IdentificationProbe,
  type Issue,
  type ItemAttributes,
  type ManualOverride,
  type ProbeHits,
  type SubjectArea,
} from '@ecif/core';
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { OpContext } from '../context.ts';
import {
  BASIC_COLUMNS,
  itemViewFromRow,
  type CustomerRow,
  type XrefRow,
} from '../customers/customer-row.ts';
import { computeGolden, overrideFromRow } from '../customers/golden-record.service.ts';
import { type ItemRow as StoredItem } from '../customers/items.repository.ts';
import { sameValues } from '../customers/items.service.ts';
import { nameColumns } from '../customers/name-keys.ts';
import { reidentify } from '../customers/reidentify.ts';
import { sourceState } from '../customers/source-values.ts';
import { basicSnapshot, commitSession, openSession } from '../customers/write-session.ts';
import { copyText, type Copier } from '../db/bulk-copy.ts';
import {
  copyRecords,
  updateRecordset,
  type ColumnFormats,
  type RowValues,
} from '../db/recordset.ts';
import type { CustomerChange, CustomerOverride, DB } from '../db/schema.generated.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import type { StagedRecord } from './standardize-record.ts';

export interface StagedRow {
  readonly line_no: number;
  readonly source_customer_no: string;
  readonly record: StagedRecord;
  readonly raw: string;
}

export interface ChunkOutcome {
  created: number;
  linked: number;
  updated: number;
  rejects: { lineNo: number; raw: string; sourceNo: string; reasons: Issue[] }[];
  /** Milliseconds spent identifying (lookups and decisions) and building golden records. */
  identifyMs: number;
  goldenMs: number;
}

type ItemRow = StoredItem & { customer_id: string };

interface Touched {
  row: CustomerRow;
  readonly isNew: boolean;
  /** Every source reference as it will be after this chunk. */
  xrefs: XrefRow[];
  overrides: ManualOverride[];
  readonly items: Map<string, { area: SubjectArea; itemKey: string; values: ItemAttributes }>;
  readonly changes: Omit<Insertable<CustomerChange>, 'version' | 'customer_id'>[];
  /** Updated by a source already known: its identity may have moved (reidentify, as online). */
  sourceUpdated: boolean;
}

const XREF_JSON = new Set(['attributes', 'attribute_times', 'derived', 'ext', 'warnings']);
const CUSTOMER_JSON = new Set(['ext', 'lineage', 'quality_issues']);
const CHANGE_FORMATS: ColumnFormats = {
  json: new Set(['before', 'after']),
  textArray: new Set(['changed_fields']),
};
const CUSTOMER_FORMATS: ColumnFormats = {
  json: CUSTOMER_JSON,
  textArray: new Set(['missing_items']),
};
const XREF_COLUMNS = [
  'id',
  'source_system',
  'source_customer_no',
  'customer_id',
  'attributes',
  'attribute_times',
  'derived',
  'ext',
  'warnings',
  'decision',
  'rule_code',
  'linked_by',
  'request_id',
  'active',
  'linked_at',
  'unlinked_at',
  'updated_at',
] as const;
const XREF_UPDATE_COLUMNS = [
  'attributes',
  'attribute_times',
  'derived',
  'ext',
  'warnings',
  'active',
  'unlinked_at',
  'updated_at',
] as const;
const GOLDEN_COLUMNS = [
  ...Object.values(BASIC_COLUMNS),
  'name_norm',
  'name_simplified',
  'name_pinyin',
  'name_initials',
  'lineage',
  'ext',
  'quality_issues',
  'completeness',
  'missing_items',
] as const;
const CUSTOMER_INSERT_COLUMNS = [
  'id',
  'ecif_no',
  'kind',
  'version',
  'created_at',
  'updated_at',
  ...GOLDEN_COLUMNS,
];
const IDENTITY_COLUMNS = [
  'id_type',
  'id_no',
  'name_norm',
  'org_code',
  'business_licence_no',
  'loan_card_no',
  'tax_reg_no',
  'account_permit_no',
] as const;
const CHANGE_COLUMNS = [
  'customer_id',
  'version',
  'actor',
  'source_system',
  'request_id',
  'area',
  'operation',
  'item_id',
  'before',
  'after',
  'changed_fields',
] as const;

/**
 * Applies a chunk of staged upserts of one source system in one transaction, set-based: one
 * lookup per kind of fact (cross-references, each identification tier, customers, sources,
 * overrides, items) and one write per table, instead of a dozen round trips per record. The
 * decisions are the online ones, record by record in file order: a known source record updates
 * its customer, otherwise the identification tiers decide between linking to an existing
 * customer and creating one (customers created earlier in the chunk count as existing); then
 * every touched customer's golden record is rebuilt once by the same survivorship as online,
 * and a customer whose identity moved is re-identified (and merged) exactly as online.
 */
export async function applyChunk(
  trx: Kysely<DB>,
  ref: ReferenceData,
  system: string,
  rows: readonly StagedRow[],
  ctx: OpContext,
  copy: Copier,
  options: { updatableFields?: ReadonlySet<string> | undefined; clock?: RecordClock } = {},
): Promise<ChunkOutcome> {
  const clock = options.clock ?? createRecordClock();
  const started = performance.now();
  const outcome: ChunkOutcome = {
    created: 0,
    linked: 0,
    updated: 0,
    rejects: [],
    identifyMs: 0,
    goldenMs: 0,
  };
  const now = new Date();
  await lockKeys(trx, system, rows);

  const xrefs = new Map<string, XrefRow>();
  for (const x of await selectXrefs(trx, system, [
    ...new Set(rows.map((r) => r.source_customer_no)),
  ]))
    xrefs.set(x.source_customer_no, x);
  const known = await lockCustomers(trx, [
    ...new Set([...xrefs.values()].map((x) => x.customer_id)),
  ]);
  const probesOf = new Map<number, IdentificationProbe[]>();
  for (const r of rows) {
    if (xrefs.has(r.source_customer_no)) continue;
    const { kind, attributes, nameKey } = r.record;
    probesOf.set(
      r.line_no,
      identificationProbes(kind, attributes, nameKey, ref.identificationRules),
    );
  }
  const dbHits = await findProbeHits(trx, [...probesOf.values()].flat());

  const touched = new Map<string, Touched>();
  const dirtyXrefs = new Set<string>();
  const newXrefs: XrefRow[] = [];
  const similar: { customer_id: string; suspect_id: string; rule_code: string; tier: number }[] =
    [];
  // Customers created in this chunk, by the identification key they would be found by.
  const created = new Map<string, string[]>();
  const touch = (customerId: string): Touched => {
    let t = touched.get(customerId);
    if (!t) {
      const row = known.get(customerId);
      t = {
        row: row ?? placeholderRow(customerId),
        isNew: false,
        xrefs: [],
        overrides: [],
        items: new Map(),
        changes: [],
        sourceUpdated: false,
      };
      touched.set(customerId, t);
    }
    return t;
  };
  const addItems = (t: Touched, record: StagedRecord) => {
    for (const batch of record.areas)
      for (const item of batch.items)
        t.items.set(`${batch.area}\u0000${item.itemKey}`, { area: batch.area, ...item });
  };

  for (const r of rows) {
    const { record } = r;
    const std = { ...record, errors: [] };
    const existing = xrefs.get(r.source_customer_no);
    if (existing) {
      const customer = known.get(existing.customer_id);
      if (customer?.status === 'inactive') {
        outcome.rejects.push(inactiveReject(r, customer));
        continue;
      }
      const t = touch(existing.customer_id);
      const given = restrictTo(std, options.updatableFields);
      const times = { ...(existing.attribute_times as Record<string, string>) };
      const values = sourceState(
        given,
        clock(),
        times,
        existing.attributes as BasicAttributes,
        existing.ext as ExtAttributes,
      );
      const next: XrefRow = {
        ...existing,
        ...(values as unknown as Pick<
          XrefRow,
          'attributes' | 'attribute_times' | 'derived' | 'ext'
        >),
        warnings: record.warnings as never,
        active: true,
        unlinked_at: null,
        updated_at: now,
      };
      xrefs.set(r.source_customer_no, next);
      if (!newXrefs.includes(existing)) dirtyXrefs.add(r.source_customer_no);
      else newXrefs[newXrefs.indexOf(existing)] = next;
      t.sourceUpdated ||= !t.isNew;
      addItems(t, record);
      outcome.updated++;
      continue;
    }
    const probes = probesOf.get(r.line_no) ?? [];
    const hits: ProbeHits[] = probes.map((probe) => {
      const found = dbHits.get(probeKey(probe)) ?? { active: [], inactive: [] };
      return {
        probe,
        customerIds: [...found.active, ...(created.get(probeKey(probe)) ?? [])],
        inactiveIds: found.inactive,
      };
    });
    const decision = decideIdentification(hits);
    let customerId: string;
    if (decision.outcome === 'identified') {
      customerId = decision.customerId;
      outcome.linked++;
    } else {
      customerId = randomUUID();
      touched.set(customerId, {
        row: newCustomerRow(customerId, record.kind, String(record.attributes.name), now),
        isNew: true,
        xrefs: [],
        overrides: [],
        items: new Map(),
        changes: [],
        sourceUpdated: false,
      });
      outcome.created++;
    }
    const t = touch(customerId);
    const values = sourceState(std, clock(), {}) as unknown as Pick<
      XrefRow,
      'attributes' | 'attribute_times' | 'derived' | 'ext'
    >;
    const xref: XrefRow = {
      id: randomUUID(),
      source_system: system,
      source_customer_no: r.source_customer_no,
      customer_id: customerId,
      ...values,
      warnings: record.warnings as never,
      decision: decision.outcome === 'identified' ? 'identified' : 'created',
      rule_code: decision.outcome === 'identified' ? decision.rule.code : null,
      linked_by: ctx.actor,
      request_id: `${ctx.requestId}:${r.line_no}`,
      active: true,
      linked_at: now,
      unlinked_at: null,
      updated_at: now,
    };
    xrefs.set(r.source_customer_no, xref);
    newXrefs.push(xref);
    if (decision.outcome === 'identified') {
      t.changes.push({
        area: 'xref',
        item_id: null,
        operation: 'link',
        before: null,
        after: JSON.stringify({
          system,
          customerNo: r.source_customer_no,
          decision: 'identified',
          rule: decision.rule.code,
        }),
        changed_fields: [],
        actor: ctx.actor,
        source_system: system,
        request_id: xref.request_id,
      });
    }
    for (const s of decision.suspects)
      similar.push({
        customer_id: customerId,
        suspect_id: s.customerId,
        rule_code: s.rule.code,
        tier: s.rule.tier,
      });
    addItems(t, record);
    if (t.isNew) indexCreated(created, ref, t.row.kind as CustomerKind, record, customerId);
  }
  outcome.identifyMs = performance.now() - started;

  const goldenStarted = performance.now();
  await loadTouched(trx, touched, known, xrefs);
  const items = await planItems(trx, touched, system, ctx, now);
  const numbers = await allocateNumbers(trx, [...touched.values()].filter((t) => t.isNew).length);
  const inserts: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const changes: Record<string, unknown>[] = [];
  const reidentifyIds: string[] = [];
  for (const [id, t] of touched) {
    if (t.isNew)
      t.row = { ...t.row, ecif_no: formatEcifNo(t.row.kind as CustomerKind, numbers.shift() ?? 0) };
    const golden = computeGolden(ref, t.row, {
      xrefs: t.xrefs,
      overrides: t.overrides,
      hasContact: items.hasContact.has(id),
      hasAddress: items.hasAddress.has(id),
    });
    const before = basicSnapshot(t.row);
    const after: CustomerRow = { ...t.row, ...(golden.update as Partial<CustomerRow>) };
    after.ext = JSON.parse(golden.update.ext as string) as never;
    if (golden.changedFields.length > 0 || t.isNew) {
      t.changes.push({
        area: 'basic',
        item_id: id,
        operation: t.isNew ? 'create' : 'update',
        before: t.isNew ? null : JSON.stringify(before),
        after: JSON.stringify(basicSnapshot(after)),
        changed_fields: t.isNew ? Object.keys(golden.attributes) : golden.changedFields,
        actor: ctx.actor,
        source_system: system,
        request_id: ctx.requestId,
      });
    }
    const version = t.isNew ? 1 : t.changes.length > 0 ? t.row.version + 1 : t.row.version;
    for (const c of t.changes) changes.push({ ...c, customer_id: id, version });
    const goldenRow = { ...golden.update, id };
    if (t.isNew) {
      inserts.push({
        ...goldenRow,
        ecif_no: t.row.ecif_no,
        kind: t.row.kind,
        version,
        created_at: now,
        updated_at: now,
      });
    } else if (t.changes.length > 0) {
      updates.push({ ...goldenRow, version, updated_at: now });
      if (
        t.sourceUpdated &&
        IDENTITY_COLUMNS.some((c) => t.row[c] !== (after as Record<string, unknown>)[c])
      )
        reidentifyIds.push(id);
    }
  }

  const write = (
    table: string,
    columns: readonly string[],
    rows: readonly RowValues[],
    formats?: ColumnFormats,
  ) =>
    rows.length === 0
      ? Promise.resolve()
      : copy(table, columns, copyText(copyRecords(rows, columns, formats)));
  await write('customer', CUSTOMER_INSERT_COLUMNS, inserts, CUSTOMER_FORMATS);
  await write(
    'ecif_number',
    ['ecif_no', 'customer_id'],
    inserts.map((c) => ({ ecif_no: c.ecif_no, customer_id: c.id })),
  );
  await updateRecordset(
    trx,
    'customer',
    'id',
    [...GOLDEN_COLUMNS, 'version', 'updated_at'],
    updates,
    CUSTOMER_JSON,
  );
  await write('customer_xref', XREF_COLUMNS, newXrefs, { json: XREF_JSON });
  await updateRecordset(
    trx,
    'customer_xref',
    'id',
    XREF_UPDATE_COLUMNS,
    [...dirtyXrefs].map((no) => xrefs.get(no) as XrefRow),
    XREF_JSON,
  );
  for (const [area, rowsOf] of items.inserts) {
    await write(SUBJECT_AREAS[area].table, itemColumns(area, true), rowsOf);
  }
  for (const [area, rowsOf] of items.updates) {
    await updateRecordset(trx, SUBJECT_AREAS[area].table, 'id', itemColumns(area, false), rowsOf);
  }
  await write('customer_change', CHANGE_COLUMNS, changes, CHANGE_FORMATS);
  await insertSimilar(trx, similar);
  for (const id of reidentifyIds) {
    const session = await openSession(trx, ref, ctx, id, { sourceSystem: system });
    await reidentify(session, ctx, 'merge');
    await commitSession(session);
  }
  outcome.goldenMs = performance.now() - goldenStarted;
  return outcome;
}

/** When each record's values were received: strictly increasing, microsecond precision. */
export type RecordClock = () => string;

/**
 * Online, each record gets its own receive time, so of two records in one file the later one is
 * the "most recent" for survivorship. A chunk applies thousands of records within one
 * millisecond, so their times are spaced a microsecond apart (ISO 8601 with six decimals, which
 * sorts after the millisecond form of the same instant) and never run ahead of the real clock
 * by more than one microsecond per record applied faster than that.
 */
export function createRecordClock(): RecordClock {
  let last = 0;
  return () => {
    const micros = Math.max(Date.now() * 1000, last + 1);
    last = micros;
    const iso = new Date(Math.floor(micros / 1000)).toISOString();
    return `${iso.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`;
  };
}

/**
 * The same advisory locks as the online create-or-identify takes, all at once and in one
 * order, so a concurrent online request for the same person waits instead of making a twin.
 */
async function lockKeys(trx: Kysely<DB>, system: string, rows: readonly StagedRow[]) {
  const keys = new Set<string>();
  for (const r of rows) {
    keys.add(`src:${system}:${r.source_customer_no}`);
    const { idNo, orgCode } = r.record.attributes;
    if (idNo !== undefined) keys.add(`id:${String(idNo)}`);
    if (orgCode !== undefined) keys.add(`org:${String(orgCode)}`);
  }
  await sql`
    SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
    FROM (SELECT k FROM unnest(${[...keys].sort()}::text[]) AS k ORDER BY k) AS sorted`.execute(
    trx,
  );
}

async function selectXrefs(trx: Kysely<DB>, system: string, numbers: readonly string[]) {
  const { rows } = await sql<XrefRow>`
    SELECT * FROM customer_xref
    WHERE source_system = ${system} AND source_customer_no = ANY(${numbers}::text[])`.execute(trx);
  return rows;
}

async function lockCustomers(trx: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, CustomerRow>();
  const { rows } = await sql<CustomerRow>`
    SELECT * FROM customer WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`.execute(trx);
  return new Map(rows.map((r) => [r.id, r]));
}

function probeKey(probe: IdentificationProbe): string {
  return `${probe.rule.code}|${probe.rule.kind}|${probe.rule.keys.map((k) => probe.values[k]).join('\u0000')}`;
}

/** Every probe of the chunk, one query per identification rule. */
async function findProbeHits(trx: Kysely<DB>, probes: readonly IdentificationProbe[]) {
  const hits = new Map<string, { active: string[]; inactive: string[] }>();
  const byRule = new Map<string, { probe: IdentificationProbe; tuples: Map<string, string[]> }>();
  for (const probe of probes) {
    const ruleKey = `${probe.rule.code}|${probe.rule.kind}`;
    let entry = byRule.get(ruleKey);
    if (!entry) byRule.set(ruleKey, (entry = { probe, tuples: new Map() }));
    entry.tuples.set(
      probeKey(probe),
      probe.rule.keys.map((k) => probe.values[k] ?? ''),
    );
  }
  for (const { probe, tuples } of byRule.values()) {
    const keys = probe.rule.keys;
    const columns = keys.map((k) => (k === 'name' ? 'name_norm' : BASIC_COLUMNS[k]));
    const arrays = keys.map((_, i) => [...tuples.values()].map((t) => t[i] ?? ''));
    // A join from the chunk's values (not IN over a subquery) so each tuple is one index probe.
    const { rows } = await sql<Record<string, string>>`
      SELECT c.id, c.status, ${sql.join(columns.map((c) => sql`c.${sql.id(c)}::text AS ${sql.id(c)}`))}
      FROM unnest(${sql.join(arrays.map((a) => sql`${a}::text[]`))}) AS p(${sql.join(keys.map((_, i) => sql.id(`k${i}`)))})
      JOIN customer AS c ON ${sql.join(
        columns.map((c, i) => sql`c.${sql.id(c)} = p.${sql.id(`k${i}`)}`),
        sql` AND `,
      )}
      WHERE c.kind = ${probe.rule.kind} AND c.status IN ('active', 'inactive')
      ORDER BY c.created_at, c.ecif_no`.execute(trx);
    for (const row of rows) {
      const key = `${probe.rule.code}|${probe.rule.kind}|${columns.map((c) => row[c]).join('\u0000')}`;
      let found = hits.get(key);
      if (!found) hits.set(key, (found = { active: [], inactive: [] }));
      const list = row.status === 'active' ? found.active : found.inactive;
      // The online lookup reads at most 20 matches per probe.
      if (found.active.length + found.inactive.length < 20) list.push(String(row.id));
    }
  }
  return hits;
}

/** A new customer can be found by later records of the chunk through its own keys. */
function indexCreated(
  created: Map<string, string[]>,
  ref: ReferenceData,
  kind: CustomerKind,
  record: StagedRecord,
  customerId: string,
) {
  for (const probe of identificationProbes(
    kind,
    record.attributes,
    record.nameKey,
    ref.identificationRules,
  )) {
    const key = probeKey(probe);
    const list = created.get(key) ?? [];
    if (!list.includes(customerId)) list.push(customerId);
    created.set(key, list);
  }
}

function restrictTo<T extends { attributes: BasicAttributes; ext: ExtAttributes }>(
  std: T,
  allowed: ReadonlySet<string> | undefined,
): T {
  if (!allowed) return std;
  const attributes: BasicAttributes = {};
  for (const [field, value] of Object.entries(std.attributes))
    if (allowed.has(`attributes.${field}`)) (attributes as Record<string, unknown>)[field] = value;
  const ext: ExtAttributes = {};
  for (const [name, value] of Object.entries(std.ext))
    if (allowed.has(`ext.${name}`)) ext[name] = value;
  return { ...std, attributes, ext };
}

function inactiveReject(r: StagedRow, customer: CustomerRow) {
  return {
    lineNo: r.line_no,
    raw: r.raw,
    sourceNo: r.source_customer_no,
    reasons: [
      {
        field: 'record',
        code: 'ECIF_CUSTOMER_INACTIVE',
        message: `customer ${customer.ecif_no} is deactivated`,
        severity: 'error' as const,
      },
    ],
  };
}

function placeholderRow(id: string): CustomerRow {
  return { id } as CustomerRow;
}

function newCustomerRow(id: string, kind: CustomerKind, name: string, now: Date): CustomerRow {
  const row: Record<string, unknown> = {
    id,
    kind,
    status: 'active',
    version: 1,
    ext: {},
    lineage: {},
    quality_issues: [],
    completeness: 0,
    missing_items: [],
    merged_into: null,
    deactivated_at: null,
    deactivation_reason: null,
    created_at: now,
    updated_at: now,
    ecif_no: '',
    ...nameColumns(kind, name),
  };
  for (const column of Object.values(BASIC_COLUMNS)) row[column] ??= null;
  row.name = name;
  return row as CustomerRow;
}

/** Rows, sources and overrides of the existing customers the chunk touched. */
async function loadTouched(
  trx: Kysely<DB>,
  touched: Map<string, Touched>,
  known: Map<string, CustomerRow>,
  chunkXrefs: Map<string, XrefRow>,
) {
  const existing = [...touched.values()].filter((t) => !t.isNew).map((t) => t.row.id);
  const missing = existing.filter((id) => !known.has(id));
  for (const [id, row] of await lockCustomers(trx, missing)) known.set(id, row);
  const { rows: stored } = existing.length
    ? await sql<XrefRow>`
        SELECT * FROM customer_xref WHERE customer_id = ANY(${existing}::uuid[])
        ORDER BY linked_at, source_system`.execute(trx)
    : { rows: [] as XrefRow[] };
  const { rows: overrides } = existing.length
    ? await sql<Selectable<CustomerOverride>>`
        SELECT * FROM customer_override WHERE customer_id = ANY(${existing}::uuid[])`.execute(trx)
    : { rows: [] as Selectable<CustomerOverride>[] };
  const current = new Map<string, XrefRow>();
  for (const x of chunkXrefs.values()) current.set(x.id, x);
  for (const x of stored) {
    const t = touched.get(x.customer_id);
    if (t) t.xrefs.push(current.get(x.id) ?? x);
    current.delete(x.id);
  }
  // Links made in this chunk, in the order they were made.
  for (const x of current.values()) touched.get(x.customer_id)?.xrefs.push(x);
  for (const o of overrides) touched.get(o.customer_id)?.overrides.push(overrideFromRow(o));
  for (const t of touched.values()) if (!t.isNew) t.row = known.get(t.row.id) ?? t.row;
}

interface ItemPlan {
  inserts: Map<SubjectArea, Record<string, unknown>[]>;
  updates: Map<SubjectArea, Record<string, unknown>[]>;
  hasContact: Set<string>;
  hasAddress: Set<string>;
}

function itemColumns(area: SubjectArea, insert: boolean): string[] {
  const fields = Object.keys(SUBJECT_AREAS[area].fields).map(columnName);
  return insert
    ? ['id', 'customer_id', 'item_key', 'source_system', ...fields]
    : ['item_key', 'source_system', ...fields, 'updated_at'];
}

/**
 * The items the chunk's records carry, against what the customers hold: a new natural key is
 * added, a changed one updated, an unchanged one left alone (online semantics: a source leaving
 * an item out never removes it). Also which customers will have a contact and an address.
 */
async function planItems(
  trx: Kysely<DB>,
  touched: Map<string, Touched>,
  system: string,
  ctx: OpContext,
  now: Date,
): Promise<ItemPlan> {
  const plan: ItemPlan = {
    inserts: new Map(),
    updates: new Map(),
    hasContact: new Set(),
    hasAddress: new Set(),
  };
  const existingIds = [...touched.values()].filter((t) => !t.isNew).map((t) => t.row.id);
  const areas = new Set<SubjectArea>(['contacts', 'addresses']);
  for (const t of touched.values()) for (const item of t.items.values()) areas.add(item.area);
  for (const area of areas) {
    const held = new Map<string, ItemRow>();
    if (existingIds.length > 0) {
      const { rows } = await sql<ItemRow>`
        SELECT * FROM ${sql.table(SUBJECT_AREAS[area].table)}
        WHERE customer_id = ANY(${existingIds}::uuid[]) AND removed_at IS NULL`.execute(trx);
      for (const row of rows) {
        held.set(`${row.customer_id}\u0000${row.item_key}`, row);
        if (area === 'contacts') plan.hasContact.add(row.customer_id);
        if (area === 'addresses') plan.hasAddress.add(row.customer_id);
      }
    }
    const inserts: Record<string, unknown>[] = [];
    const updates: Record<string, unknown>[] = [];
    for (const [customerId, t] of touched) {
      for (const item of t.items.values()) {
        if (item.area !== area) continue;
        if (area === 'contacts') plan.hasContact.add(customerId);
        if (area === 'addresses') plan.hasAddress.add(customerId);
        const existing = held.get(`${customerId}\u0000${item.itemKey}`);
        if (existing && sameValues(area, existing, item.values)) continue;
        const columns: Record<string, unknown> = { item_key: item.itemKey, source_system: system };
        for (const field of Object.keys(SUBJECT_AREAS[area].fields))
          columns[columnName(field)] = item.values[field] ?? null;
        const id = existing?.id ?? randomUUID();
        const row = {
          ...existing,
          ...columns,
          id,
          customer_id: customerId,
          created_at: existing?.created_at ?? now,
          updated_at: now,
        };
        if (existing) updates.push(row);
        else inserts.push(row);
        const before = existing ? itemViewFromRow(area, existing).values : undefined;
        const after = itemViewFromRow(area, row).values;
        t.changes.push({
          area,
          item_id: id,
          operation: existing ? 'update' : 'create',
          before: before ? JSON.stringify(before) : null,
          after: JSON.stringify(after),
          changed_fields: before
            ? Object.keys(SUBJECT_AREAS[area].fields).filter(
                (f) => String(before[f] ?? '') !== String(after[f] ?? ''),
              )
            : Object.keys(after),
          actor: ctx.actor,
          source_system: system,
          request_id: ctx.requestId,
        });
      }
    }
    if (inserts.length > 0) plan.inserts.set(area, inserts);
    if (updates.length > 0) plan.updates.set(area, updates);
  }
  return plan;
}

async function allocateNumbers(trx: Kysely<DB>, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await sql<{ seq: number }>`
    SELECT nextval('ecif_no_seq') AS seq FROM generate_series(1, ${count}::int)`.execute(trx);
  return rows.map((r) => Number(r.seq));
}

async function insertSimilar(
  trx: Kysely<DB>,
  rows: readonly { customer_id: string; suspect_id: string; rule_code: string; tier: number }[],
) {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO similar_customer (customer_id, suspect_id, rule_code, tier)
    SELECT customer_id, suspect_id, rule_code, tier
    FROM jsonb_populate_recordset(NULL::similar_customer, ${JSON.stringify(rows)}::jsonb)
    ON CONFLICT (customer_id, suspect_id) DO NOTHING`.execute(trx);
}
