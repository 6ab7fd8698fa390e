import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { withPreparedStatements } from './prepared-statements.ts';
import type { DB } from './schema.generated.ts';

/** A value in a COPY row: null is SQL NULL, everything else is written as text. */
export type CopyValue = string | number | boolean | null;

/**
 * Writes rows into a table with `COPY … FROM STDIN` (PostgreSQL) or PGlite's `/dev/blob`
 * device, the fastest path each engine offers. Not transactional with Kysely's queries.
 */
export type Copier = (table: string, columns: readonly string[], text: string) => Promise<void>;

/**
 * A transaction that can also COPY: a batch writes its new rows with COPY and everything else
 * with ordinary statements, all committed together. Holds one connection until closed.
 */
export interface BulkSession {
  transaction<T>(work: (trx: Kysely<DB>, copy: Copier) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface Engine {
  readonly copy: Copier;
  readonly openSession: () => Promise<BulkSession>;
}

// The engine belongs to the database handle, not to the query builder, so it is looked up by
// the Kysely instance that every use-case already receives.
const engines = new WeakMap<Kysely<DB>, Engine>();

async function copyOn(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  text: string,
) {
  const target = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
  await pipeline(Readable.from([text]), target);
}

export function registerPostgresCopier(db: Kysely<DB>, pool: pg.Pool): void {
  engines.set(db, {
    copy: async (table, columns, text) => {
      const client = await pool.connect();
      try {
        await copyOn(client, table, columns, text);
      } finally {
        client.release();
      }
    },
    openSession: async () => {
      const client = await pool.connect();
      // A query builder over this one connection, so that its transaction and the COPY
      // statements run in the same server session; it never hands the connection back itself.
      const pinned = new Kysely<DB>({
        dialect: new PostgresDialect({
          pool: withPreparedStatements({
            options: pool.options,
            connect: () =>
              Promise.resolve({
                query: client.query.bind(client),
                release: () => undefined,
              }),
            end: () => Promise.resolve(),
          } as unknown as pg.Pool),
        }),
      });
      return {
        transaction: (work) =>
          pinned.transaction().execute(async (trx) => {
            // A batch commits its checkpoint with its changes, so if the server loses the last
            // commits in a crash it loses their checkpoints too and redoes them: no need to wait
            // for the WAL flush of every chunk. (Not on PGlite, which has no WAL writer to flush
            // later: a killed process would lose every chunk since the last checkpoint.)
            await sql`SET LOCAL synchronous_commit = off`.execute(trx);
            return work(trx, (t, c, x) => copyOn(client, t, c, x));
          }),
        close: () => {
          client.release();
          return Promise.resolve();
        },
      };
    },
  });
}

export function registerPGliteCopier(db: Kysely<DB>, pglite: PGlite): void {
  const blobCopy =
    (target: Pick<PGlite, 'query'>): Copier =>
    async (table, columns, text) => {
      await target.query(copyStatement(table, columns, `'/dev/blob'`), [], {
        blob: new Blob([text]),
      });
    };
  engines.set(db, {
    copy: blobCopy(pglite),
    openSession: () =>
      Promise.resolve({
        // Kysely runs a PGlite transaction in PGlite's exclusive mode, where only the
        // transaction's own handle may query; so the chunk's transaction is PGlite's, and both
        // the query builder and the COPY go through its handle.
        transaction: (work) =>
          pglite.transaction((tx) => {
            const handle = {
              closed: false,
              ready: true,
              query: tx.query.bind(tx),
            } as unknown as PGlite;
            const pinned = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: handle }) });
            return work(pinned, blobCopy(tx));
          }),
        close: () => Promise.resolve(),
      }),
  });
}

function copyStatement(table: string, columns: readonly string[], from: string): string {
  const quoted = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
  return `COPY "${table.replaceAll('"', '""')}" (${quoted}) FROM ${from} (FORMAT text)`;
}

/** A bulk session on this database (opened by `createDatabase`, which knows its engine). */
export async function openBulkSession(db: Kysely<DB>): Promise<BulkSession> {
  const engine = engines.get(db);
  if (!engine) throw new Error('Bulk loading needs a database opened with createDatabase');
  return engine.openSession();
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

/** Bulk-inserts rows with COPY, outside any transaction. */
export async function copyRows(
  db: Kysely<DB>,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly CopyValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const engine = engines.get(db);
  if (!engine) throw new Error('Bulk loading needs a database opened with createDatabase');
  await engine.copy(table, columns, copyText(rows));
}

export function copyText(rows: readonly (readonly CopyValue[])[]): string {
  let text = '';
  for (const row of rows) text += copyLine(row);
  return text;
}

/** A PostgreSQL array literal of texts (`text[]` columns in COPY text format). */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
