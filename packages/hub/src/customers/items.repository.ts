import { columnName, SUBJECT_AREAS, type ItemAttributes, type SubjectArea } from '@ecif/core';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.generated.ts';

// The eight area tables share one shape, so their SQL is written once here over the column
// lists in SUBJECT_AREAS rather than eight times through the typed builder.

export type ItemRow = Record<string, unknown> & {
  id: string;
  item_key: string;
  source_system: string | null;
};

const table = (area: SubjectArea): RawBuilder<unknown> => sql.table(SUBJECT_AREAS[area].table);
const fieldsOf = (area: SubjectArea): string[] => Object.keys(SUBJECT_AREAS[area].fields);

export async function listItems(
  db: Kysely<DB>,
  area: SubjectArea,
  customerId: string,
): Promise<ItemRow[]> {
  const { rows } = await sql<ItemRow>`
    SELECT * FROM ${table(area)}
    WHERE customer_id = ${customerId} AND removed_at IS NULL
    ORDER BY created_at, id`.execute(db);
  return rows;
}

export async function countItems(
  db: Kysely<DB>,
  area: SubjectArea,
  customerId: string,
): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ${table(area)}
    WHERE customer_id = ${customerId} AND removed_at IS NULL`.execute(db);
  return rows[0]?.n ?? 0;
}

export async function findItem(
  db: Kysely<DB>,
  area: SubjectArea,
  customerId: string,
  itemId: string,
): Promise<ItemRow | undefined> {
  const { rows } = await sql<ItemRow>`
    SELECT * FROM ${table(area)}
    WHERE customer_id = ${customerId} AND id = ${itemId} AND removed_at IS NULL`.execute(db);
  return rows[0];
}

export async function findItemByKey(
  db: Kysely<DB>,
  area: SubjectArea,
  customerId: string,
  itemKey: string,
): Promise<ItemRow | undefined> {
  const { rows } = await sql<ItemRow>`
    SELECT * FROM ${table(area)}
    WHERE customer_id = ${customerId} AND item_key = ${itemKey} AND removed_at IS NULL
    LIMIT 1`.execute(db);
  return rows[0];
}

export async function insertItem(
  db: Kysely<DB>,
  area: SubjectArea,
  customerId: string,
  itemKey: string,
  sourceSystem: string | null,
  values: ItemAttributes,
): Promise<ItemRow> {
  const fields = fieldsOf(area);
  const columns = ['customer_id', 'item_key', 'source_system', ...fields.map(columnName)];
  const params = [customerId, itemKey, sourceSystem, ...fields.map((f) => values[f] ?? null)];
  const { rows } = await sql<ItemRow>`
    INSERT INTO ${table(area)} (${sql.join(columns.map((c) => sql.id(c)))})
    VALUES (${sql.join(params)})
    RETURNING *`.execute(db);
  return rows[0] as ItemRow;
}

export async function updateItem(
  db: Kysely<DB>,
  area: SubjectArea,
  itemId: string,
  itemKey: string,
  sourceSystem: string | null,
  values: ItemAttributes,
): Promise<ItemRow> {
  const sets = fieldsOf(area).map((f) => sql`${sql.id(columnName(f))} = ${values[f] ?? null}`);
  const { rows } = await sql<ItemRow>`
    UPDATE ${table(area)}
    SET ${sql.join(sets)}, item_key = ${itemKey}, source_system = ${sourceSystem}, updated_at = now()
    WHERE id = ${itemId}
    RETURNING *`.execute(db);
  return rows[0] as ItemRow;
}

export async function removeItem(db: Kysely<DB>, area: SubjectArea, itemId: string): Promise<void> {
  await sql`UPDATE ${table(area)} SET removed_at = now() WHERE id = ${itemId}`.execute(db);
}

/**
 * Re-points every item of `fromId` to `toId` (a merge). An item the survivor already holds
 * (same natural key) is removed on the merged side instead of being duplicated.
 */
export async function moveItems(
  db: Kysely<DB>,
  area: SubjectArea,
  fromId: string,
  toId: string,
): Promise<{ moved: ItemRow[]; duplicates: ItemRow[] }> {
  const { rows: duplicates } = await sql<ItemRow>`
    UPDATE ${table(area)} SET removed_at = now()
    WHERE customer_id = ${fromId} AND removed_at IS NULL
      AND item_key IN (SELECT item_key FROM ${table(area)} WHERE customer_id = ${toId} AND removed_at IS NULL)
    RETURNING *`.execute(db);
  const { rows: moved } = await sql<ItemRow>`
    UPDATE ${table(area)} SET customer_id = ${toId}, updated_at = now()
    WHERE customer_id = ${fromId} AND removed_at IS NULL
    RETURNING *`.execute(db);
  return { moved, duplicates };
}
