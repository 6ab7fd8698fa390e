import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Validation } from './issue.ts';
import type { PersonalIdInfo } from './national-id.ts';
import { convertLegacyId15, residentIdCheckDigit, validatePersonalIdNo } from './national-id.ts';

const today = new Date(2025, 5, 15);
const check = (input: string, opts = {}) => validatePersonalIdNo(input, { today, ...opts });

function codes(result: Validation<unknown>): string[] {
  return result.ok ? result.warnings.map((w) => w.code) : result.issues.map((i) => i.code);
}

function expectValue(result: Validation<PersonalIdInfo>): PersonalIdInfo {
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const province = fc.constantFrom('11', '13', '23', '31', '37', '44', '46', '50', '54', '65', '81');
const yyyymmdd = fc
  .date({ min: new Date(1900, 0, 1), max: new Date(2025, 0, 1), noInvalidDate: true })
  .map(
    (d) =>
      `${d.getFullYear()}${`${d.getMonth() + 1}`.padStart(2, '0')}${`${d.getDate()}`.padStart(2, '0')}`,
  );
const validId = fc.tuple(province, digits(4), yyyymmdd, digits(3)).map(([p, county, date, seq]) => {
  const first17 = `${p}${county}${date}${seq}`;
  return first17 + residentIdCheckDigit(first17);
});

describe('residentIdCheckDigit', () => {
  it('matches the GB 11643 vectors', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
    expect(residentIdCheckDigit('44052418800101001')).toBe('4');
  });

  // Computed with an independent implementation, one vector per possible check digit.
  it.each([
    '110105199003070180',
    '110105199003070041',
    '110105199003070092',
    '110105199003070033',
    '110105199003070084',
    '110105199003070025',
    '110105199003070076',
    '110105199003070017',
    '110105199003070068',
    '110105199003070009',
    '11010519900307005X',
  ])('gives the right check digit for %s', (id) => {
    expect(residentIdCheckDigit(id.slice(0, 17))).toBe(id.charAt(17));
    expect(check(id).ok).toBe(true);
  });

  it('rejects anything but 17 digits', () => {
    expect(() => residentIdCheckDigit('1101051949123100')).toThrow(RangeError);
    expect(() => residentIdCheckDigit('1101051949123100A')).toThrow(RangeError);
  });
});

describe('convertLegacyId15', () => {
  it('inserts 19 and appends the check digit', () => {
    expect(convertLegacyId15('110105491231002')).toBe('11010519491231002X');
  });

  it('rejects non-15-digit input', () => {
    expect(() => convertLegacyId15('11010519491231002X')).toThrow(RangeError);
  });
});

describe('validatePersonalIdNo', () => {
  it('accepts the standard vectors and decodes them', () => {
    expect(expectValue(check('11010519491231002X'))).toEqual({
      idNo: '11010519491231002X',
      original: '11010519491231002X',
      convertedFrom15: false,
      birthDate: '1949-12-31',
      gender: '2',
      regionCode: '110105',
      kind: 'resident',
    });
    const v = expectValue(check('440524188001010014'));
    expect(v.birthDate).toBe('1880-01-01');
    expect(v.gender).toBe('1');
  });

  it('converts a 15-digit number and keeps the original', () => {
    const v = expectValue(check('110105491231002'));
    expect(v.idNo).toBe('11010519491231002X');
    expect(v.original).toBe('110105491231002');
    expect(v.convertedFrom15).toBe(true);
  });

  it.each([
    ['lowercase x', '11010519491231002x'],
    ['full-width', '１１０１０５１９４９１２３１００２Ｘ'],
    ['spaces and hyphens', ' 110105 19491231 002X '],
    ['hyphens', '110105-19491231-002x'],
  ])('normalises %s', (_, input) => {
    const v = expectValue(check(input));
    expect(v.idNo).toBe('11010519491231002X');
    expect(v.original).toBe(input);
  });

  it.each([
    ['too short', '1101051949123100', 'ID_FORMAT'],
    ['letters inside', '1101051949A231002X', 'ID_FORMAT'],
    ['X not last', '1101051949123100X2', 'ID_FORMAT'],
    ['empty', '', 'ID_FORMAT'],
    ['wrong check digit', '110105194912310021', 'ID_CHECK_DIGIT'],
  ])('rejects %s', (_, input, code) => {
    const r = check(input);
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual([code]);
  });

  it('says what the check digit should be', () => {
    const r = check('110105194912310021');
    expect(!r.ok && r.issues[0]?.message).toBe('check digit should be X');
  });

  it('rejects 30 February even with a correct check digit', () => {
    const first17 = '11010519490230002';
    const r = check(first17 + residentIdCheckDigit(first17));
    expect(codes(r)).toEqual(['ID_BIRTH_DATE']);
    expect(!r.ok && r.issues[0]?.message).toContain('not a real date');
  });

  it.each(['19900001', '19901301', '19900100', '19900431'])('rejects impossible date %s', (d) => {
    const first17 = `110105${d}002`;
    expect(codes(check(first17 + residentIdCheckDigit(first17)))).toEqual(['ID_BIRTH_DATE']);
  });

  it('accepts 29 February only in leap years', () => {
    const leap = '11010520000229002';
    const nonLeap = '11010519000229002';
    expect(check(leap + residentIdCheckDigit(leap)).ok).toBe(true);
    expect(codes(check(nonLeap + residentIdCheckDigit(nonLeap)))).toEqual(['ID_BIRTH_DATE']);
  });

  it('rejects a future birth date relative to opts.today', () => {
    const first17 = '11010520250616002';
    const id = first17 + residentIdCheckDigit(first17);
    expect(codes(check(id))).toEqual(['ID_BIRTH_DATE']);
    expect(check(id, { today: new Date(2025, 5, 16) }).ok).toBe(true);
  });

  it('enforces minBirthYear', () => {
    expect(codes(check('440524188001010014', { minBirthYear: 1900 }))).toEqual(['ID_BIRTH_DATE']);
    const first17 = '11010518491231002';
    expect(codes(check(first17 + residentIdCheckDigit(first17)))).toEqual(['ID_BIRTH_DATE']);
  });

  it('rejects an unknown province prefix and reports every error at once', () => {
    const first17 = '29010519490230002'; // 29: no such province; 30 February
    const wrong = residentIdCheckDigit(first17) === '0' ? '1' : '0';
    const r = check(first17 + wrong);
    expect(r.ok).toBe(false);
    expect(codes(r).sort()).toEqual(['ID_BIRTH_DATE', 'ID_CHECK_DIGIT', 'ID_PROVINCE']);
  });

  it.each(['81', '82', '83'])('accepts residence-permit prefix %s', (p) => {
    const first17 = `${p}000019900101001`;
    expect(expectValue(check(first17 + residentIdCheckDigit(first17))).kind).toBe('resident');
  });

  it('warns (does not reject) on an unknown county code', () => {
    const isKnownRegion = (code: string) => code === '110105';
    expect(check('11010519491231002X', { isKnownRegion })).toMatchObject({
      ok: true,
      warnings: [],
    });
    const first17 = '11019919491231002';
    const r = check(first17 + residentIdCheckDigit(first17), { isKnownRegion, field: 'p.idNo' });
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings).toEqual([
      expect.objectContaining({ field: 'p.idNo', code: 'ID_REGION_UNKNOWN', severity: 'warning' }),
    ]);
  });

  it('uses the field option on errors', () => {
    const r = validatePersonalIdNo('123', { field: 'holder.idNo' });
    expect(!r.ok && r.issues[0]).toMatchObject({ field: 'holder.idNo', severity: 'error' });
  });

  describe('foreign permanent-residence ID (prefix 9)', () => {
    it('accepts it with the same check digit and no province check', () => {
      const first17 = '93115619850615001';
      const v = expectValue(check(first17 + residentIdCheckDigit(first17)));
      expect(v).toMatchObject({ kind: 'foreign-permanent', birthDate: '1985-06-15', gender: '1' });
    });

    it('turns an impossible date into a warning, not an error', () => {
      const first17 = '93115619851340002';
      const r = check(first17 + residentIdCheckDigit(first17));
      expect(r.ok).toBe(true);
      expect(r.ok && r.value.birthDate).toBeNull();
      expect(r.ok && r.warnings.map((w) => [w.code, w.severity])).toEqual([
        ['ID_BIRTH_DATE', 'warning'],
      ]);
    });

    it('still rejects a wrong check digit', () => {
      const first17 = '93115619850615001';
      const wrong = residentIdCheckDigit(first17) === '0' ? '1' : '0';
      expect(codes(check(first17 + wrong))).toEqual(['ID_CHECK_DIGIT']);
    });
  });

  describe('properties', () => {
    it('accepts any well-formed number with its computed check digit', () => {
      fc.assert(
        fc.property(validId, (id) => {
          const v = expectValue(check(id));
          expect(v.idNo).toBe(id);
          expect(v.birthDate?.replaceAll('-', '')).toBe(id.slice(6, 14));
          expect(v.gender).toBe(Number(id[16]) % 2 === 1 ? '1' : '2');
        }),
      );
    });

    it('detects any single-character change', () => {
      fc.assert(
        fc.property(validId, fc.nat(17), fc.integer({ min: 1, max: 10 }), (id, pos, delta) => {
          const alphabet = pos === 17 ? '0123456789X' : '0123456789';
          const old = alphabet.indexOf(id.charAt(pos));
          const replacement = alphabet.charAt((old + delta) % alphabet.length);
          fc.pre(replacement !== id.charAt(pos));
          const changed = id.slice(0, pos) + replacement + id.slice(pos + 1);
          expect(codes(check(changed))).toContain('ID_CHECK_DIGIT');
        }),
      );
    });

    it('detects any swap of two adjacent different digits', () => {
      fc.assert(
        fc.property(validId, fc.nat(16), (id, pos) => {
          const [a, b] = [id.charAt(pos), id.charAt(pos + 1)];
          fc.pre(a !== b && b !== 'X');
          const swapped = id.slice(0, pos) + b + a + id.slice(pos + 2);
          expect(codes(check(swapped))).toContain('ID_CHECK_DIGIT');
        }),
      );
    });

    it('round-trips 15 → 18 digits', () => {
      const id15 = fc
        .tuple(province, digits(4), yyyymmdd, digits(3))
        .filter(([, , date]) => date.startsWith('19'))
        .map(([p, county, date, seq]) => `${p}${county}${date.slice(2)}${seq}`);
      fc.assert(
        fc.property(id15, (legacy) => {
          const id18 = convertLegacyId15(legacy);
          expect(id18.slice(0, 6) + id18.slice(8, 17)).toBe(legacy);
          expect(id18.slice(6, 8)).toBe('19');
          const v = expectValue(check(legacy));
          expect(v).toMatchObject({ idNo: id18, convertedFrom15: true, original: legacy });
          expect(expectValue(check(id18)).idNo).toBe(id18);
        }),
      );
    });
  });
});
