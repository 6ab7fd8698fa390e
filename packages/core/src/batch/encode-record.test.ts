import { describe, expect, it } from 'vitest';
import {
  createFileEncoder,
  parseExportMapping,
  parseUnencodablePolicy,
  type EncodedRecord,
  type UnencodablePolicy,
} from './encode-record.ts';
import { createColumnFormatter } from './encode-value.ts';
import { mapRecord } from './map-record.ts';
import { createRecordSplitter } from './record-layout.ts';
import type { SourceMapping } from './source-mapping.ts';

const gbk = new TextDecoder('gbk', { fatal: true });
const FAIL: UnencodablePolicy = { action: 'fail' };

function mappingOf(document: unknown): SourceMapping {
  const parsed = parseExportMapping(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.mapping;
}

const fixed = mappingOf({
  system: 'CORE',
  encoding: 'GBK',
  lineEnding: 'CRLF',
  layout: { type: 'fixed' },
  trailer: {
    type: 'control',
    marker: 'T',
    recordCountField: 2,
    amountSumField: 3,
    amountColumn: 'BAL',
  },
  columns: [
    { name: 'NO', target: 'sourceCustomerNo', width: 12 },
    { name: 'TYPE', target: 'kind', width: 1, codeMap: { '1': 'individual', '2': 'corporate' } },
    { name: 'NAME', target: 'attributes.name', width: 10 },
    { name: 'SEX', target: 'attributes.gender', width: 1, codeMap: { M: '1', F: '2', m: '1' } },
    { name: 'BIRTH', target: 'attributes.birthDate', width: 8, dateFormat: 'YYYYMMDD' },
    { name: 'BAL', target: 'accounts.balance', width: 12, impliedDecimals: 2 },
  ],
});

const delimited = mappingOf({
  system: 'LOAN',
  encoding: 'GBK',
  lineEnding: 'LF',
  layout: { type: 'delimited', delimiter: '|@|', trailingDelimiter: true },
  header: { type: 'control', marker: 'H', recordCountField: 2 },
  trailer: {
    type: 'control',
    marker: 'T',
    recordCountField: 2,
    amountSumField: 3,
    amountColumn: 'BAL',
  },
  kind: 'individual',
  columns: [
    { name: 'NO', target: 'sourceCustomerNo' },
    { name: 'NAME', target: 'attributes.name' },
    { name: 'BIRTH', target: 'attributes.birthDate', dateFormat: 'YYMMDD' },
    { name: 'BAL', target: 'accounts.balance' },
  ],
});

const ok = (r: EncodedRecord) => {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
};

describe('parseExportMapping and parseUnencodablePolicy', () => {
  it('reports loader and export mistakes by mapping key', () => {
    const parsed = parseExportMapping({
      system: 'CORE',
      encoding: 'GBK',
      layout: { type: 'fixed' },
      header: { type: 'columnNames' },
      trailer: { type: 'control', marker: 'T', recordCountField: 1 },
      kind: 'individual',
      columns: [{ name: 'NO', target: 'sourceCustomerNo', width: 12 }],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.field)).toEqual([
      'mapping.header',
      'mapping.trailer.recordCountField',
    ]);
    const loaderMistake = parseExportMapping({ ...fixed, columns: [{ name: 'x', target: 'foo' }] });
    expect(loaderMistake.ok ? [] : loaderMistake.issues.map((i) => i.field)).toContain(
      'mapping.columns[0].target',
    );
  });

  it('accepts fail, skip and one encodable replacement character', () => {
    expect(parseUnencodablePolicy('fail', fixed)).toEqual({ ok: true, policy: FAIL });
    expect(parseUnencodablePolicy('skip', fixed)).toEqual({ ok: true, policy: { action: 'skip' } });
    expect(parseUnencodablePolicy('replace:＊', fixed)).toEqual({
      ok: true,
      policy: { action: 'replace', replacement: '＊' },
    });
    for (const bad of ['ignore', 'replace:', 'replace:ab', 'replace:𠀀', 'replace: ']) {
      expect(parseUnencodablePolicy(bad, fixed), bad).toMatchObject({
        ok: false,
        issue: { field: 'unencodable' },
      });
    }
    expect(parseUnencodablePolicy('replace:@', delimited).ok).toBe(false);
  });
});

describe('createColumnFormatter', () => {
  it('reverses code maps (first code wins) and formats dates and implied decimals', () => {
    const [, type, , sex, birth, bal] = fixed.columns.map((c) => createColumnFormatter(c));
    expect(type?.('corporate')).toEqual({ ok: true, text: '2' });
    expect(sex?.('1')).toEqual({ ok: true, text: 'M' });
    expect(sex?.('9')).toEqual({ ok: true, text: '9' });
    expect(birth?.('1985-06-15')).toEqual({ ok: true, text: '19850615' });
    expect(birth?.('15/06/1985')).toMatchObject({ ok: false });
    expect(bal?.(1234.5)).toEqual({ ok: true, text: '123450' });
    expect(bal?.(-0.07)).toEqual({ ok: true, text: '-7' });
    expect(bal?.(1.234)).toMatchObject({ ok: false });
    expect(bal?.(null)).toEqual({ ok: true, text: '' });
  });
});

describe('createFileEncoder', () => {
  it('writes exact byte widths padded with spaces, which the loader splits and maps back', () => {
    const encoder = createFileEncoder(fixed, FAIL);
    const golden = ['100000000016', 'individual', '张三丰', '1', '1985-06-15', 1234.5];
    const { bytes } = ok(encoder.record(golden));
    expect(bytes.length).toBe(44);
    expect(gbk.decode(bytes)).toBe('1000000000161张三丰    M19850615123450      ');
    const split = createRecordSplitter(
      { type: 'fixed', widths: [12, 1, 10, 1, 8, 12] },
      'GBK',
    )(bytes);
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    const mapped = mapRecord(fixed, split.fields, new Date('2026-11-22'));
    expect(mapped).toMatchObject({
      ok: true,
      record: {
        sourceCustomerNo: '100000000016',
        kind: 'individual',
        attributes: { name: '张三丰', gender: '1', birthDate: '1985-06-15' },
        areas: {},
      },
    });
  });

  it('reports an overlong value instead of truncating it', () => {
    const r = createFileEncoder(fixed, FAIL).record([
      '1',
      'individual',
      '张'.repeat(6),
      '1',
      '',
      '',
    ]);
    expect(r).toMatchObject({
      ok: false,
      problems: [{ column: 'NAME', reason: 'TOO_LONG', message: 'is 12 bytes, the column is 10' }],
    });
  });

  it('fails or skips a record with a character outside GBK, and replaces it on request', () => {
    const values = ['1', 'individual', '王𠀀明', '1', '', ''];
    for (const policy of [FAIL, { action: 'skip' } as const]) {
      expect(createFileEncoder(fixed, policy).record(values)).toMatchObject({
        ok: false,
        problems: [{ column: 'NAME', reason: 'UNENCODABLE', character: '𠀀' }],
      });
    }
    const encoder = createFileEncoder(fixed, { action: 'replace', replacement: '*' });
    const r = ok(encoder.record(values));
    expect(gbk.decode(r.bytes.subarray(13, 23))).toBe('王*明     ');
    expect(r.replaced).toMatchObject([{ column: 'NAME', character: '𠀀' }]);
    expect(encoder.count).toBe(1);
  });

  it('refuses values with the delimiter or a line break rather than splitting them', () => {
    const encoder = createFileEncoder(delimited, FAIL);
    expect(encoder.record(['1', 'a|@|b', '', ''])).toMatchObject({
      ok: false,
      problems: [{ column: 'NAME', reason: 'DELIMITER' }],
    });
    expect(encoder.record(['1', 'a\nb', '', ''])).toMatchObject({
      ok: false,
      problems: [{ reason: 'CONTROL_CHARACTER' }],
    });
    expect(encoder.count).toBe(0);
  });

  it('writes delimited records and control records with count and decimal amount sum', () => {
    const encoder = createFileEncoder(delimited, FAIL);
    const a = ok(encoder.record(['1', '李四', '1990-01-02', 100.5]));
    ok(encoder.record(['2', '王五', null, 0.25]));
    expect(encoder.record(['3', '𠀀', null, 1]).ok).toBe(false);
    expect(gbk.decode(a.bytes)).toBe('1|@|李四|@|900102|@|100.5|@|');
    expect(gbk.decode(encoder.header() ?? new Uint8Array())).toBe('H|@|2|@|');
    expect(gbk.decode(encoder.trailer() ?? new Uint8Array())).toBe('T|@|2|@|100.75|@|');
    expect(new TextDecoder().decode(encoder.eol)).toBe('\n');
  });

  it('writes fixed-width control records as space-separated fields and sums implied decimals', () => {
    const encoder = createFileEncoder(fixed, FAIL);
    ok(encoder.record(['1', 'individual', '甲', '1', '', 10]));
    ok(encoder.record(['2', 'individual', '乙', '2', '', 0.5]));
    expect(gbk.decode(encoder.trailer() ?? new Uint8Array())).toBe('T 2 1050');
    expect(encoder.header()).toBeUndefined();
    expect(new TextDecoder().decode(encoder.eol)).toBe('\r\n');
  });
});
