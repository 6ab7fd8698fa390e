import { createDecoder, type FileEncoding } from './decode.ts';

/** How one record line is cut into fields. */
export type RecordLayout =
  | {
      readonly type: 'delimited';
      /** Any string: '|', '|@|', '\t', '\u0001', '\u001f'… applied after decoding. */
      readonly delimiter: string;
      /** The line ends with one more delimiter (common in bank extracts). */
      readonly trailingDelimiter: boolean;
      readonly fieldCount: number;
    }
  | {
      readonly type: 'fixed';
      /** Width of each field in bytes of the file's encoding, in order. */
      readonly widths: readonly number[];
    };

export type SplitResult =
  { ok: true; fields: string[] } | { ok: false; code: string; reason: string };

/**
 * Cuts a line into its fields. Delimited lines are decoded first and split on the decoded
 * text, so a GBK trail byte equal to '|' or '\' never splits a character; fixed-width lines are
 * sliced by byte offsets and each field decoded on its own, so a field boundary that cuts a
 * two-byte character is reported instead of producing garbage.
 */
export function createRecordSplitter(
  layout: RecordLayout,
  encoding: FileEncoding,
): (bytes: Uint8Array) => SplitResult {
  const decode = createDecoder(encoding);
  if (layout.type === 'delimited') {
    return (bytes) => {
      const decoded = decode(bytes);
      if (!decoded.ok) return { ok: false, code: 'ENCODING', reason: decoded.reason };
      if (decoded.text.includes('\u0000'))
        return { ok: false, code: 'NUL_BYTE', reason: 'line contains a NUL byte' };
      const fields = decoded.text.split(layout.delimiter);
      if (layout.trailingDelimiter) {
        if (fields[fields.length - 1] !== '') {
          return {
            ok: false,
            code: 'TRAILING_DELIMITER',
            reason: 'line does not end with the delimiter',
          };
        }
        fields.pop();
      }
      if (fields.length !== layout.fieldCount) {
        return {
          ok: false,
          code: 'FIELD_COUNT',
          reason: `has ${fields.length} fields, expected ${layout.fieldCount} (an unescaped delimiter inside a value?)`,
        };
      }
      return { ok: true, fields };
    };
  }
  const total = layout.widths.reduce((a, b) => a + b, 0);
  return (bytes) => {
    if (bytes.length !== total) {
      return {
        ok: false,
        code: 'RECORD_LENGTH',
        reason: `is ${bytes.length} bytes, expected ${total}`,
      };
    }
    if (bytes.includes(0))
      return { ok: false, code: 'NUL_BYTE', reason: 'line contains a NUL byte' };
    const fields: string[] = [];
    let at = 0;
    for (const [i, width] of layout.widths.entries()) {
      const decoded = decode(bytes.subarray(at, at + width));
      if (!decoded.ok) {
        return {
          ok: false,
          code: 'ENCODING',
          reason: `field ${i + 1} (bytes ${at}–${at + width - 1}): ${decoded.reason}`,
        };
      }
      fields.push(decoded.text.trimEnd());
      at += width;
    }
    return { ok: true, fields };
  };
}
