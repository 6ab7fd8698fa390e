import {
  createDatabase,
  createReferenceStore,
  migrateToLatest,
  seedReferenceData,
  type Database,
  type ReferenceStore,
} from '@ecif/hub';

/** Same settings as the server: DATABASE_URL for PostgreSQL, else PGlite in ECIF_DATA_DIR. */
export async function openDatabase(options: {
  migrate: boolean;
}): Promise<{ database: Database; reference: ReferenceStore }> {
  const database = await createDatabase({
    url: process.env.DATABASE_URL,
    dataDir: process.env.ECIF_DATA_DIR ?? './data/pglite',
  });
  if (options.migrate) {
    await migrateToLatest(database.db);
    await seedReferenceData(database.db);
  }
  return { database, reference: createReferenceStore(database.db) };
}
