import {
  convertLegacyId15,
  EcifError,
  isValidEcifNo,
  normalizeIdentifier,
  normalizeMobile,
  personNameKeys,
  SUBJECT_AREAS,
  type BasicAttributes,
  type CustomerKind,
  type ExtAttributes,
  type ItemAttributes,
  type SubjectArea,
} from '@ecif/core';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.generated.ts';
import type { CustomerSummary, CustomerView, ItemView } from './customer.types.ts';
import {
  customerViewFromRow,
  itemViewFromRow,
  maskIdNo,
  type CustomerRow,
} from './customer-row.ts';
import {
  findCustomerByEcifNo,
  findCustomerById,
  findCustomerWithRefs,
  findXref,
  listSourceRefs,
} from './customer.repository.ts';
import { listItems } from './items.repository.ts';

/** Follows merges to the surviving customer (a merged-away number stays a valid alias). */
async function resolve(db: Kysely<DB>, row: CustomerRow): Promise<CustomerRow> {
  let current = row;
  for (let hops = 0; current.status === 'merged' && current.merged_into && hops < 20; hops++) {
    const next = await findCustomerById(db, current.merged_into);
    if (!next) break;
    current = next;
  }
  return current;
}

export async function getCustomer(
  db: Kysely<DB>,
  ecifNo: string,
  options: { include?: readonly SubjectArea[] } = {},
): Promise<CustomerView> {
  if (!isValidEcifNo(ecifNo)) {
    throw new EcifError('ECIF_VALIDATION', 'Not a valid ECIF customer number', {
      issues: [
        {
          field: 'ecifNo',
          code: 'ECIF_NO_FORMAT',
          message: 'must be 12 digits with a valid check digit',
          severity: 'error',
        },
      ],
    });
  }
  const found = await findCustomerWithRefs(db, ecifNo);
  if (!found) throw new EcifError('ECIF_CUSTOMER_NOT_FOUND', undefined, { ecifNo });
  const row = await resolve(db, found.row);
  const sourceRefs = row.id === found.row.id ? found.sourceRefs : await listSourceRefs(db, row.id);
  const view = customerViewFromRow(row, sourceRefs, {
    resolvedFrom: row.id === found.row.id ? undefined : ecifNo,
  });
  if (!options.include?.length) return view;
  const areas: Partial<Record<SubjectArea, ItemView[]>> = {};
  for (const area of options.include) {
    areas[area] = (await listItems(db, area, row.id)).map((r) => itemViewFromRow(area, r));
  }
  return { ...view, areas };
}

export async function getCustomerBySource(
  db: Kysely<DB>,
  system: string,
  customerNo: string,
): Promise<CustomerView> {
  const xref = await findXref(db, system, customerNo);
  if (!xref) throw new EcifError('ECIF_CUSTOMER_NOT_FOUND', undefined, { system, customerNo });
  const row = await findCustomerById(db, xref.customer_id);
  if (!row) throw new EcifError('ECIF_CUSTOMER_NOT_FOUND', undefined, { system, customerNo });
  return customerViewFromRow(row, await listSourceRefs(db, row.id));
}

export async function listAreaItems(
  db: Kysely<DB>,
  ecifNo: string,
  area: SubjectArea,
): Promise<ItemView[]> {
  const view = await getCustomer(db, ecifNo);
  const row = await findCustomerByEcifNo(db, view.ecifNo);
  if (!row) throw new EcifError('ECIF_CUSTOMER_NOT_FOUND');
  return (await listItems(db, area, row.id)).map((r) => itemViewFromRow(area, r));
}

export type SearchCriteria = {
  readonly idType?: string | undefined;
  readonly idNo?: string | undefined;
  readonly phone?: string | undefined;
  readonly accountNo?: string | undefined;
  readonly name?: string | undefined;
  readonly creditCode?: string | undefined;
  readonly kind?: CustomerKind | undefined;
  readonly includeInactive?: boolean | undefined;
  readonly limit: number;
  readonly offset: number;
};

/**
 * Lookup by ID, phone (incoming-call screen pop), account number, credit code or fuzzy name
 * (trigram similarity on the normalized name; Latin input searches pinyin and initials, so
 * "zhangw" and "zw" find 张伟). Works the same on PostgreSQL and PGlite (both have pg_trgm).
 */
export async function searchCustomers(
  db: Kysely<DB>,
  c: SearchCriteria,
): Promise<CustomerSummary[]> {
  let query = db
    .selectFrom('customer as c')
    .select(['c.ecif_no', 'c.kind', 'c.status', 'c.name', 'c.id_type', 'c.id_no', 'c.credit_code'])
    .where(
      'c.status',
      c.includeInactive ? 'in' : '=',
      c.includeInactive ? ['active', 'inactive'] : 'active',
    );
  if (c.kind) query = query.where('c.kind', '=', c.kind);
  if (c.idNo) {
    const idNo = normalizeIdentifier(c.idNo);
    // A legacy 15-digit number is stored in its 18-digit form.
    query = query.where('c.id_no', '=', /^\d{15}$/.test(idNo) ? convertLegacyId15(idNo) : idNo);
    if (c.idType) query = query.where('c.id_type', '=', c.idType);
  }
  if (c.creditCode) query = query.where('c.credit_code', '=', normalizeIdentifier(c.creditCode));
  if (c.phone) {
    const phone = normalizeMobile(c.phone) ?? c.phone.replace(/[\s()]/g, '');
    query = query.where('c.id', 'in', (eb) =>
      eb
        .selectFrom('customer_contact')
        .select('customer_id')
        .where('value', '=', phone)
        .where('removed_at', 'is', null),
    );
  }
  if (c.accountNo) {
    const accountNo = c.accountNo.normalize('NFKC').replace(/[\s-]/g, '');
    query = query.where('c.id', 'in', (eb) =>
      eb
        .selectFrom('customer_account')
        .select('customer_id')
        .where('account_no', '=', accountNo)
        .where('removed_at', 'is', null),
    );
  }
  let scored = false;
  if (c.name) {
    const text = c.name.trim();
    if (/^[a-z]+$/i.test(text)) {
      const latin = text.toLowerCase();
      query = query.where((eb) =>
        eb.or([
          eb('c.name_pinyin', 'like', `${latin}%`),
          eb('c.name_initials', 'like', `${latin}%`),
        ]),
      );
    } else {
      const key = personNameKeys(text).normalized;
      scored = true;
      query = query
        .where((eb) =>
          eb.or([
            eb('c.name_norm', 'like', `${key.replace(/[%_\\]/g, '\\$&')}%`),
            // The trigram index is on this expression (migration 2026-11-22T11-00-00).
            sql<boolean>`(c.name_norm || '') % ${key}`,
          ]),
        )
        .select(sql<number>`similarity(c.name_norm, ${key})`.as('score'))
        .orderBy('score', 'desc');
    }
  }
  const rows = await query.orderBy('c.ecif_no').limit(c.limit).offset(c.offset).execute();
  return rows.map((r) => ({
    ecifNo: r.ecif_no,
    kind: r.kind as CustomerKind,
    status: r.status as CustomerSummary['status'],
    name: r.name,
    idType: r.id_type,
    idNoMasked: maskIdNo(r.id_no),
    creditCode: r.credit_code,
    ...(scored && 'score' in r ? { score: Math.round(Number(r.score) * 1000) / 1000 } : {}),
  }));
}

export type HistoryEntry = {
  readonly id: number;
  readonly version: number;
  readonly at: string;
  readonly area: string;
  readonly itemId: string | null;
  readonly operation: string;
  readonly changedFields: readonly string[];
  readonly actor: string;
  readonly sourceSystem: string | null;
  readonly requestId: string | null;
  readonly before: unknown;
  readonly after: unknown;
};

export async function customerHistory(
  db: Kysely<DB>,
  ecifNo: string,
  page: { limit: number; offset: number },
): Promise<HistoryEntry[]> {
  const row = await requireRow(db, ecifNo);
  const rows = await db
    .selectFrom('customer_change')
    .selectAll()
    .where('customer_id', '=', row.id)
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    at: r.at.toISOString(),
    area: r.area,
    itemId: r.item_id,
    operation: r.operation,
    changedFields: r.changed_fields,
    actor: r.actor,
    sourceSystem: r.source_system,
    requestId: r.request_id,
    before: r.before,
    after: r.after,
  }));
}

export type CustomerAsOf = {
  readonly ecifNo: string;
  readonly asOf: string;
  readonly version: number;
  readonly status: string;
  readonly attributes: BasicAttributes;
  readonly ext: ExtAttributes;
  readonly contacts: readonly { id: string; values: ItemAttributes }[];
  readonly events: readonly { id: string; values: ItemAttributes }[];
};

/**
 * The customer as it was at `asOf` (R-E6): the basic area, contacts and touch points are
 * replayed from the change log; other areas keep only their latest state.
 */
export async function customerAsOf(
  db: Kysely<DB>,
  ecifNo: string,
  asOf: Date,
): Promise<CustomerAsOf> {
  const row = await requireRow(db, ecifNo);
  const { rows } = await sql<{
    area: string;
    item_id: string | null;
    operation: string;
    after: unknown;
    version: number;
  }>`
    SELECT DISTINCT ON (area, item_id) area, item_id, operation, after, version
    FROM customer_change
    WHERE customer_id = ${row.id} AND at <= ${asOf} AND area IN ('basic', 'contacts', 'events')
    ORDER BY area, item_id, at DESC, id DESC`.execute(db);
  const basic = rows.find((r) => r.area === 'basic');
  if (!basic) {
    throw new EcifError(
      'ECIF_CUSTOMER_NOT_FOUND',
      `Customer ${ecifNo} did not exist at ${asOf.toISOString()}`,
      { ecifNo },
    );
  }
  const snapshot = basic.after as {
    status: string;
    attributes: BasicAttributes;
    ext: ExtAttributes;
  };
  const items = (area: string) =>
    rows
      .filter((r) => r.area === area && r.operation !== 'remove' && r.after !== null)
      .map((r) => ({ id: String(r.item_id), values: r.after as ItemAttributes }));
  const { rows: versionRows } = await sql<{ version: number }>`
    SELECT max(version) AS version FROM customer_change WHERE customer_id = ${row.id} AND at <= ${asOf}`.execute(
    db,
  );
  return {
    ecifNo: row.ecif_no,
    asOf: asOf.toISOString(),
    version: versionRows[0]?.version ?? basic.version,
    status: snapshot.status,
    attributes: snapshot.attributes,
    ext: snapshot.ext,
    contacts: items('contacts'),
    events: items('events'),
  };
}

/**
 * The customer row of exactly this number, without following merges: the history of a
 * merged-away number is its own trail up to the merge.
 */
async function requireRow(db: Kysely<DB>, ecifNo: string): Promise<CustomerRow> {
  const row = isValidEcifNo(ecifNo) ? await findCustomerByEcifNo(db, ecifNo) : undefined;
  if (!row) throw new EcifError('ECIF_CUSTOMER_NOT_FOUND', undefined, { ecifNo });
  return row;
}

export const AREA_LABELS = Object.fromEntries(
  Object.entries(SUBJECT_AREAS).map(([area, def]) => [area, def.label]),
);
