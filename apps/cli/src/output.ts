import { ErrorCode, isEcifError } from '@ecif/core';

/** Results go to stdout as JSON; errors as one JSON line on stderr with the code's exit status. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function exitWithError(error: unknown): never {
  if (isEcifError(error)) {
    process.stderr.write(
      `${JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } })}\n`,
    );
    process.exit(ErrorCode[error.code].exit);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${JSON.stringify({ error: { code: 'ECIF_INTERNAL', message } })}\n`);
  process.exit(ErrorCode.ECIF_INTERNAL.exit);
}

export class UsageError extends Error {}
