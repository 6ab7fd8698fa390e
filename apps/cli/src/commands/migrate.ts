import { migrateDown, migrateToLatest, seedReferenceData } from '@ecif/hub';
import { openDatabase } from '../open-database.ts';
import { printJson, UsageError } from '../output.ts';

export async function migrateCommand(args: string[]): Promise<void> {
  const direction = args[0] ?? 'latest';
  if (direction !== 'latest' && direction !== 'down')
    throw new UsageError(`ecif migrate latest|down (got ${direction})`);
  const { database } = await openDatabase({ migrate: false });
  try {
    if (direction === 'latest') {
      const applied = await migrateToLatest(database.db);
      await seedReferenceData(database.db);
      printJson({ database: database.describe, applied });
    } else {
      printJson({ database: database.describe, reverted: await migrateDown(database.db) });
    }
  } finally {
    await database.close();
  }
}
