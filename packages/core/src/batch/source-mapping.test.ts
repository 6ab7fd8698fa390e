import { describe, expect, it } from 'vitest';
import { parseSourceMapping } from './source-mapping.ts';

const valid = {
  system: 'LOAN',
  encoding: 'GBK',
  lineEnding: 'CRLF',
  layout: { type: 'delimited', delimiter: '|@|', trailingDelimiter: true },
  trailer: {
    type: 'control',
    marker: 'T',
    recordCountField: 2,
    amountSumField: 3,
    amountColumn: 'balance',
  },
  companion: { suffix: '.ok', required: true, contents: 'recordCount' },
  kind: 'individual',
  columns: [
    { name: 'custNo', target: 'sourceCustomerNo' },
    { name: 'name', target: 'attributes.name' },
    { name: 'sex', target: 'attributes.gender', codeMap: { M: '1', F: '2' } },
    { name: 'birth', target: 'attributes.birthDate', dateFormat: 'YYYYMMDD' },
    { name: 'mobile', target: 'contacts.MOBILE' },
    { name: 'balance', target: 'ignore', impliedDecimals: 2 },
  ],
};

describe('parseSourceMapping', () => {
  it('accepts a complete mapping and fills defaults', () => {
    const r = parseSourceMapping(valid);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.mapping.header).toEqual({ type: 'none' });
  });

  it.each([
    ['unknown encoding', { encoding: 'BIG5' }, 'encoding'],
    ['unknown key', { colour: 'red' }, 'colour'],
    [
      'bad target',
      { columns: [{ name: 'x', target: 'attributes' }, ...valid.columns.slice(0, 1)] },
      'columns[0].target',
    ],
    [
      'unknown attribute',
      { columns: [...valid.columns, { name: 'shoe', target: 'attributes.shoeSize' }] },
      'columns[6].target',
    ],
    ['no source key', { columns: valid.columns.slice(1) }, 'columns'],
    ['fixed without widths', { layout: { type: 'fixed' } }, 'columns[0].width'],
    [
      'unknown amount column',
      { trailer: { type: 'control', marker: 'T', recordCountField: 2, amountColumn: 'nope' } },
      'trailer.amountColumn',
    ],
    [
      'typo inside a column',
      { columns: [{ name: 'custNo', target: 'sourceCustomerNo', widht: 3 }] },
      'columns[0].widht',
    ],
  ])('names the key of a mistake: %s', (_label, patch, field) => {
    const r = parseSourceMapping({ ...valid, ...patch });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field)).toContain(field);
  });
});
