import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.generated.ts';
import { loadReferenceData, type ReferenceData } from './reference-data.ts';

/** Holds the reference data in memory; whoever changes it calls `invalidate()`. */
export interface ReferenceStore {
  get(): Promise<ReferenceData>;
  invalidate(): void;
}

export function createReferenceStore(db: Kysely<DB>): ReferenceStore {
  let current: Promise<ReferenceData> | undefined;
  return {
    get() {
      current ??= loadReferenceData(db).catch((error: unknown) => {
        current = undefined;
        throw error;
      });
      return current;
    },
    invalidate() {
      current = undefined;
    },
  };
}
