import { describe, expect, it } from 'vitest';
import errorsDoc from '../../../docs/errors.md?raw';
import { ErrorCode } from './errors.ts';

describe('docs/errors.md', () => {
  const rows = new Map(
    [...errorsDoc.matchAll(/^\| `(ECIF_[A-Z_]+)` \| (\d{3}) \| (\d) \|/gm)].map((m) => [
      m[1],
      { status: Number(m[2]), exit: Number(m[3]) },
    ]),
  );

  it('documents every error code with its HTTP status and CLI exit code', () => {
    for (const [code, def] of Object.entries(ErrorCode)) {
      expect(rows.get(code), code).toEqual({ status: def.status, exit: def.exit });
    }
  });

  it('documents no code that does not exist', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(ErrorCode).sort());
  });
});
