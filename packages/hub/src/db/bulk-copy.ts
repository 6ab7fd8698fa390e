import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DB } from './schema.generated.ts';

/** A value in a COPY row: null is SQL NULL, everything else is written as text. */
export type CopyValue = string | number | boolean | null;

/**
 * Writes rows into a table with `COPY … FROM STDIN` (PostgreSQL) or PGlite's `/dev/blob`
 * device, the fastest path each engine offers. Not transactional with Kysely's queries.
 */
type Copier = (table: string, columns: readonly string[], text: string) => Promise<void>;

// The copier belongs to the database handle, not to the query builder, so it is looked up by
// the Kysely instance that every use-case already receives.
const copiers = new WeakMap<Kysely<DB>, Copier>();

export function registerPostgresCopier(db: Kysely<DB>, pool: pg.Pool): void {
  copiers.set(db, async (table, columns, text) => {
    const client = await pool.connect();
    try {
      const target = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
      await pipeline(Readable.from([text]), target);
    } finally {
      client.release();
    }
  });
}

export function registerPGliteCopier(db: Kysely<DB>, pglite: PGlite): void {
  copiers.set(db, async (table, columns, text) => {
    await pglite.query(copyStatement(table, columns, `'/dev/blob'`), [], {
      blob: new Blob([text]),
    });
  });
}

function copyStatement(table: string, columns: readonly string[], from: string): string {
  const quoted = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
  return `COPY "${table.replaceAll('"', '""')}" (${quoted}) FROM ${from} (FORMAT text)`;
}

/** COPY's text format: tab-separated, `\N` for NULL, backslash escapes for the special bytes. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    const value = values[i];
    line += value === null || value === undefined ? '\\N' : escapeCopy(String(value));
  }
  return `${line}\n`;
}

const SPECIAL = /[\\\t\n\r\0]/;

function escapeCopy(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return (
    text
      .replaceAll('\\', '\\\\')
      .replaceAll('\t', '\\t')
      .replaceAll('\n', '\\n')
      .replaceAll('\r', '\\r')
      // PostgreSQL text cannot hold NUL at all; what is kept shows it as the ␀ symbol.
      .replaceAll('\0', '\u2400')
  );
}

/**
 * Bulk-inserts rows; falls back to a multi-row INSERT for a Kysely instance that was not made
 * by `createDatabase` (and so has no copier).
 */
export async function copyRows(
  db: Kysely<DB>,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly CopyValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const copier = copiers.get(db);
  if (copier) {
    let text = '';
    for (const row of rows) text += copyLine(row);
    await copier(table, columns, text);
    return;
  }
  await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))})
    VALUES ${sql.join(rows.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`))})`))}`.execute(db);
}

export function hasCopier(db: Kysely<DB>): boolean {
  return copiers.has(db);
}
