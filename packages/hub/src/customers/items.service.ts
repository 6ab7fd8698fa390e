import {
  EcifError,
  SUBJECT_AREAS,
  standardizeItem,
  type Issue,
  type ItemAttributes,
  type ItemFieldDef,
  type ItemValue,
  type StandardizeContext,
  type StandardizedItem,
  type SubjectArea,
} from '@ecif/core';
import type { ItemInput, ItemView } from './customer.types.ts';
import { itemViewFromRow } from './customer-row.ts';
import {
  findItem,
  findItemByKey,
  insertItem,
  removeItem,
  updateItem,
  type ItemRow,
} from './items.repository.ts';
import { recordChange, type WriteSession } from './write-session.ts';

export interface StandardizedItems {
  readonly area: SubjectArea;
  readonly items: readonly StandardizedItem[];
}

/** Validates every item of every area first, so a bad item rejects the whole request. */
export function standardizeAreas(
  areas: Partial<Record<SubjectArea, readonly ItemInput[]>> | undefined,
  ctx: StandardizeContext,
): { batches: StandardizedItems[]; errors: Issue[]; warnings: Issue[] } {
  const batches: StandardizedItems[] = [];
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  for (const [area, inputs] of Object.entries(areas ?? {}) as [
    SubjectArea,
    readonly ItemInput[],
  ][]) {
    const items = inputs.map((input, i) =>
      standardizeItem(area, input, ctx, { path: `${area}[${i}]`, partial: false }),
    );
    for (const item of items) {
      errors.push(...item.errors);
      warnings.push(...item.warnings);
    }
    batches.push({ area, items });
  }
  return { batches, errors, warnings };
}

export function sameValues(area: SubjectArea, row: ItemRow, values: ItemAttributes): boolean {
  const current = itemViewFromRow(area, row).values;
  const fields = Object.keys(SUBJECT_AREAS[area].fields);
  return fields.every((f) => normalize(current[f]) === normalize(values[f]));
}

function normalize(value: ItemValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(Number(value));
  return String(value);
}

/**
 * A source sending an item again (same natural key) updates it; a new one is added. Items
 * are never removed because a source left them out: online messages are not snapshots.
 */
export async function upsertItems(
  session: WriteSession,
  batch: StandardizedItems,
): Promise<ItemView[]> {
  const views: ItemView[] = [];
  for (const item of batch.items) {
    const existing = await findItemByKey(
      session.trx,
      batch.area,
      session.customer.id,
      item.itemKey,
    );
    views.push(await writeItem(session, batch.area, existing, item));
  }
  return views;
}

async function writeItem(
  session: WriteSession,
  area: SubjectArea,
  existing: ItemRow | undefined,
  item: StandardizedItem,
): Promise<ItemView> {
  if (existing && sameValues(area, existing, item.values)) return itemViewFromRow(area, existing);
  const row = existing
    ? await updateItem(
        session.trx,
        area,
        existing.id,
        item.itemKey,
        session.sourceSystem,
        item.values,
      )
    : await insertItem(
        session.trx,
        area,
        session.customer.id,
        item.itemKey,
        session.sourceSystem,
        item.values,
      );
  const view = itemViewFromRow(area, row);
  recordChange(session, {
    area,
    item_id: row.id,
    operation: existing ? 'update' : 'create',
    before: existing ? JSON.stringify(itemViewFromRow(area, existing).values) : null,
    after: JSON.stringify(view.values),
    changed_fields: existing
      ? Object.keys(SUBJECT_AREAS[area].fields).filter(
          (f) => normalize(itemViewFromRow(area, existing).values[f]) !== normalize(view.values[f]),
        )
      : Object.keys(view.values),
  });
  return view;
}

/** PATCH of one item: the given fields over the current ones, checked as a whole. */
export async function patchItem(
  session: WriteSession,
  area: SubjectArea,
  itemId: string,
  input: ItemInput,
  ctx: StandardizeContext,
): Promise<{ item: ItemView; warnings: readonly Issue[] }> {
  const existing = await findItem(session.trx, area, session.customer.id, itemId);
  if (!existing) throw new EcifError('ECIF_ITEM_NOT_FOUND', undefined, { area, itemId });
  const current = itemViewFromRow(area, existing).values;
  const editable: ItemAttributes = {};
  const fields: Readonly<Record<string, ItemFieldDef>> = SUBJECT_AREAS[area].fields;
  for (const [f, def] of Object.entries(fields)) {
    const v = current[f];
    if (!def.derived && v !== undefined) editable[f] = v;
  }
  const item = standardizeItem(area, { ...editable, ...input }, ctx, { path: area, partial: true });
  if (item.errors.length > 0) {
    throw new EcifError('ECIF_VALIDATION', `${item.errors.length} invalid field(s)`, {
      issues: item.errors,
    });
  }
  return { item: await writeItem(session, area, existing, item), warnings: item.warnings };
}

export async function addItem(
  session: WriteSession,
  area: SubjectArea,
  input: ItemInput,
  ctx: StandardizeContext,
): Promise<{ item: ItemView; warnings: readonly Issue[] }> {
  const item = standardizeItem(area, input, ctx, { path: area, partial: false });
  if (item.errors.length > 0) {
    throw new EcifError('ECIF_VALIDATION', `${item.errors.length} invalid field(s)`, {
      issues: item.errors,
    });
  }
  const existing = await findItemByKey(session.trx, area, session.customer.id, item.itemKey);
  return { item: await writeItem(session, area, existing, item), warnings: item.warnings };
}

export async function deleteItem(
  session: WriteSession,
  area: SubjectArea,
  itemId: string,
): Promise<void> {
  const existing = await findItem(session.trx, area, session.customer.id, itemId);
  if (!existing) throw new EcifError('ECIF_ITEM_NOT_FOUND', undefined, { area, itemId });
  await removeItem(session.trx, area, itemId);
  recordChange(session, {
    area,
    item_id: itemId,
    operation: 'remove',
    before: JSON.stringify(itemViewFromRow(area, existing).values),
    after: null,
    changed_fields: [],
  });
}
