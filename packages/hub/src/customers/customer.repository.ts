import type { IdentificationProbe } from '@ecif/core';
import { sql, type CompiledQuery, type Insertable, type Kysely, type Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Customer, CustomerChange, CustomerXref, DB } from '../db/schema.generated.ts';
import { BASIC_COLUMNS, sourceRefFromRow, type CustomerRow, type XrefRow } from './customer-row.ts';
import type { SourceRefView } from './customer.types.ts';

export async function findCustomerByEcifNo(
  db: Kysely<DB>,
  ecifNo: string,
): Promise<CustomerRow | undefined> {
  return db.selectFrom('customer').selectAll().where('ecif_no', '=', ecifNo).executeTakeFirst();
}

export async function findCustomerById(
  db: Kysely<DB>,
  id: string,
): Promise<CustomerRow | undefined> {
  return db.selectFrom('customer').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Row lock for the rest of the transaction: every write to a customer goes through here. */
export async function lockCustomer(db: Kysely<DB>, id: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customer').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function nextEcifSequence(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ seq: number }>`SELECT nextval('ecif_no_seq') AS seq`.execute(db);
  return Number(rows[0]?.seq);
}

export async function insertCustomer(
  db: Kysely<DB>,
  values: Insertable<Customer>,
): Promise<CustomerRow> {
  const row = await db
    .insertInto('customer')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('ecif_number')
    .values({ ecif_no: row.ecif_no, customer_id: row.id })
    .execute();
  return row;
}

export async function updateCustomerRow(
  db: Kysely<DB>,
  id: string,
  values: Updateable<Customer>,
): Promise<CustomerRow> {
  return db
    .updateTable('customer')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findXref(
  db: Kysely<DB>,
  system: string,
  customerNo: string,
): Promise<XrefRow | undefined> {
  return db
    .selectFrom('customer_xref')
    .selectAll()
    .where('source_system', '=', system)
    .where('source_customer_no', '=', customerNo)
    .executeTakeFirst();
}

export async function listXrefs(db: Kysely<DB>, customerId: string): Promise<XrefRow[]> {
  return db
    .selectFrom('customer_xref')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('linked_at')
    .orderBy('source_system')
    .execute();
}

export async function insertXref(
  db: Kysely<DB>,
  values: Insertable<CustomerXref>,
): Promise<XrefRow> {
  return db.insertInto('customer_xref').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateXref(
  db: Kysely<DB>,
  id: string,
  values: Updateable<CustomerXref>,
): Promise<void> {
  await db.updateTable('customer_xref').set(values).where('id', '=', id).execute();
}

export async function listOverrides(db: Kysely<DB>, customerId: string) {
  return db
    .selectFrom('customer_override')
    .selectAll()
    .where('customer_id', '=', customerId)
    .execute();
}

/**
 * Serializes concurrent writers that could create the same customer: they lock the same
 * identity keys (source reference, ID number, organization code) until commit, so the
 * second one sees the first one's customer instead of creating a twin.
 */
export async function lockIdentityKeys(db: Kysely<DB>, keys: readonly string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
  }
}

/** Active and deactivated customers whose columns equal every key of the probe, oldest first. */
export async function findByProbe(
  db: Kysely<DB>,
  probe: IdentificationProbe,
): Promise<{ customerIds: string[]; inactiveIds: string[] }> {
  let query = db
    .selectFrom('customer')
    .select(['id', 'status'])
    .where('status', 'in', ['active', 'inactive'])
    .where('kind', '=', probe.rule.kind);
  for (const [key, value] of Object.entries(probe.values)) {
    query =
      key === 'name'
        ? query.where('name_norm', '=', value)
        : query.where(BASIC_COLUMNS[key as keyof typeof BASIC_COLUMNS], '=', value);
  }
  const rows = await query.orderBy('created_at').orderBy('ecif_no').limit(20).execute();
  return {
    customerIds: rows.filter((r) => r.status === 'active').map((r) => r.id),
    inactiveIds: rows.filter((r) => r.status === 'inactive').map((r) => r.id),
  };
}

export async function insertSimilar(
  db: Kysely<DB>,
  rows: readonly { customerId: string; suspectId: string; ruleCode: string; tier: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('similar_customer')
    .values(
      rows.map((r) => ({
        customer_id: r.customerId,
        suspect_id: r.suspectId,
        rule_code: r.ruleCode,
        tier: r.tier,
      })),
    )
    .onConflict((oc) => oc.columns(['customer_id', 'suspect_id']).doNothing())
    .execute();
}

export async function insertChanges(
  db: Kysely<DB>,
  rows: readonly Insertable<CustomerChange>[],
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('customer_change')
      .values([...rows])
      .execute();
}

export async function ecifNosOf(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('customer')
    .select(['id', 'ecif_no'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.ecif_no]));
}

/** The light view of a customer's source references (no source values). */
export async function listSourceRefs(db: Kysely<DB>, customerId: string): Promise<SourceRefView[]> {
  const rows = await db
    .selectFrom('customer_xref')
    .select(['source_system', 'source_customer_no', 'linked_at', 'decision', 'rule_code', 'active'])
    .where('customer_id', '=', customerId)
    .orderBy('linked_at')
    .orderBy('source_system')
    .execute();
  return rows.map(sourceRefFromRow);
}

/**
 * A customer and its source references in one round trip: this is the hot path of every
 * lookup by customer number.
 */
function customerWithRefsQuery(db: Kysely<DB>, ecifNo: string) {
  return db
    .selectFrom('customer')
    .selectAll('customer')
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('customer_xref as x')
          .select([
            'x.source_system',
            'x.source_customer_no',
            'x.linked_at',
            'x.decision',
            'x.rule_code',
            'x.active',
          ])
          .whereRef('x.customer_id', '=', 'customer.id')
          .orderBy('x.linked_at')
          .orderBy('x.source_system'),
      ).as('source_refs'),
    )
    .where('customer.ecif_no', '=', ecifNo);
}

type CustomerWithRefsRow = Awaited<
  ReturnType<ReturnType<typeof customerWithRefsQuery>['executeTakeFirst']>
>;

// The SQL text does not depend on the number looked up, so it is built once per process
// (Kysely's query building is a measurable share of this hot path) and only the parameter changes.
let customerWithRefsSql: CompiledQuery | undefined;

export async function findCustomerWithRefs(
  db: Kysely<DB>,
  ecifNo: string,
): Promise<{ row: CustomerRow; sourceRefs: SourceRefView[] } | undefined> {
  customerWithRefsSql ??= customerWithRefsQuery(db, '').compile();
  const result = await db.executeQuery<NonNullable<CustomerWithRefsRow>>({
    ...customerWithRefsSql,
    parameters: [ecifNo],
  });
  const found = result.rows[0];
  if (!found) return undefined;
  const { source_refs, ...row } = found;
  return {
    row,
    sourceRefs: source_refs.map(sourceRefFromRow),
  };
}
