import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckChar,
  orgCodeCheckChar,
  validateCreditCode,
  validateOrgCode,
} from './credit-code.ts';
import type { Validation } from './issue.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function codes(result: Validation<unknown>): string[] {
  return result.ok ? result.warnings.map((w) => w.code) : result.issues.map((i) => i.code);
}

const chars = (alphabet: string, n: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }).map((cs) => cs.join(''));

/** A credit code whose embedded organisation code is also valid, as real ones are. */
const validCreditCode = fc
  .tuple(chars(CHARSET, 2), chars('0123456789', 6), chars(CHARSET, 8))
  .map(([head, region, orgBody]) => {
    const first17 = head + region + orgBody + orgCodeCheckChar(orgBody);
    return first17 + creditCodeCheckChar(first17);
  });

const validOrgCode = chars('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 8).map(
  (body) => body + orgCodeCheckChar(body),
);

describe('check characters', () => {
  it('match the published vectors', () => {
    expect(creditCodeCheckChar('91440300708461136')).toBe('T');
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(orgCodeCheckChar('70846113')).toBe('6');
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    // From an independent implementation: the 10 → X and 11 → 0 cases.
    expect(orgCodeCheckChar('70846103')).toBe('X');
    expect(orgCodeCheckChar('70846108')).toBe('0');
  });

  it('map 10 to X and 11 to 0 for organisation codes', () => {
    // Sweeping consecutive bodies must hit both special cases of C = 11 − (Σ mod 11).
    const bodies = Array.from({ length: 200 }, (_, i) => String(i).padStart(8, '0'));
    const checks = new Set(bodies.map(orgCodeCheckChar));
    expect(checks).toContain('X');
    expect(checks).toContain('0');
    expect([...checks].every((c) => /^[0-9X]$/.test(c))).toBe(true);
  });

  it('reject characters outside their alphabets', () => {
    expect(() => creditCodeCheckChar('9144030070846113O')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('914403007084611')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('7084611')).toThrow(RangeError);
    expect(() => orgCodeCheckChar('7084611a')).toThrow(RangeError);
  });
});

describe('validateCreditCode', () => {
  it.each([
    ['91440300708461136T', '708461136'],
    ['914403001922038216', '192203821'],
    ['91330100716105852F', '716105852'],
    ['91350100M000100Y43', 'M000100Y4'],
    // From an independent implementation: the check values 30 (Y) and 0.
    ['91440300708460336Y', '708460336'],
    ['914403007084604590', '708460459'],
  ])('accepts %s', (code, orgCode) => {
    expect(validateCreditCode(code)).toEqual({
      ok: true,
      value: { creditCode: code, orgCode },
      warnings: [],
    });
  });

  it('normalises case, full-width characters and spaces', () => {
    const r = validateCreditCode(' ９１４４０３００ 708461136t ');
    expect(r.ok && r.value.creditCode).toBe('91440300708461136T');
  });

  it('does not whitelist the registration-authority character', () => {
    const first17 = 'N2440300708461136';
    const r = validateCreditCode(first17 + creditCodeCheckChar(first17));
    expect(r.ok).toBe(true);
  });

  it.each([
    ['wrong length', '91440300708461136', 'must be 18 characters, got 17'],
    ['forbidden letter O', '91440300708461136O', 'not allowed in a credit code: O'],
    ['letter in region', '9144A300708461136T', 'characters 3-8 must be digits'],
  ])('rejects %s as CREDIT_CODE_FORMAT', (_, input, message) => {
    const r = validateCreditCode(input);
    expect(codes(r)).toEqual(['CREDIT_CODE_FORMAT']);
    expect(!r.ok && r.issues[0]?.message).toContain(message);
  });

  it('rejects a wrong check character and names the right one', () => {
    const r = validateCreditCode('91440300708461136U', { field: 'org.creditCode' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual([
      {
        field: 'org.creditCode',
        code: 'CREDIT_CODE_CHECK',
        message: 'check character should be T',
        severity: 'error',
      },
    ]);
  });

  it('only warns when the embedded organisation code is inconsistent', () => {
    const first17 = '91440300708461137'; // org check should be 6
    const r = validateCreditCode(first17 + creditCodeCheckChar(first17));
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings).toEqual([
      expect.objectContaining({ code: 'ORG_CODE_EMBEDDED_CHECK', severity: 'warning' }),
    ]);
    expect(r.ok && r.warnings[0]?.message).toContain('should be 6');
  });

  it('accepts generated valid codes', () => {
    fc.assert(
      fc.property(validCreditCode, (code) => {
        expect(validateCreditCode(code)).toEqual({
          ok: true,
          value: { creditCode: code, orgCode: code.slice(8, 17) },
          warnings: [],
        });
      }),
    );
  });

  it('rejects every single-character substitution', () => {
    fc.assert(
      fc.property(validCreditCode, fc.nat(17), fc.constantFrom(...CHARSET), (code, pos, ch) => {
        fc.pre(ch !== code.charAt(pos));
        const changed = code.slice(0, pos) + ch + code.slice(pos + 1);
        expect(validateCreditCode(changed).ok).toBe(false);
      }),
    );
  });
});

describe('validateOrgCode', () => {
  it.each([
    '70846113-6',
    '708461136',
    '70846103-x',
    '70846108-0',
    '７０８４６１１３－６',
    'm000100y-4',
  ])('accepts %s', (input) => {
    const r = validateOrgCode(input);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.orgCode).toMatch(/^[0-9A-Z]{8}[0-9X]$/);
  });

  it('returns the 9-character form without hyphen', () => {
    expect(validateOrgCode('70846113-6')).toEqual({
      ok: true,
      value: { orgCode: '708461136' },
      warnings: [],
    });
  });

  it.each([
    ['70846113-', 'ORG_CODE_FORMAT'],
    ['70846113-66', 'ORG_CODE_FORMAT'],
    ['7084611*-6', 'ORG_CODE_FORMAT'],
    ['70846113-A', 'ORG_CODE_FORMAT'],
    ['70846113-7', 'ORG_CODE_CHECK'],
  ])('rejects %s with %s', (input, code) => {
    expect(codes(validateOrgCode(input, { field: 'x' }))).toEqual([code]);
  });

  it('says what the check character should be', () => {
    const r = validateOrgCode('70846113-7');
    expect(!r.ok && r.issues[0]?.message).toBe('check character should be 6');
  });

  it('accepts generated valid codes', () => {
    fc.assert(
      fc.property(validOrgCode, (code) => {
        expect(validateOrgCode(code)).toEqual({ ok: true, value: { orgCode: code }, warnings: [] });
      }),
    );
  });

  it('rejects every substitution of a digit by another digit, and of the check character', () => {
    fc.assert(
      fc.property(validOrgCode, fc.nat(8), fc.constantFrom(...'0123456789X'), (code, pos, ch) => {
        fc.pre(ch !== code.charAt(pos) && (pos === 8 || /\d/.test(code.charAt(pos))));
        fc.pre(pos === 8 || ch !== 'X');
        const changed = code.slice(0, pos) + ch + code.slice(pos + 1);
        expect(validateOrgCode(changed).ok).toBe(false);
      }),
    );
  });

  it('cannot see a letter that differs from the original by 11 (known MOD 11 limit)', () => {
    // 0 (=0) and B (=11) are congruent mod 11, so GB 11714 alone cannot tell them apart.
    expect(orgCodeCheckChar('10000000')).toBe(orgCodeCheckChar('1B000000'));
    expect(validateOrgCode('1B000000-8').ok).toBe(true);
  });
});
