import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { seedReferenceData } from '../src/reference/seed-reference-data.ts';

/** A fresh, migrated, seeded database for one test file: PostgreSQL clone or in-memory PGlite. */
export async function createTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const templateUrl = inject('templateDatabaseUrl');
  if (!templateUrl) {
    const database = await createDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db);
    await seedReferenceData(database.db);
    return { ...database, drop: () => database.close().catch(() => undefined) };
  }
  const template = new URL(templateUrl);
  const name = `ecif_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: templateUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.pathname.slice(1)}`);
  await admin.end();
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ url: url.href, poolSize: 10 });
  return {
    ...database,
    drop: async () => {
      await database.close().catch(() => undefined);
      const cleanup = new pg.Client({ connectionString: templateUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name}`);
      await cleanup.end();
    },
  };
}
