import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import {
  Migrator,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely/migration';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Every `migrations/*.ts` file, in name (= date) order. */
class DirectoryMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}-.*\.ts$/.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(MIGRATIONS_DIR + file).href)) as Migration;
      migrations[file.replace(/\.ts$/, '')] = module;
    }
    return migrations;
  }
}

export function createMigrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: new DirectoryMigrationProvider() });
}

export interface MigrationReport {
  readonly applied: string[];
  readonly error?: unknown;
}

function report(result: MigrationResultSet): MigrationReport {
  const applied = (result.results ?? [])
    .filter((r) => r.status === 'Success')
    .map((r) => r.migrationName);
  return result.error === undefined ? { applied } : { applied, error: result.error };
}

/** Applies all pending migrations; throws (with the applied list) when one fails. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const result = report(await createMigrator(db as unknown as Kysely<unknown>).migrateToLatest());
  if (result.error !== undefined) {
    throw new Error(`Migration failed after applying [${result.applied.join(', ')}]`, {
      cause: result.error,
    });
  }
  return result.applied;
}

export async function migrateDown<T>(db: Kysely<T>): Promise<string[]> {
  const result = report(await createMigrator(db as unknown as Kysely<unknown>).migrateDown());
  if (result.error !== undefined) throw new Error('Migration down failed', { cause: result.error });
  return result.applied;
}
