import type { CustomerKind } from './customer-kind.ts';

/**
 * The ECIF customer number (客户号): 12 digits = kind digit + 10-digit sequence + Luhn check
 * digit, so a mistyped number is caught before it reaches the database. Numbers come from a
 * database sequence and are never reused.
 */
const KIND_DIGIT: Readonly<Record<CustomerKind, string>> = {
  individual: '1',
  corporate: '2',
  financial: '3',
  group: '4',
};

const SEQUENCE_DIGITS = 10;

export function ecifCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function formatEcifNo(kind: CustomerKind, sequence: number | bigint): string {
  const seq = String(sequence);
  if (!/^\d+$/.test(seq) || seq.length > SEQUENCE_DIGITS) {
    throw new RangeError(`ECIF sequence out of range: ${seq}`);
  }
  const body = KIND_DIGIT[kind] + seq.padStart(SEQUENCE_DIGITS, '0');
  return body + ecifCheckDigit(body);
}

export function isValidEcifNo(value: string): boolean {
  return /^[1-4]\d{11}$/.test(value) && ecifCheckDigit(value.slice(0, 11)) === value.slice(11);
}

export function kindOfEcifNo(value: string): CustomerKind | undefined {
  const digit = value[0];
  return (Object.keys(KIND_DIGIT) as CustomerKind[]).find((k) => KIND_DIGIT[k] === digit);
}
