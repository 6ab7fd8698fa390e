/** How bad a validation finding is: errors block the record, warnings are stored with it. */
export type Severity = 'error' | 'warning';

/**
 * One structured validation finding. `field` is the input path (e.g. `idNo`,
 * `contacts[0].value`), `code` a stable machine code (e.g. `ID_CHECK_DIGIT`).
 */
export interface Issue {
  readonly field: string;
  readonly code: string;
  readonly message: string;
  readonly severity: Severity;
}

/** Result of a domain validator: the canonical value plus warnings, or the blocking issues. */
export type Validation<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly Issue[] }
  | { readonly ok: false; issues: Issue[] };

export function issue(
  field: string,
  code: string,
  message: string,
  severity: Severity = 'error',
): Issue {
  return { field, code, message, severity };
}

export function valid<T>(value: T, warnings: readonly Issue[] = []): Validation<T> {
  return { ok: true, value, warnings };
}

export function invalid<T>(...issues: Issue[]): Validation<T> {
  return { ok: false, issues };
}

/** NFKC-fold an identifier (full-width digits/letters), drop spaces and hyphens, upper-case it. */
export function normalizeIdentifier(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\s\-－—_]/g, '')
    .toUpperCase();
}
