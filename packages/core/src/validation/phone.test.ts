import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Validation } from './issue.ts';
import { normalizeMobile, validatePhone } from './phone.ts';

function codes(result: Validation<unknown>): string[] {
  return result.ok ? result.warnings.map((w) => w.code) : result.issues.map((i) => i.code);
}

describe('normalizeMobile', () => {
  it.each([
    '13812345678',
    '138 1234 5678',
    '138-1234-5678',
    '+86 138 1234 5678',
    '+86-138-1234-5678',
    '+8613812345678',
    '(+86) 13812345678',
    '+86 (138) 1234-5678',
    '008613812345678',
    '0086 138 1234 5678',
    '8613812345678',
    '86 138 1234 5678',
    '１３８１２３４５６７８',
    '＋８６　１３８－１２３４－５６７８',
    '（＋86）138 1234 5678',
    '138.1234.5678',
    '138—1234—5678',
    ' 13812345678 ',
    '013812345678',
  ])('reduces %j to 13812345678', (input) => {
    expect(normalizeMobile(input)).toBe('13812345678');
  });

  it.each([
    '',
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '12812345678', // 12x is not a mobile range
    '10012345678',
    '+85213812345678', // Hong Kong country code
    '86138123456789',
    '0791-86123456',
    '1381234567a',
    '+86 0791 86123456',
  ])('returns null for %j', (input) => {
    expect(normalizeMobile(input)).toBeNull();
  });

  it('is idempotent and agrees with ^1[3-9]\\d{9}$ on any decoration', () => {
    const mobile = fc
      .tuple(
        fc.integer({ min: 3, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), {
          minLength: 9,
          maxLength: 9,
        }),
      )
      .map(([second, rest]) => `1${second}${rest.join('')}`);
    const prefix = fc.constantFrom('', '+86', '+86 ', '0086', '86', '(+86)', '+86-');
    const sep = fc.constantFrom('', ' ', '-');
    fc.assert(
      fc.property(mobile, prefix, sep, (m, p, s) => {
        const decorated = `${p}${m.slice(0, 3)}${s}${m.slice(3, 7)}${s}${m.slice(7)}`;
        expect(normalizeMobile(decorated)).toBe(m);
        expect(normalizeMobile(m)).toBe(m);
      }),
    );
  });
});

describe('validatePhone', () => {
  it('returns a mobile in 11 digits with no warnings', () => {
    expect(validatePhone('+86 139-0000-1111')).toEqual({
      ok: true,
      value: { phone: '13900001111', kind: 'mobile' },
      warnings: [],
    });
  });

  it.each(['16212345678', '16512345678', '16712345678', '17012345678', '17112345678'])(
    'accepts virtual-operator %s with a warning',
    (input) => {
      const r = validatePhone(input, { field: 'contacts[0].value' });
      expect(r.ok && r.value).toEqual({ phone: input, kind: 'mobile' });
      expect(r.ok && r.warnings).toEqual([
        {
          field: 'contacts[0].value',
          code: 'PHONE_VIRTUAL_OPERATOR',
          message: `${input.slice(0, 3)} is a virtual-operator range`,
          severity: 'warning',
        },
      ]);
    },
  );

  it.each(['16612345678', '17312345678', '17712345678', '19912345678'])(
    'does not flag ordinary range %s',
    (input) => {
      expect(validatePhone(input)).toMatchObject({ ok: true, warnings: [] });
    },
  );

  it.each([
    ['0791-86123456', '0791-86123456'],
    ['0791 86123456', '0791-86123456'],
    ['079186123456', '0791-86123456'],
    ['(0791)86123456', '0791-86123456'],
    ['（0791）86123456', '0791-86123456'],
    ['0791－86123456', '0791-86123456'],
    ['+86 791 86123456', '0791-86123456'],
    ['+86-791-8612-3456', '0791-86123456'],
    ['0086 791 86123456', '0791-86123456'],
    ['+86 (0)791 86123456', '0791-86123456'],
    ['010 12345678', '010-12345678'],
    ['01012345678', '010-12345678'],
    ['010-62345678', '010-62345678'],
    ['(010)8234 5678', '010-82345678'],
    ['+86 10 6234 5678', '010-62345678'],
    ['(0755)12345678', '0755-12345678'],
    ['(0755)82345678', '0755-82345678'],
    ['0755-2234567', '0755-2234567'],
    ['021-5012 3456', '021-50123456'],
    ['０７９１－８６１２３４５６', '0791-86123456'],
  ])('accepts landline %j as %s', (input, phone) => {
    expect(validatePhone(input)).toEqual({
      ok: true,
      value: { phone, kind: 'landline' },
      warnings: [],
    });
  });

  it.each([
    ['0791-86123456-123', '123'],
    ['0791-86123456转123', '123'],
    ['0791-86123456 转 8001', '8001'],
    ['0791-86123456分机12', '12'],
    ['0791-86123456 ext. 55', '55'],
    ['0791-86123456 EXT 55', '55'],
    ['0791-86123456x7', '7'],
    ['0791-86123456#321', '321'],
    ['(0791) 8612 3456 - 9', '9'],
  ])('splits the extension off %j', (input, extension) => {
    expect(validatePhone(input)).toEqual({
      ok: true,
      value: { phone: '0791-86123456', kind: 'landline', extension },
      warnings: [],
    });
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['12812345678', 'mobile numbers start with 13-19'],
    ['1381234567', 'mobile number must have 11 digits, got 10'],
    ['+86 1381234567', 'mobile number must have 11 digits, got 10'],
    ['86123456', 'landline needs an area code'],
    ['010-1234567', 'not a valid area code and local number'],
    ['026-12345678', 'not a valid area code and local number'],
    ['0791-861234567', 'not a valid area code and local number'],
    ['0791-06123456', 'not a valid area code and local number'],
    ['0261-86123456', 'not a valid area code and local number'],
    ['4008208820', 'not a mainland mobile or landline number'],
    ['tel:13812345678', 'contains characters'],
    ['138 1234 567a', 'contains characters'],
    ['无', 'contains characters'],
  ])('rejects %j: %s', (input, reason) => {
    const r = validatePhone(input);
    expect(codes(r)).toEqual(['PHONE_FORMAT']);
    expect(!r.ok && r.issues[0]?.message).toContain(reason);
    expect(!r.ok && r.issues[0]?.field).toBe('phone');
  });

  it('never reports a landline and a mobile for the same digits', () => {
    const landline = fc
      .tuple(
        fc.constantFrom('010', '021', '0791', '0755', '0931'),
        fc.integer({ min: 2, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }),
        fc.constantFrom('-', ' ', ''),
      )
      .map(([area, head, rest, sep]) => ({ area, local: `${head}${rest.join('')}`, sep }));
    fc.assert(
      fc.property(landline, ({ area, local, sep }) => {
        const r = validatePhone(`${area}${sep}${local}`);
        expect(r).toEqual({
          ok: true,
          value: { phone: `${area}-${local}`, kind: 'landline' },
          warnings: [],
        });
      }),
    );
  });
});
