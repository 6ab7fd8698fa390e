import type { Validation } from './issue.ts';
import { invalid, issue, normalizeIdentifier, valid } from './issue.ts';

function luhnSum(digits: string, doubleFirstFromRight: boolean): number {
  let sum = 0;
  let double = doubleFirstFromRight;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits.charAt(i));
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

/**
 * Luhn (ISO/IEC 7812) check digit to append to `partial`. Exposed so test factories mint card
 * numbers that pass validation.
 */
export function luhnCheckDigit(partial: string): string {
  if (!/^\d+$/.test(partial)) {
    throw new RangeError(`expected digits, got ${JSON.stringify(partial)}`);
  }
  // The digit next to the future check digit is the first one doubled.
  return String((10 - (luhnSum(partial, true) % 10)) % 10);
}

/** Luhn check of a complete number; `false` for anything that is not a non-empty digit string. */
export function isLuhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnSum(digits, false) % 10 === 0;
}

/**
 * Validate a bank card or account number (12–19 digits: account numbers of Chinese banks vary in
 * length). Some old domestic debit cards are reported not to pass Luhn, so for the bank's own
 * cards (`ownBank: true`) a Luhn failure is a warning; from outside input it is an error.
 */
export function validateBankCardNo(
  input: string,
  opts: { readonly field?: string; readonly ownBank?: boolean } = {},
): Validation<{ cardNo: string }> {
  const field = opts.field ?? 'cardNo';
  const cardNo = normalizeIdentifier(input);
  if (!/^\d+$/.test(cardNo)) {
    return invalid(issue(field, 'CARD_FORMAT', 'must contain digits only'));
  }
  if (cardNo.length < 12 || cardNo.length > 19) {
    return invalid(issue(field, 'CARD_FORMAT', `must be 12-19 digits, got ${cardNo.length}`));
  }
  if (isLuhnValid(cardNo)) return valid({ cardNo });
  const expected = luhnCheckDigit(cardNo.slice(0, -1));
  const message = `Luhn check digit should be ${expected}`;
  if (opts.ownBank === true) {
    return valid({ cardNo }, [issue(field, 'CARD_LUHN', message, 'warning')]);
  }
  return invalid(issue(field, 'CARD_LUHN', message));
}
