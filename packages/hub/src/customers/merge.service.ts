import { EcifError, SUBJECT_AREA_NAMES } from '@ecif/core';
import type { Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import { findCustomerById, lockCustomer } from './customer.repository.ts';
import { refreshGolden } from './golden-record.service.ts';
import { moveItems } from './items.repository.ts';
import { commitSession, openSession, recordChange } from './write-session.ts';

/**
 * Merges `mergedId` into `survivorId` (归并): source references, items and steward overrides
 * move to the survivor, the golden record is rebuilt, and the merged customer keeps its row
 * and number as a retired alias that resolves to the survivor. Numbers are never reused.
 */
export async function mergeCustomers(
  trx: Kysely<DB>,
  ref: ReferenceData,
  survivorId: string,
  mergedId: string,
  ctx: OpContext,
  reason: { ruleCode: string },
): Promise<void> {
  if (survivorId === mergedId)
    throw new EcifError('ECIF_VALIDATION', 'Cannot merge a customer into itself');
  // Lock in id order so two concurrent merges of the same pair cannot deadlock.
  for (const id of [survivorId, mergedId].sort()) await lockCustomer(trx, id);
  const merged = await openSession(trx, ref, ctx, mergedId, { sourceSystem: null });
  const survivor = await openSession(trx, ref, ctx, survivorId, { sourceSystem: null });
  const survivorRow = await findCustomerById(trx, survivorId);
  const movedRefs = await trx
    .updateTable('customer_xref')
    .set({
      customer_id: survivorId,
      decision: 'merged',
      rule_code: reason.ruleCode,
      updated_at: new Date(),
    })
    .where('customer_id', '=', mergedId)
    .returning(['source_system', 'source_customer_no'])
    .execute();
  const movedItems: Record<string, string[]> = {};
  for (const area of SUBJECT_AREA_NAMES) {
    const ids = await moveItems(trx, area, mergedId, survivorId);
    if (ids.length > 0) movedItems[area] = ids;
  }
  // The survivor's own overrides win; the merged customer's fill the gaps.
  await trx
    .insertInto('customer_override')
    .columns(['customer_id', 'field', 'value', 'set_by', 'set_at', 'reason'])
    .expression((eb) =>
      eb
        .selectFrom('customer_override')
        .select([
          eb.val(survivorId).as('customer_id'),
          'field',
          'value',
          'set_by',
          'set_at',
          'reason',
        ])
        .where('customer_id', '=', mergedId),
    )
    .onConflict((oc) => oc.columns(['customer_id', 'field']).doNothing())
    .execute();
  await trx.deleteFrom('customer_override').where('customer_id', '=', mergedId).execute();
  const now = new Date();
  merged.customer = await trx
    .updateTable('customer')
    .set({ status: 'merged', merged_into: survivorId, updated_at: now })
    .where('id', '=', mergedId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('ecif_number')
    .set({
      status: 'retired',
      retired_at: now,
      retired_reason: `merged into ${survivorRow?.ecif_no ?? survivorId}`,
    })
    .where('customer_id', '=', mergedId)
    .execute();
  await trx
    .updateTable('similar_customer')
    .set({ status: 'merged' })
    .where((eb) =>
      eb.or([
        eb.and([eb('customer_id', '=', mergedId), eb('suspect_id', '=', survivorId)]),
        eb.and([eb('customer_id', '=', survivorId), eb('suspect_id', '=', mergedId)]),
      ]),
    )
    .execute();
  const details = JSON.stringify({
    survivor: survivorRow?.ecif_no,
    merged: merged.customer.ecif_no,
    rule: reason.ruleCode,
    sourceRefs: movedRefs,
    items: movedItems,
  });
  recordChange(merged, {
    area: 'lifecycle',
    item_id: null,
    operation: 'merged_into',
    before: null,
    after: details,
    changed_fields: ['status'],
  });
  recordChange(survivor, {
    area: 'lifecycle',
    item_id: null,
    operation: 'merge',
    before: null,
    after: details,
    changed_fields: [],
  });
  await refreshGolden(survivor);
  await commitSession(merged);
  await commitSession(survivor);
}
