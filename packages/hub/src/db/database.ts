import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { registerPGliteCopier, registerPostgresCopier } from './bulk-copy.ts';
import { withPreparedStatements } from './prepared-statements.ts';
import type { DB } from './schema.generated.ts';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseOptions {
  /** `postgres://…` for a PostgreSQL server; absent → embedded PGlite. */
  readonly url?: string | undefined;
  /** PGlite data directory; absent or `memory://` → in memory. */
  readonly dataDir?: string | undefined;
  readonly poolSize?: number | undefined;
}

export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: DatabaseKind;
  /** A short description for logs, without credentials. */
  readonly describe: string;
  close(): Promise<void>;
}

const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

// Dates stay 'YYYY-MM-DD' strings (a birth date has no time zone); numerics become numbers
// (amounts are numeric(20,2), well inside double precision); counts come back as numbers.
const parseNumber = (value: string): number => Number(value);
const keepString = (value: string): string => value;

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return createPostgres(options.url, options.poolSize ?? 20);
  return createPGlite(options.dataDir);
}

function createPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === OID.INT8 || oid === OID.NUMERIC) return parseNumber;
        if (oid === OID.DATE) return keepString;
        return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
      }) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }),
  });
  registerPostgresCopier(db, pool);
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    kind: 'postgres',
    describe: `postgres ${safe.host}${safe.pathname}`,
    close: () => db.destroy(),
  };
}

async function createPGlite(dataDir: string | undefined): Promise<Database> {
  const inMemory = dataDir === undefined || dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(inMemory ? undefined : dataDir, {
    extensions: { pg_trgm },
    parsers: { [OID.INT8]: parseNumber, [OID.NUMERIC]: parseNumber, [OID.DATE]: keepString },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  registerPGliteCopier(db, pglite);
  return {
    db,
    kind: 'pglite',
    describe: inMemory ? 'pglite (in memory)' : `pglite ${dataDir}`,
    close: async () => {
      // Kysely's PGlite driver closes the instance on destroy; close only what is still open.
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
