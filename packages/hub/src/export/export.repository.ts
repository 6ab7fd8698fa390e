import { sql, type Kysely } from 'kysely';
import type { Customer, DB } from '../db/schema.generated.ts';

/** Which golden records an export writes. */
export interface CustomerExportFilter {
  /** Only customers changed at or after this instant (`--since`); absent = all (`--full`). */
  readonly since?: Date | undefined;
  /** Only this kind (a mapping whose `kind` applies to every record). */
  readonly kind?: string | undefined;
}

export type ExportCustomerRow = Record<string, unknown> & { id: string; ecif_no: string };

function activeCustomers(db: Kysely<DB>, filter: CustomerExportFilter) {
  let query = db.selectFrom('customer').where('status', '=', 'active');
  if (filter.since) query = query.where('updated_at', '>=', filter.since);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  return query;
}

export async function countExportCustomers(
  db: Kysely<DB>,
  filter: CustomerExportFilter,
): Promise<number> {
  const row = await activeCustomers(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One page of active customers after `afterEcifNo`, in ECIF number order (keyset pagination). */
export async function listExportCustomers(
  db: Kysely<DB>,
  filter: CustomerExportFilter,
  columns: readonly (keyof Customer)[],
  afterEcifNo: string | undefined,
  limit: number,
): Promise<ExportCustomerRow[]> {
  let query = activeCustomers(db, filter);
  if (afterEcifNo !== undefined) query = query.where('ecif_no', '>', afterEcifNo);
  const rows = await query
    .select(['id', 'ecif_no', ...columns])
    .orderBy('ecif_no')
    .limit(limit)
    .execute();
  return rows;
}

/** The primary (else the oldest) live contact of each requested type, per customer. */
export async function listFirstContacts(
  db: Kysely<DB>,
  customerIds: readonly string[],
  types: readonly string[],
): Promise<{ customer_id: string; contact_type: string; value: string }[]> {
  if (customerIds.length === 0 || types.length === 0) return [];
  return db
    .selectFrom('customer_contact')
    .distinctOn(['customer_id', 'contact_type'])
    .select(['customer_id', 'contact_type', 'value'])
    .where('customer_id', 'in', customerIds)
    .where('contact_type', 'in', types)
    .where('removed_at', 'is', null)
    .orderBy('customer_id')
    .orderBy('contact_type')
    .orderBy(sql`is_primary DESC NULLS LAST`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The primary (else the oldest) live address of each requested type, per customer. */
export async function listFirstAddresses(
  db: Kysely<DB>,
  customerIds: readonly string[],
  types: readonly string[],
): Promise<{ customer_id: string; address_type: string; full_text: string }[]> {
  if (customerIds.length === 0 || types.length === 0) return [];
  return db
    .selectFrom('customer_address')
    .distinctOn(['customer_id', 'address_type'])
    .select(['customer_id', 'address_type', 'full_text'])
    .where('customer_id', 'in', customerIds)
    .where('address_type', 'in', types)
    .where('removed_at', 'is', null)
    .orderBy('customer_id')
    .orderBy('address_type')
    .orderBy(sql`is_primary DESC NULLS LAST`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The earliest-opened live account per customer (of one account type, if given). */
export async function listFirstAccounts(
  db: Kysely<DB>,
  customerIds: readonly string[],
  accountType: string | undefined,
): Promise<
  { customer_id: string; account_no: string; account_type: string; balance: number | null }[]
> {
  if (customerIds.length === 0) return [];
  let query = db
    .selectFrom('customer_account')
    .distinctOn('customer_id')
    .select(['customer_id', 'account_no', 'account_type', 'balance'])
    .where('customer_id', 'in', customerIds)
    .where('removed_at', 'is', null);
  if (accountType !== undefined) query = query.where('account_type', '=', accountType);
  return query
    .orderBy('customer_id')
    .orderBy(sql`open_date ASC NULLS LAST`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function countXrefs(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('customer_xref')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface XrefExportRow {
  readonly source_system: string;
  readonly source_customer_no: string;
  readonly ecif_no: string;
}

/**
 * One page of every source record (active and unlinked), in (system, number) order, with its
 * customer's current ECIF number: a merge moves the source records to the survivor, and a
 * customer merged away is followed to its survivor in case one was left behind.
 */
export async function listXrefs(
  db: Kysely<DB>,
  after: { system: string; customerNo: string } | undefined,
  limit: number,
): Promise<XrefExportRow[]> {
  let query = db
    .selectFrom('customer_xref as x')
    .innerJoin('customer as c', 'c.id', 'x.customer_id')
    .leftJoin('customer as s', 's.id', 'c.merged_into')
    .select([
      'x.source_system',
      'x.source_customer_no',
      (eb) => eb.fn.coalesce('s.ecif_no', 'c.ecif_no').as('ecif_no'),
    ]);
  if (after) {
    query = query.where((eb) =>
      eb(
        eb.refTuple('x.source_system', 'x.source_customer_no'),
        '>',
        eb.tuple(after.system, after.customerNo),
      ),
    );
  }
  return query.orderBy('x.source_system').orderBy('x.source_customer_no').limit(limit).execute();
}
