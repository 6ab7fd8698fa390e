import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.ts';
import { createRecordSplitter } from './record-layout.ts';

// GB18030 bytes, built by hand so the tests do not depend on an encoder:
// 张 = D5 C5, 三 = C8 FD, 億 = 83 7C (trail byte '|'), 乗 = 81 5C (trail byte '\').
const ZHANG_SAN = [0xd5, 0xc5, 0xc8, 0xfd];
const YI = [0x83, 0x7c];
const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)),
  );

describe('LineSplitter', () => {
  it('splits LF and CRLF lines across arbitrary chunk boundaries and flags a truncated last line', () => {
    const input = bytes('a|1\r\n', 'b|2\n', 'c|3');
    for (let cut = 1; cut < input.length; cut++) {
      const s = new LineSplitter();
      const lines = [...s.push(input.subarray(0, cut)), ...s.push(input.subarray(cut))];
      const last = s.end();
      const all = last ? [...lines, last] : lines;
      expect(
        all.map((l) => [l.lineNo, new TextDecoder().decode(l.bytes), l.ending, l.offset]),
      ).toEqual([
        [1, 'a|1', 'CRLF', 0],
        [2, 'b|2', 'LF', 5],
        [3, 'c|3', 'EOF', 9],
      ]);
    }
  });

  it('never cuts a GBK character: trail bytes are never 0x0A', () => {
    const s = new LineSplitter();
    const lines = s.push(bytes(ZHANG_SAN, '|', YI, '\n'));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.bytes).toEqual(bytes(ZHANG_SAN, '|', YI));
  });
});

describe('createRecordSplitter', () => {
  it('decodes GBK before splitting, so 億 (trail byte 0x7C) stays whole', () => {
    const split = createRecordSplitter(
      { type: 'delimited', delimiter: '|', trailingDelimiter: false, fieldCount: 2 },
      'GBK',
    );
    expect(split(bytes(ZHANG_SAN, '|', YI))).toEqual({ ok: true, fields: ['张三', '億'] });
  });

  it('supports multi-character and control-character delimiters and a trailing delimiter', () => {
    const multi = createRecordSplitter(
      { type: 'delimited', delimiter: '|@|', trailingDelimiter: true, fieldCount: 3 },
      'UTF-8',
    );
    expect(multi(bytes('a|@|b|c|@|d|@|'))).toEqual({ ok: true, fields: ['a', 'b|c', 'd'] });
    const soh = createRecordSplitter(
      { type: 'delimited', delimiter: '\u0001', trailingDelimiter: false, fieldCount: 2 },
      'UTF-8',
    );
    expect(soh(bytes('x\u0001y'))).toEqual({ ok: true, fields: ['x', 'y'] });
  });

  it('reports malformed bytes, NUL bytes and wrong field counts as record errors', () => {
    const split = createRecordSplitter(
      { type: 'delimited', delimiter: '|', trailingDelimiter: false, fieldCount: 2 },
      'GBK',
    );
    expect(split(bytes('x|', [0xd5]))).toMatchObject({ ok: false, code: 'ENCODING' });
    // A lone lead byte before the delimiter swallows it (0xD5 0x7C is a valid pair): the count catches it.
    expect(split(bytes([0xd5], '|x'))).toMatchObject({ ok: false, code: 'FIELD_COUNT' });
    expect(split(bytes('a\u0000|b'))).toMatchObject({ ok: false, code: 'NUL_BYTE' });
    expect(split(bytes('a|b|c'))).toMatchObject({ ok: false, code: 'FIELD_COUNT' });
    const utf8 = createRecordSplitter(
      { type: 'delimited', delimiter: '|', trailingDelimiter: false, fieldCount: 2 },
      'UTF-8',
    );
    expect(utf8(bytes(ZHANG_SAN, '|x'))).toMatchObject({ ok: false, code: 'ENCODING' });
  });

  it('slices fixed-width records by bytes and rejects a boundary that cuts a character', () => {
    const split = createRecordSplitter({ type: 'fixed', widths: [6, 4] }, 'GBK');
    expect(split(bytes(ZHANG_SAN, '  ', '0012'))).toEqual({ ok: true, fields: ['张三', '0012'] });
    const cut = createRecordSplitter({ type: 'fixed', widths: [3, 3] }, 'GBK');
    expect(cut(bytes(ZHANG_SAN, '  '))).toMatchObject({ ok: false, code: 'ENCODING' });
    expect(split(bytes('short'))).toMatchObject({ ok: false, code: 'RECORD_LENGTH' });
  });
});
