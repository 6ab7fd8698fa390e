import type { Issue, Validation } from './issue.ts';
import { invalid, issue, normalizeIdentifier, valid } from './issue.ts';

// GB 32100-2015: 31 characters, no I O S V Z (too easily confused with 1 0 5 U 2).
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// 3^(i−1) mod 31 for positions 1..17.
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CREDIT_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

// GB 11714-1997 organisation code.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const ORG_BODY_PATTERN = /^[0-9A-Z]{8}$/;

/**
 * GB 32100 check character of the first 17 characters. Exposed so test factories can mint codes
 * that pass validation; the caller must pass characters from the 31-character set.
 */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`character ${first17.charAt(i)} is not allowed`);
    sum += value * (CREDIT_WEIGHTS[i] ?? 0);
  }
  return CREDIT_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * GB 11714 check character of an 8-character organisation-code body (digits or A–Z, A=10…Z=35).
 * Legacy files still carry bare organisation codes, and every credit code embeds one.
 */
export function orgCodeCheckChar(first8: string): string {
  if (!ORG_BODY_PATTERN.test(first8)) {
    throw new RangeError(`expected 8 characters 0-9/A-Z, got ${JSON.stringify(first8)}`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8.charAt(i), 36) * (ORG_WEIGHTS[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function formatReason(code: string): string {
  if (code.length !== 18) return `must be 18 characters, got ${code.length}`;
  const bad = [...new Set(code.replace(/[0-9A-HJ-NPQRTUWXY]/g, ''))];
  if (bad.length > 0) return `contains characters not allowed in a credit code: ${bad.join(' ')}`;
  return 'characters 3-8 must be digits (region code)';
}

/**
 * Validate a unified social credit code (GB 32100-2015) and extract the embedded organisation
 * code, which links the entity to records keyed by the pre-2015 organisation code. The first
 * character (registration authority) is deliberately not whitelisted: the department table is
 * disputed and rural collective organisations carry unusual prefixes.
 */
export function validateCreditCode(
  input: string,
  opts: { readonly field?: string } = {},
): Validation<{ creditCode: string; orgCode: string }> {
  const field = opts.field ?? 'creditCode';
  const creditCode = normalizeIdentifier(input);
  if (!CREDIT_PATTERN.test(creditCode)) {
    return invalid(issue(field, 'CREDIT_CODE_FORMAT', formatReason(creditCode)));
  }
  const expected = creditCodeCheckChar(creditCode.slice(0, 17));
  if (creditCode.charAt(17) !== expected) {
    return invalid(issue(field, 'CREDIT_CODE_CHECK', `check character should be ${expected}`));
  }
  const orgCode = creditCode.slice(8, 17);
  const warnings: Issue[] = [];
  const orgExpected = orgCodeCheckChar(orgCode.slice(0, 8));
  if (orgCode.charAt(8) !== orgExpected) {
    warnings.push(
      issue(
        field,
        'ORG_CODE_EMBEDDED_CHECK',
        `embedded organisation code check character should be ${orgExpected}`,
        'warning',
      ),
    );
  }
  return valid({ creditCode, orgCode }, warnings);
}

/**
 * Validate a legacy organisation code (GB 11714-1997), written with or without the hyphen
 * (`70846113-6`), and return the 9-character form used as a matching key.
 */
export function validateOrgCode(
  input: string,
  opts: { readonly field?: string } = {},
): Validation<{ orgCode: string }> {
  const field = opts.field ?? 'orgCode';
  const orgCode = normalizeIdentifier(input);
  if (orgCode.length !== 9) {
    return invalid(issue(field, 'ORG_CODE_FORMAT', `must be 9 characters, got ${orgCode.length}`));
  }
  if (!ORG_BODY_PATTERN.test(orgCode.slice(0, 8)) || !/^[0-9X]$/.test(orgCode.charAt(8))) {
    return invalid(
      issue(field, 'ORG_CODE_FORMAT', 'must be 8 digits or letters plus a check digit or X'),
    );
  }
  const expected = orgCodeCheckChar(orgCode.slice(0, 8));
  if (orgCode.charAt(8) !== expected) {
    return invalid(issue(field, 'ORG_CODE_CHECK', `check character should be ${expected}`));
  }
  return valid({ orgCode });
}
