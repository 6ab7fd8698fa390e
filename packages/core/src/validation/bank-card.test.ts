import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLuhnValid, luhnCheckDigit, validateBankCardNo } from './bank-card.ts';

const digits = (min: number, max: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max })
    .map((d) => d.join(''));

/** 12–19 digit numbers with a correct Luhn digit. */
const validCard = digits(11, 18).map((p) => p + luhnCheckDigit(p));

describe('luhnCheckDigit / isLuhnValid', () => {
  it.each([
    ['7992739871', '3'],
    ['411111111111111', '1'],
    ['625094100652859', '9'],
    ['622260026000107244', '4'],
    ['0', '0'],
  ])('check digit of %s is %s', (partial, check) => {
    expect(luhnCheckDigit(partial)).toBe(check);
    expect(isLuhnValid(partial + check)).toBe(true);
  });

  it.each(['79927398710', '4111111111111112', '6217001234567890128'])('%s fails', (n) => {
    expect(isLuhnValid(n)).toBe(false);
  });

  it('is false for non-digit or empty input instead of throwing', () => {
    expect(isLuhnValid('')).toBe(false);
    expect(isLuhnValid('4111 1111 1111 1111')).toBe(false);
    expect(() => luhnCheckDigit('41a1')).toThrow(RangeError);
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
  });
});

describe('validateBankCardNo', () => {
  it.each([
    ['6222600260001072444', '6222600260001072444'],
    ['6250 9410 0652 8599', '6250941006528599'],
    ['6212-3456-7890-1232', '6212345678901232'],
    ['６２１２３４５６７８９０１２３２', '6212345678901232'],
  ])('accepts %s', (input, cardNo) => {
    expect(validateBankCardNo(input)).toEqual({ ok: true, value: { cardNo }, warnings: [] });
  });

  it.each([
    ['letters', '6212 3456 7890 123A', 'must contain digits only'],
    ['empty', '', 'must contain digits only'],
    ['too short', '62123456789', 'must be 12-19 digits, got 11'],
    ['too long', '62123456789012345678', 'must be 12-19 digits, got 20'],
  ])('rejects %s', (_, input, message) => {
    const r = validateBankCardNo(input, { field: 'account.cardNo' });
    expect(r).toEqual({
      ok: false,
      issues: [{ field: 'account.cardNo', code: 'CARD_FORMAT', message, severity: 'error' }],
    });
  });

  it('rejects a Luhn failure from outside input, naming the expected digit', () => {
    expect(validateBankCardNo('6217001234567890128')).toEqual({
      ok: false,
      issues: [
        {
          field: 'cardNo',
          code: 'CARD_LUHN',
          message: `Luhn check digit should be ${luhnCheckDigit('621700123456789012')}`,
          severity: 'error',
        },
      ],
    });
  });

  it('only warns on a Luhn failure for own-bank cards', () => {
    const r = validateBankCardNo('6217001234567890128', { ownBank: true });
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.cardNo).toBe('6217001234567890128');
    expect(r.ok && r.warnings.map((w) => [w.code, w.severity])).toEqual([['CARD_LUHN', 'warning']]);
  });

  it('still rejects a bad format for own-bank cards', () => {
    expect(validateBankCardNo('1234', { ownBank: true }).ok).toBe(false);
  });

  describe('properties', () => {
    it('accepts every generated valid number', () => {
      fc.assert(
        fc.property(validCard, (card) => {
          expect(validateBankCardNo(card)).toEqual({
            ok: true,
            value: { cardNo: card },
            warnings: [],
          });
        }),
      );
    });

    it('rejects any single-digit change', () => {
      fc.assert(
        fc.property(validCard, fc.nat(18), fc.integer({ min: 1, max: 9 }), (card, p, delta) => {
          const pos = p % card.length;
          const changed =
            card.slice(0, pos) + ((Number(card[pos]) + delta) % 10) + card.slice(pos + 1);
          expect(isLuhnValid(changed)).toBe(false);
          const r = validateBankCardNo(changed);
          expect(!r.ok && r.issues[0]?.code).toBe('CARD_LUHN');
        }),
      );
    });

    it('rejects adjacent transpositions except the 09/90 blind spot', () => {
      fc.assert(
        fc.property(validCard, fc.nat(17), (card, p) => {
          const pos = p % (card.length - 1);
          const [a, b] = [card.charAt(pos), card.charAt(pos + 1)];
          fc.pre(a !== b);
          const swapped = card.slice(0, pos) + b + a + card.slice(pos + 2);
          const blindSpot = (a === '0' && b === '9') || (a === '9' && b === '0');
          expect(isLuhnValid(swapped)).toBe(blindSpot);
        }),
      );
    });
  });
});
