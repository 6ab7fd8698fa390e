import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedReferenceData } from '../src/reference/seed-reference-data.ts';
import type { DB } from '../src/db/schema.generated.ts';

// On PostgreSQL (DATABASE_URL set) one template database is migrated and seeded once per run;
// each test file then clones it (CREATE DATABASE … TEMPLATE), so files run in parallel on
// their own fresh database. On PGlite each file starts its own in-memory instance.

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabaseUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    project.provide('templateDatabaseUrl', null);
    return async () => {};
  }
  const template = `ecif_test_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${template}`;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: templateUrl.href, max: 1 }),
    }),
  });
  await migrateToLatest(db);
  await seedReferenceData(db);
  await db.destroy();
  project.provide('templateDatabaseUrl', templateUrl.href);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.end();
  };
}
