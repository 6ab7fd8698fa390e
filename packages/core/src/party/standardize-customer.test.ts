import { describe, expect, it } from 'vitest';
import { STANDARD_CODE_SETS } from './standard-codes.ts';
import { DEFAULT_EXTENSION_ATTRIBUTES } from './extension-attributes.ts';
import { standardizeCustomer, type CustomerStandardizeContext } from './standardize-customer.ts';
import { standardizeItem } from './standardize-item.ts';
import { completeness } from './completeness.ts';

const ctx: CustomerStandardizeContext = {
  codeSets: new Map(
    Object.entries(STANDARD_CODE_SETS).map(([k, v]) => [k, new Set(v.map((c) => c.code))]),
  ),
  mapCode: (set, code) => (set === 'GENDER' && code === 'M' ? '1' : undefined),
  today: new Date('2026-11-21T00:00:00Z'),
  isKnownRegion: (code) => code !== '110199',
  extensions: new Map(DEFAULT_EXTENSION_ATTRIBUTES.map((a) => [a.name, a])),
};

const fields = (issues: readonly { field: string }[]) => issues.map((i) => i.field);

describe('standardizeCustomer', () => {
  it('canonicalizes a resident ID and derives birth date and gender from it', () => {
    const r = standardizeCustomer(
      'individual',
      { name: ' 张三 ', idType: 'RESIDENT_ID', idNo: '11010519491231002x' },
      undefined,
      ctx,
      { partial: false },
    );
    expect(r.errors).toEqual([]);
    expect(r.attributes).toMatchObject({
      name: '张三',
      idNo: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: '2',
    });
    expect(r.derived).toEqual(['birthDate', 'gender']);
  });

  it('warns when a given birth date or gender contradicts the ID number, and on an unknown county', () => {
    const r = standardizeCustomer(
      'individual',
      {
        name: '张三',
        idType: 'RESIDENT_ID',
        idNo: '11010519491231002X',
        birthDate: '1950-01-01',
        gender: 'M',
      },
      undefined,
      ctx,
      { partial: false },
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['ID_BIRTH_DATE_MISMATCH', 'ID_GENDER_MISMATCH']),
    );
    expect(r.attributes.gender).toBe('1'); // mapped from the source's M, kept as sent
  });

  it('rejects each bad field with its own issue', () => {
    const r = standardizeCustomer(
      'individual',
      {
        idType: 'RESIDENT_ID',
        idNo: '110105194912310021',
        gender: 'X',
        birthDate: '2026-02-30',
        householdSize: 2.5,
        annualIncome: -1,
        creditCode: 'A',
      },
      { landAreaMu: 'many', unknownThing: 1 },
      ctx,
      { partial: false },
    );
    expect(fields(r.errors).sort()).toEqual(
      [
        'annualIncome',
        'birthDate',
        'creditCode',
        'ext.landAreaMu',
        'ext.unknownThing',
        'gender',
        'householdSize',
        'idNo',
        'name',
      ].sort(),
    );
  });

  it('requires an ID type with an ID number, but not a name on partial updates', () => {
    const r = standardizeCustomer('individual', { idNo: '11010519491231002X' }, undefined, ctx, {
      partial: true,
    });
    expect(r.errors).toEqual([expect.objectContaining({ field: 'idType', code: 'REQUIRED' })]);
  });

  it('keeps a non-GB11643 ID type as given, only normalized', () => {
    const r = standardizeCustomer(
      'individual',
      { name: 'John Smith', idType: 'PASSPORT', idNo: ' e 1234567 ' },
      undefined,
      ctx,
      { partial: false },
    );
    expect(r.attributes.idNo).toBe('E1234567');
  });

  it('takes the organization code out of the credit code and warns on a mismatch', () => {
    const r = standardizeCustomer(
      'corporate',
      { name: '某公司', creditCode: '91440300708461136t' },
      undefined,
      ctx,
      { partial: false },
    );
    expect(r.attributes).toMatchObject({ creditCode: '91440300708461136T', orgCode: '708461136' });
    const mismatch = standardizeCustomer(
      'corporate',
      { name: '某公司', creditCode: '91440300708461136T', orgCode: '19220382-1' },
      undefined,
      ctx,
      { partial: false },
    );
    expect(mismatch.warnings.map((w) => w.code)).toContain('ORG_CODE_MISMATCH');
  });
});

describe('standardizeItem', () => {
  it('normalizes phones, checks that a mobile is a mobile, and keys the item', () => {
    const ok = standardizeItem(
      'contacts',
      { contactType: 'MOBILE', value: '+86 138 0013 8000' },
      ctx,
      { path: 'contacts[0]', partial: false },
    );
    expect(ok.values.value).toBe('13800138000');
    expect(ok.itemKey).toBe('mobile|13800138000');
    const landline = standardizeItem(
      'contacts',
      { contactType: 'MOBILE', value: '0791-86123456' },
      ctx,
      { path: 'contacts[0]', partial: false },
    );
    expect(landline.errors.map((e) => e.code)).toEqual(['PHONE_NOT_MOBILE']);
  });

  it('parses addresses into levels and flags incomplete ones', () => {
    const full = standardizeItem(
      'addresses',
      { addressType: 'RESIDENTIAL', fullText: '江西省南昌市进贤县李渡镇新建村5组' },
      ctx,
      { path: 'a', partial: false },
    );
    expect(full.values).toMatchObject({
      province: '江西省',
      city: '南昌市',
      county: '进贤县',
      town: '李渡镇',
      village: '新建村',
    });
    const vague = standardizeItem(
      'addresses',
      { addressType: 'RESIDENTIAL', fullText: '村口大树下' },
      ctx,
      { path: 'a', partial: false },
    );
    expect(vague.warnings.map((w) => w.code)).toContain('ADDRESS_INCOMPLETE');
  });

  it('checks card numbers with Luhn as a warning for own-bank cards and rejects derived or unknown fields', () => {
    const card = standardizeItem(
      'accounts',
      { accountNo: '6217990000000000004', accountType: 'DEBIT_CARD' },
      ctx,
      { path: 'x', partial: false },
    );
    expect(card.errors).toEqual([]);
    expect(card.warnings.map((w) => w.code)).toContain('CARD_LUHN');
    const derived = standardizeItem(
      'addresses',
      { addressType: 'RESIDENTIAL', fullText: '北京市', province: '上海市' },
      ctx,
      { path: 'x', partial: false },
    );
    expect(derived.errors.map((e) => e.field)).toEqual(['x.province']);
  });

  it('validates periods, percentages and required fields', () => {
    expect(
      standardizeItem('analysis', { metric: 'AUM', period: '2026-13', value: 1 }, ctx, {
        path: 'p',
        partial: false,
      }).errors.map((e) => e.code),
    ).toEqual(['PERIOD_FORMAT']);
    expect(
      standardizeItem(
        'relations',
        { relationType: 'SHAREHOLDER', relatedName: '某', shareRatio: 120 },
        ctx,
        { path: 'r', partial: false },
      ).errors.map((e) => e.code),
    ).toEqual(['OUT_OF_RANGE']);
    expect(
      standardizeItem('events', { eventType: 'VISIT' }, ctx, { path: 'e', partial: false })
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['e.occurredAt', 'e.summary']);
  });
});

describe('completeness', () => {
  it('scores the expected items per kind and lists what is missing', () => {
    const c = completeness(
      'individual',
      { name: '张三', idType: 'RESIDENT_ID', idNo: 'x' },
      { contact: true, address: false },
    );
    expect(c.missing).toEqual([
      'gender',
      'birthDate',
      'nationality',
      'occupation',
      'maritalStatus',
      'customerCategory',
      'addresses',
    ]);
    expect(c.score).toBe(36);
  });
});

describe('roundDecimal', () => {
  it('rounds half away from zero on the decimal digits, like numeric', async () => {
    const { roundDecimal } = await import('./standardize-value.ts');
    expect(roundDecimal(100.005, 2)).toBe(100.01);
    expect(roundDecimal(-100.005, 2)).toBe(-100.01);
    expect(roundDecimal(1234.567, 2)).toBe(1234.57);
    expect(roundDecimal(1.23455, 4)).toBe(1.2346);
    expect(roundDecimal(5, 2)).toBe(5);
  });
});
