import { EcifError } from '@ecif/core';

/** The version a writer read, from `If-Match: "7"` (or W/"7", or 7) or the body; required. */
export function expectedVersion(
  ifMatch: string | undefined,
  bodyVersion: number | undefined,
): number {
  if (bodyVersion !== undefined) return bodyVersion;
  if (ifMatch !== undefined) {
    const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (!m) {
      throw new EcifError('ECIF_VALIDATION', 'If-Match must be the customer version, e.g. "3"', {
        issues: [
          {
            field: 'headers.if-match',
            code: 'IF_MATCH_FORMAT',
            message: 'must be a version number such as "3"',
            severity: 'error',
          },
        ],
      });
    }
    return Number(m[1]);
  }
  throw new EcifError('ECIF_PRECONDITION_REQUIRED', undefined, {
    issues: [
      {
        field: 'headers.if-match',
        code: 'VERSION_REQUIRED',
        message: 'send the version you read (If-Match header or body.version)',
        severity: 'error',
      },
    ],
  });
}

export function etag(version: number): string {
  return `"${version}"`;
}
