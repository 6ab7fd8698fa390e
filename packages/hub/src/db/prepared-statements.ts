import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** Plain DML is prepared; anything else (BEGIN, DDL, SET) goes through unnamed as before. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Gives every SELECT/INSERT/UPDATE/DELETE a stable name derived from its text, so `pg` prepares
 * it once per connection and PostgreSQL skips parsing and planning on every later call. On
 * point lookups planning is about half of the database's work (docs/benchmarks.md). Kysely
 * compiles one query shape to one text, so the set of names stays small.
 */
export function withPreparedStatements(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    if (!PREPARABLE.test(text)) return undefined;
    let name = names.get(text);
    if (name === undefined) {
      name = `k_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    options: pool.options,
    end: () => pool.end(),
    async connect() {
      return new NamingClient(await pool.connect(), nameOf);
    },
  };
}

class NamingClient implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  readonly #nameOf: (text: string) => string | undefined;

  constructor(client: pg.PoolClient, nameOf: (text: string) => string | undefined) {
    this.#client = client;
    this.#nameOf = nameOf;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') {
      return (this.#client as unknown as { query(c: PostgresCursor<R>): PostgresCursor<R> }).query(
        sqlOrCursor,
      );
    }
    const values = [...(parameters ?? [])];
    const name = this.#nameOf(sqlOrCursor);
    const config: pg.QueryConfig = name
      ? { name, text: sqlOrCursor, values }
      : { text: sqlOrCursor, values };
    return this.#client.query(config) as unknown as Promise<PostgresQueryResult<R>>;
  }

  release(destroy?: boolean): void {
    this.#client.release(destroy);
  }
}
