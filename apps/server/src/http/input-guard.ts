import { EcifError } from '@ecif/core';
import type { FastifyInstance } from 'fastify';

/** The path of the first string holding a NUL byte (PostgreSQL text cannot store one), if any. */
function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 20 || value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findNul(
      child,
      Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
      depth + 1,
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Every route rejects NUL bytes in any input before a handler runs, naming the field, instead
 * of each schema repeating the check (or the database answering with a 500).
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const field =
      findNul(request.params, 'params') ??
      findNul(request.query, 'querystring') ??
      findNul(request.body, '');
    if (field === undefined) {
      done();
      return;
    }
    done(
      new EcifError('ECIF_VALIDATION', `Control character in ${field || 'body'}`, {
        issues: [
          {
            field: field || 'body',
            code: 'CONTROL_CHARACTER',
            message: 'contains a NUL byte',
            severity: 'error',
          },
        ],
      }),
    );
  });
}
