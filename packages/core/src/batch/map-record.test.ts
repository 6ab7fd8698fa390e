import { describe, expect, it } from 'vitest';
import { convertDate, mapRecord } from './map-record.ts';
import { parseSourceMapping, type SourceMapping } from './source-mapping.ts';

const parsed = parseSourceMapping({
  system: 'LOAN',
  encoding: 'GBK',
  layout: { type: 'delimited', delimiter: '|' },
  columns: [
    { name: 'custNo', target: 'sourceCustomerNo' },
    { name: 'type', target: 'kind', codeMap: { '1': 'individual', '2': 'corporate' } },
    { name: 'op', target: 'operation' },
    { name: 'name', target: 'attributes.name' },
    { name: 'sex', target: 'attributes.gender', codeMap: { M: '1', F: '2' } },
    { name: 'birth', target: 'attributes.birthDate', dateFormat: 'YYYYMMDD' },
    { name: 'income', target: 'attributes.annualIncome', impliedDecimals: 2 },
    { name: 'mobile', target: 'contacts.MOBILE' },
    { name: 'addr', target: 'addresses.RESIDENTIAL' },
    { name: 'land', target: 'ext.landAreaMu' },
    { name: 'filler', target: 'ignore' },
  ],
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const mapping: SourceMapping = parsed.mapping;
const today = new Date('2026-11-21T00:00:00Z');

describe('mapRecord', () => {
  it('applies code maps, date formats, implied decimals and area targets; empty means not sent', () => {
    const r = mapRecord(
      mapping,
      [
        'L001',
        '1',
        'I',
        '张三',
        'M',
        '19491231',
        '1234567',
        '13800138000',
        '江西省南昌市',
        '',
        'x',
      ],
      today,
    );
    expect(r).toEqual({
      ok: true,
      record: {
        sourceCustomerNo: 'L001',
        kind: 'individual',
        operation: 'I',
        attributes: { name: '张三', gender: '1', birthDate: '1949-12-31', annualIncome: 12345.67 },
        ext: {},
        areas: {
          contacts: [{ contactType: 'MOBILE', value: '13800138000' }],
          addresses: [{ addressType: 'RESIDENTIAL', fullText: '江西省南昌市' }],
        },
      },
    });
  });

  it('names the column of each problem', () => {
    const r = mapRecord(mapping, ['', '9', 'I', '张三', 'M', '1949-1231x', '12.5'], today);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => i.field).sort()).toEqual([
        'birth',
        'income',
        'sourceCustomerNo',
        'type',
      ]);
  });
});

describe('convertDate', () => {
  it('reads two-digit years as the past', () => {
    expect(convertDate('491231', 'YYMMDD', today)).toBe('1949-12-31');
    expect(convertDate('050101', 'YYMMDD', today)).toBe('2005-01-01');
    expect(convertDate('2026/11/21', 'YYYY/MM/DD', today)).toBe('2026-11-21');
    expect(convertDate('2026111', 'YYYYMMDD', today)).toBeUndefined();
  });
});
