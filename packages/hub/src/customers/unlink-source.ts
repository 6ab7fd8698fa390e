import { EcifError } from '@ecif/core';
import type { Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import { findXref, listXrefs, updateXref } from './customer.repository.ts';
import { refreshGolden } from './golden-record.service.ts';
import { commitSession, openSession, recordChange } from './write-session.ts';

/**
 * A source system no longer has this customer (a delete in a delta, or absence from a full
 * snapshot): its cross-reference is deactivated, never deleted, and the golden record is rebuilt
 * from the remaining sources. With no source left the last golden values stay as they were.
 */
export async function unlinkSource(
  db: Kysely<DB>,
  ref: ReferenceData,
  source: { system: string; customerNo: string },
  ctx: OpContext,
): Promise<boolean> {
  return db.transaction().execute((trx) => unlinkSourceIn(trx, ref, source, ctx));
}

/** The same, inside the caller's transaction (a batch applies many records in one). */
export async function unlinkSourceIn(
  trx: Kysely<DB>,
  ref: ReferenceData,
  source: { system: string; customerNo: string },
  ctx: OpContext,
): Promise<boolean> {
  const xref = await findXref(trx, source.system, source.customerNo);
  if (!xref) throw new EcifError('ECIF_CUSTOMER_NOT_FOUND', undefined, { ...source });
  if (!xref.active) return false;
  const session = await openSession(trx, ref, ctx, xref.customer_id, {
    sourceSystem: source.system,
    allowInactive: true,
  });
  await updateXref(trx, xref.id, {
    active: false,
    unlinked_at: new Date(),
    updated_at: new Date(),
  });
  recordChange(session, {
    area: 'xref',
    item_id: null,
    operation: 'unlink',
    before: null,
    after: JSON.stringify({ ...source }),
    changed_fields: [],
  });
  const remaining = (await listXrefs(trx, xref.customer_id)).filter((x) => x.active);
  if (remaining.length > 0) await refreshGolden(session);
  await commitSession(session);
  return true;
}
