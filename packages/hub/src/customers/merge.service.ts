import { EcifError, SUBJECT_AREA_NAMES } from '@ecif/core';
import type { Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import { itemViewFromRow } from './customer-row.ts';
import { lockCustomer } from './customer.repository.ts';
import { refreshGolden } from './golden-record.service.ts';
import { moveItems } from './items.repository.ts';
import { commitSession, openSession, recordChange, type WriteSession } from './write-session.ts';

type SessionOrId = WriteSession | string;

async function sessionFor(
  trx: Kysely<DB>,
  ref: ReferenceData,
  ctx: OpContext,
  target: SessionOrId,
): Promise<WriteSession> {
  return typeof target === 'string'
    ? openSession(trx, ref, ctx, target, { sourceSystem: null })
    : target;
}

/**
 * Merges one customer into another (归并): source references, items and steward overrides move
 * to the survivor, items both held once are kept once, the golden record is rebuilt, and the
 * merged customer keeps its row and number as a retired alias that resolves to the survivor.
 * Either side may be a session the caller already has open, so one request moves each
 * customer's version once. Numbers are never reused.
 */
export async function mergeCustomers(
  trx: Kysely<DB>,
  ref: ReferenceData,
  survivorTarget: SessionOrId,
  mergedTarget: SessionOrId,
  ctx: OpContext,
  reason: { ruleCode: string },
): Promise<WriteSession> {
  const ids = [survivorTarget, mergedTarget].map((t) =>
    typeof t === 'string' ? t : t.customer.id,
  );
  if (ids[0] === ids[1])
    throw new EcifError('ECIF_VALIDATION', 'Cannot merge a customer into itself');
  // Rows not yet locked are locked in id order, so two merges of the same pair cannot deadlock.
  for (const t of [survivorTarget, mergedTarget]
    .filter((x): x is string => typeof x === 'string')
    .sort()) {
    await lockCustomer(trx, t);
  }
  const survivor = await sessionFor(trx, ref, ctx, survivorTarget);
  const merged = await sessionFor(trx, ref, ctx, mergedTarget);
  const survivorId = survivor.customer.id;
  const mergedId = merged.customer.id;
  const now = new Date();
  const movedRefs = await trx
    .updateTable('customer_xref')
    .set({
      customer_id: survivorId,
      decision: 'merged',
      rule_code: reason.ruleCode,
      linked_at: now,
      linked_by: ctx.actor,
      request_id: ctx.requestId,
      updated_at: now,
    })
    .where('customer_id', '=', mergedId)
    .returning(['source_system', 'source_customer_no'])
    .execute();
  const movedItems: Record<string, number> = {};
  for (const area of SUBJECT_AREA_NAMES) {
    const { moved, duplicates } = await moveItems(trx, area, mergedId, survivorId);
    for (const row of duplicates) {
      const values = JSON.stringify(itemViewFromRow(area, row).values);
      recordChange(merged, {
        area,
        item_id: row.id,
        operation: 'remove',
        before: values,
        after: null,
        changed_fields: [],
      });
    }
    for (const row of moved) {
      const values = JSON.stringify(itemViewFromRow(area, row).values);
      // Both sides get a row so each customer's as-of view stays right.
      recordChange(merged, {
        area,
        item_id: row.id,
        operation: 'merge_out',
        before: values,
        after: null,
        changed_fields: [],
      });
      recordChange(survivor, {
        area,
        item_id: row.id,
        operation: 'merge_in',
        before: null,
        after: values,
        changed_fields: [],
      });
    }
    if (moved.length > 0) movedItems[area] = moved.length;
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
  merged.customer = await trx
    .updateTable('customer')
    .set({ status: 'merged', merged_into: survivorId })
    .where('id', '=', mergedId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('ecif_number')
    .set({
      status: 'retired',
      retired_at: now,
      retired_reason: `merged into ${survivor.customer.ecif_no}`,
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
    survivor: survivor.customer.ecif_no,
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
  return survivor;
}
