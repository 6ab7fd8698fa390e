import type { SourceMapping } from '../batch/source-mapping.ts';
import { encodeGbk, encodeGbkInto } from '../batch/encode-gbk.ts';

type Control = Extract<SourceMapping['trailer'], { type: 'control' }>;

/** Turns records into the exact bytes of a source's file, as its mapping describes them. */
export interface LineEncoder {
  /** Line terminator bytes (`CRLF` or `LF`; `any` writes LF). */
  readonly eol: Uint8Array;
  /** One data record, without the line terminator. */
  readonly record: (fields: readonly string[]) => Uint8Array;
  /** The header line, or `undefined` when the mapping has none. */
  readonly header: (count: number, amountSum: bigint) => Uint8Array | undefined;
  /** The trailer line, or `undefined` when the mapping has none. */
  readonly trailer: (count: number, amountSum: bigint) => Uint8Array | undefined;
}

const utf8 = new TextEncoder();

function encodeText(mapping: SourceMapping, text: string): Uint8Array {
  // GBK bytes are valid GB18030, and the synthetic data stays inside GBK on purpose: a
  // character outside it throws here rather than reaching a file as `?`.
  return mapping.encoding === 'UTF-8' ? utf8.encode(text) : encodeGbk(text);
}

/** UTF-8 bytes of `text` cut at a character boundary to at most `max` bytes. */
function utf8Into(text: string, out: Uint8Array, offset: number, max: number): number {
  let at = 0;
  for (const ch of text) {
    const bytes = utf8.encode(ch);
    if (at + bytes.length > max) break;
    out.set(bytes, offset + at);
    at += bytes.length;
  }
  return at;
}

function checkDelimited(
  mapping: SourceMapping,
  delimiter: string,
  fields: readonly string[],
): void {
  for (const [i, f] of fields.entries()) {
    if (f.includes(delimiter) || f.includes('\n') || f.includes('\r')) {
      const name = mapping.columns[i]?.name ?? String(i);
      throw new Error(`${mapping.system}.${name}: value contains the delimiter or a newline`);
    }
  }
}

export function createLineEncoder(mapping: SourceMapping): LineEncoder {
  const eol = utf8.encode(mapping.lineEnding === 'CRLF' ? '\r\n' : '\n');
  const layout = mapping.layout;
  const count = mapping.columns.length;

  const control = (c: Control, records: number, amountSum: bigint): Uint8Array => {
    if (layout.type !== 'delimited') throw new Error('control records need a delimited layout');
    const fields = new Array<string>(Math.max(c.recordCountField, c.amountSumField ?? 0, 1)).fill(
      '',
    );
    fields[0] = c.marker;
    fields[c.recordCountField - 1] = String(records);
    if (c.amountSumField !== undefined) fields[c.amountSumField - 1] = amountSum.toString();
    const text = fields.join(layout.delimiter) + (layout.trailingDelimiter ? layout.delimiter : '');
    return encodeText(mapping, text);
  };

  let record: (fields: readonly string[]) => Uint8Array;
  if (layout.type === 'fixed') {
    const widths = mapping.columns.map((c) => c.width ?? 0);
    const total = widths.reduce((a, b) => a + b, 0);
    record = (fields) => {
      if (fields.length !== count) throw new Error(`${mapping.system}: expected ${count} fields`);
      // Spaces pad every field to its byte width; a long value is cut between characters.
      const out = new Uint8Array(total).fill(0x20);
      let offset = 0;
      widths.forEach((w, i) => {
        const value = fields[i] ?? '';
        if (mapping.encoding === 'UTF-8') utf8Into(value, out, offset, w);
        else encodeGbkInto(value, out, offset, w);
        offset += w;
      });
      return out;
    };
  } else {
    const { delimiter, trailingDelimiter } = layout;
    record = (fields) => {
      if (fields.length !== count) throw new Error(`${mapping.system}: expected ${count} fields`);
      checkDelimited(mapping, delimiter, fields);
      return encodeText(mapping, fields.join(delimiter) + (trailingDelimiter ? delimiter : ''));
    };
  }

  return {
    eol,
    record,
    header: (records, amountSum) => {
      const h = mapping.header;
      if (h.type === 'none') return undefined;
      if (h.type === 'control') return control(h, records, amountSum);
      if (layout.type !== 'delimited') throw new Error('a column-name header needs delimiters');
      return encodeText(mapping, mapping.columns.map((c) => c.name).join(layout.delimiter));
    },
    trailer: (records, amountSum) =>
      mapping.trailer.type === 'control' ? control(mapping.trailer, records, amountSum) : undefined,
  };
}
