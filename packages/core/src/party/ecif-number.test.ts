import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_KINDS } from './customer-kind.ts';
import { formatEcifNo, isValidEcifNo, kindOfEcifNo } from './ecif-number.ts';

describe('ECIF customer number', () => {
  it('has kind digit, zero-padded sequence and a Luhn check digit', () => {
    expect(formatEcifNo('individual', 1)).toBe('100000000016');
    expect(formatEcifNo('corporate', 42)).toMatch(/^20000000042\d$/);
    expect(isValidEcifNo('100000000016')).toBe(true);
    expect(kindOfEcifNo('100000000016')).toBe('individual');
  });

  it('rejects sequences that do not fit', () => {
    expect(() => formatEcifNo('individual', 10_000_000_000)).toThrow(RangeError);
    expect(() => formatEcifNo('individual', -1)).toThrow(RangeError);
  });

  it('catches every single-digit error and adjacent transposition of distinct digits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CUSTOMER_KINDS),
        fc.integer({ min: 0, max: 9_999_999_999 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 9 }),
        (kind, seq, pos, delta) => {
          const no = formatEcifNo(kind, seq);
          expect(isValidEcifNo(no)).toBe(true);
          const digits = [...no];
          digits[pos] = String((Number(digits[pos]) + delta) % 10);
          expect(isValidEcifNo(digits.join(''))).toBe(false);
          const swapped = [...no];
          const a = swapped[pos] as string;
          const b = swapped[pos - 1] as string;
          // Luhn misses only the 09↔90 transposition.
          if (a !== b && !(a + b === '09' || a + b === '90')) {
            swapped[pos] = b;
            swapped[pos - 1] = a;
            expect(isValidEcifNo(swapped.join(''))).toBe(false);
          }
        },
      ),
    );
  });
});
