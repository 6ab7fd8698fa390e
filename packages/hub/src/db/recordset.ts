import { sql, type Kysely } from 'kysely';
import { arrayLiteral } from './bulk-copy.ts';
import type { DB } from './schema.generated.ts';

// A chunk of row updates goes to PostgreSQL as one jsonb parameter expanded by
// jsonb_populate_recordset(NULL::<table>, …): one statement, one parameter, whatever the number
// of rows and columns (a multi-row VALUES list would hit the 65,535-parameter limit), and the
// same SQL text every time, so it is prepared once.

export type RowValues = Readonly<Record<string, unknown>>;

/**
 * The rows as one JSON array. Values of `jsonColumns` that are strings are already JSON text
 * (the way Kysely writes jsonb) and are embedded as they are.
 */
export function recordsetJson(
  rows: readonly RowValues[],
  columns: readonly string[],
  jsonColumns: ReadonlySet<string>,
): string {
  const parts: string[] = [];
  for (const row of rows) {
    const fields: string[] = [];
    for (const column of columns) {
      const value = row[column];
      if (value === undefined) continue;
      const text =
        jsonColumns.has(column) && typeof value === 'string' ? value : JSON.stringify(value);
      fields.push(`${JSON.stringify(column)}:${text}`);
    }
    parts.push(`{${fields.join(',')}}`);
  }
  return `[${parts.join(',')}]`;
}

const ids = (columns: readonly string[]) => sql.join(columns.map((c) => sql.id(c)));

/** Sets `columns` of every row whose `key` matches; rows carry the key and those columns. */
export async function updateRecordset(
  db: Kysely<DB>,
  table: string,
  key: string,
  columns: readonly string[],
  rows: readonly RowValues[],
  jsonColumns: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (rows.length === 0) return;
  const json = recordsetJson(rows, [key, ...columns], jsonColumns);
  const values = sql.join(columns.map((c) => sql`v.${sql.id(c)}`));
  await sql`
    UPDATE ${sql.table(table)} AS t SET (${ids(columns)}) = ROW(${values})
    FROM jsonb_populate_recordset(NULL::${sql.table(table)}, ${json}::jsonb) AS v
    WHERE t.${sql.id(key)} = v.${sql.id(key)}`.execute(db);
}

/** How to write a non-text column in COPY's text format. */
export interface ColumnFormats {
  readonly json?: ReadonlySet<string>;
  readonly textArray?: ReadonlySet<string>;
}

/** Rows as COPY text: jsonb as JSON text (strings are taken as JSON already), arrays as literals. */
export function copyRecords(
  rows: readonly RowValues[],
  columns: readonly string[],
  formats: ColumnFormats = {},
): (string | null)[][] {
  return rows.map((row) =>
    columns.map((column) => {
      const value = row[column];
      if (value === null || value === undefined) return null;
      if (formats.json?.has(column))
        return typeof value === 'string' ? value : JSON.stringify(value);
      if (formats.textArray?.has(column)) return arrayLiteral(value as string[]);
      if (value instanceof Date) return value.toISOString();
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return JSON.stringify(value);
    }),
  );
}
