import { readFile } from 'node:fs/promises';
import { EcifError } from '@ecif/core';

/** A mapping file's JSON, or a validation error naming the file (the loader checks the rest). */
export async function readMapping(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new EcifError('ECIF_VALIDATION', `Cannot read the mapping ${path}`, {
      issues: [
        {
          field: 'mapping',
          code: 'MAPPING_UNREADABLE',
          message: error instanceof Error ? error.message : String(error),
          severity: 'error',
        },
      ],
    });
  }
}
