import { issue, type Issue } from '../validation/issue.ts';
import { codePointLabel, createTextEncoder, type TextEncodeFn } from './encode-text.ts';
import { createColumnFormatter, type ExportValue } from './encode-value.ts';
import { parseSourceMapping, type SourceMapping } from './source-mapping.ts';

/**
 * Writing a record of a downstream system's file from golden-record values, with the same
 * mapping document the loader reads (R-E7 export). Pure: bytes in memory, no file I/O; the
 * hub streams them to disk.
 */

/** What happens to a character the file's encoding cannot carry (GBK only, in practice). */
export type UnencodablePolicy =
  | { readonly action: 'fail' }
  | { readonly action: 'skip' }
  | { readonly action: 'replace'; readonly replacement: string };

export type RecordProblemReason =
  'UNENCODABLE' | 'TOO_LONG' | 'DELIMITER' | 'CONTROL_CHARACTER' | 'FORMAT' | 'AMOUNT';

/** One field of one record that could not be written as it is. */
export interface RecordProblem {
  /** The mapping's column name. */
  readonly column: string;
  readonly target: string;
  readonly reason: RecordProblemReason;
  /** The character outside the encoding (UNENCODABLE only). */
  readonly character?: string;
  readonly message: string;
}

export type EncodedRecord =
  | {
      readonly ok: true;
      readonly bytes: Uint8Array;
      /** Characters written as the replacement character (`replace` policy). */
      readonly replaced: readonly RecordProblem[];
    }
  | { readonly ok: false; readonly problems: readonly RecordProblem[] };

export interface FileEncoder {
  /** Line terminator (`CRLF`, or LF for `LF` and `any`). */
  readonly eol: Uint8Array;
  /**
   * Formats and encodes one record; `values` are the golden values in column order. A record
   * that is written (`ok`) is counted, with its amount, in the control totals.
   */
  record(values: readonly ExportValue[]): EncodedRecord;
  /** The header line for the records counted so far, or `undefined` when there is none. */
  header(): Uint8Array | undefined;
  /** The trailer line for the records counted so far, or `undefined` when there is none. */
  trailer(): Uint8Array | undefined;
  /** Records counted so far. */
  readonly count: number;
  /** Sum of the amount column over the counted records, as decimal text. */
  readonly amountSum: string;
}

type Control = Extract<SourceMapping['trailer'], { type: 'control' }>;

const CONTROL_CHARACTER_RE = /[\r\n\0]/;

/**
 * `fail`, `skip` or `replace:<char>`. The replacement is one character the file's encoding
 * carries, not part of the delimiter and not a line break.
 */
export function parseUnencodablePolicy(
  text: string,
  mapping: SourceMapping,
): { ok: true; policy: UnencodablePolicy } | { ok: false; issue: Issue } {
  if (text === 'fail' || text === 'skip') return { ok: true, policy: { action: text } };
  const fail = (message: string) => ({
    ok: false as const,
    issue: issue('unencodable', 'POLICY', message),
  });
  if (!text.startsWith('replace:')) return fail(`'${text}' is not fail, skip or replace:<char>`);
  const replacement = text.slice('replace:'.length);
  if ([...replacement].length !== 1 || !replacement.isWellFormed())
    return fail('replace: takes exactly one character, e.g. replace:*');
  if (CONTROL_CHARACTER_RE.test(replacement) || replacement === ' ')
    return fail('the replacement must be a visible character');
  if (mapping.layout.type === 'delimited' && mapping.layout.delimiter.includes(replacement))
    return fail('the replacement must not be part of the delimiter');
  if (createTextEncoder(mapping.encoding)(replacement).unencodable.length > 0)
    return fail(`the replacement ${replacement} is not in ${mapping.encoding}`);
  return { ok: true, policy: { action: 'replace', replacement } };
}

/** What the loader can read back but an export cannot write, named by mapping key. */
export function exportMappingIssues(mapping: SourceMapping): Issue[] {
  const issues: Issue[] = [];
  const encode = createTextEncoder(mapping.encoding);
  const unencodable = (key: string, text: string) => {
    const chars = encode(text).unencodable;
    if (chars.length > 0)
      issues.push(
        issue(
          key,
          'UNENCODABLE',
          `${codePointLabel(chars[0] ?? '')} is not in ${mapping.encoding}`,
        ),
      );
  };
  if (mapping.layout.type === 'delimited') {
    unencodable('layout.delimiter', mapping.layout.delimiter);
    if (mapping.layout.delimiter.includes('\r'))
      issues.push(issue('layout.delimiter', 'DELIMITER', 'must not contain a carriage return'));
  }
  if (mapping.header.type === 'columnNames') {
    if (mapping.layout.type === 'fixed')
      issues.push(
        issue('header', 'HEADER_LAYOUT', 'a column-name header needs a delimited layout'),
      );
    mapping.columns.forEach((c, i) => unencodable(`columns[${i}].name`, c.name));
  }
  if (
    mapping.header.type === 'control' &&
    mapping.trailer.type === 'control' &&
    mapping.header.amountColumn !== undefined &&
    mapping.trailer.amountColumn !== undefined &&
    mapping.header.amountColumn !== mapping.trailer.amountColumn
  )
    issues.push(
      issue('header.amountColumn', 'AMOUNT_COLUMN', "must be the trailer's amountColumn"),
    );
  for (const side of ['header', 'trailer'] as const) {
    const control = mapping[side];
    if (control.type !== 'control') continue;
    unencodable(`${side}.marker`, control.marker);
    if (mapping.layout.type === 'fixed' && /\s/.test(control.marker))
      issues.push(issue(`${side}.marker`, 'MARKER', 'must not contain spaces in a fixed layout'));
    if (control.recordCountField === 1)
      issues.push(issue(`${side}.recordCountField`, 'FIELD_TAKEN', 'field 1 holds the marker'));
    if (control.amountSumField === 1 || control.amountSumField === control.recordCountField)
      issues.push(
        issue(`${side}.amountSumField`, 'FIELD_TAKEN', 'holds the marker or the record count'),
      );
    if ((control.amountSumField === undefined) !== (control.amountColumn === undefined)) {
      const key = control.amountColumn === undefined ? 'amountColumn' : 'amountSumField';
      issues.push(
        issue(`${side}.${key}`, 'REQUIRED', 'amountSumField and amountColumn go together'),
      );
    }
  }
  return issues;
}

/** The loader's mapping check plus what an export needs; keys are prefixed `mapping.`. */
export function parseExportMapping(
  document: unknown,
): { ok: true; mapping: SourceMapping } | { ok: false; issues: Issue[] } {
  const parsed = parseSourceMapping(document);
  const issues = parsed.ok ? exportMappingIssues(parsed.mapping) : parsed.issues;
  if (!parsed.ok || issues.length > 0)
    return { ok: false, issues: issues.map((i) => ({ ...i, field: `mapping.${i.field}` })) };
  return parsed;
}

/** Decimal text sum without floating point: `12.5` + `0.25` = `12.75`. */
function createDecimalSum() {
  let sum = 0n;
  let scale = 0;
  return {
    /** false when the text is not a decimal number. */
    add(text: string): boolean {
      if (text === '') return true;
      const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
      if (!m) return false;
      const [, sign = '', whole = '', fraction = ''] = m;
      if (fraction.length > scale) {
        sum *= 10n ** BigInt(fraction.length - scale);
        scale = fraction.length;
      }
      const value = BigInt(whole + fraction) * 10n ** BigInt(scale - fraction.length);
      sum += sign === '-' ? -value : value;
      return true;
    },
    text(): string {
      if (scale === 0) return sum.toString();
      const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
      const sign = sum < 0n ? '-' : '';
      return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    },
  };
}

function concat(parts: readonly Uint8Array[], separator: Uint8Array, trailing: boolean) {
  const length =
    parts.reduce((n, p) => n + p.length, 0) +
    separator.length * (parts.length - 1 + (trailing ? 1 : 0));
  const out = new Uint8Array(length);
  let at = 0;
  parts.forEach((p, i) => {
    if (i > 0) {
      out.set(separator, at);
      at += separator.length;
    }
    out.set(p, at);
    at += p.length;
  });
  if (trailing) out.set(separator, at);
  return out;
}

function strict(encode: TextEncodeFn, text: string, what: string): Uint8Array {
  const encoded = encode(text);
  if (encoded.unencodable.length > 0) throw new Error(`${what} cannot be encoded`);
  return encoded.bytes;
}

interface EncodedField {
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly replaced: readonly RecordProblem[];
}

/** Formats and encodes column `i`; problems are pushed, and the field is then undefined. */
function createFieldEncoder(
  mapping: SourceMapping,
  encode: TextEncodeFn,
  replacement: Uint8Array | undefined,
) {
  const formatters = mapping.columns.map((c) => createColumnFormatter(c));
  const layout = mapping.layout;
  return (i: number, value: ExportValue, problems: RecordProblem[]): EncodedField | undefined => {
    const column = mapping.columns[i];
    const format = formatters[i];
    if (!column || !format) throw new Error(`no column ${i}`);
    const at = { column: column.name, target: column.target };
    const formatted = format(value);
    if (!formatted.ok) {
      problems.push({ ...at, reason: 'FORMAT', message: formatted.reason });
      return undefined;
    }
    const text = formatted.text;
    if (CONTROL_CHARACTER_RE.test(text)) {
      problems.push({
        ...at,
        reason: 'CONTROL_CHARACTER',
        message: 'contains a line break or NUL',
      });
      return undefined;
    }
    if (layout.type === 'delimited' && text.includes(layout.delimiter)) {
      problems.push({ ...at, reason: 'DELIMITER', message: 'contains the delimiter' });
      return undefined;
    }
    const encoded = encode(text, replacement);
    const unencodable = encoded.unencodable.map((ch): RecordProblem => ({
      ...at,
      reason: 'UNENCODABLE',
      character: ch,
      message: `character ${ch} (${codePointLabel(ch)}) is not in ${mapping.encoding}`,
    }));
    if (unencodable.length > 0 && !replacement) {
      problems.push(...unencodable);
      return undefined;
    }
    const width = column.width ?? 0;
    if (layout.type === 'fixed' && encoded.bytes.length > width) {
      const message = `is ${encoded.bytes.length} bytes, the column is ${width}`;
      problems.push({ ...at, reason: 'TOO_LONG', message });
      return undefined;
    }
    return { bytes: encoded.bytes, text, replaced: unencodable };
  };
}

/** Fields padded with spaces to their byte widths (each field already fits). */
function fixedRecord(parts: readonly Uint8Array[], widths: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(widths.reduce((a, b) => a + b, 0)).fill(0x20);
  let at = 0;
  parts.forEach((p, i) => {
    bytes.set(p, at);
    at += widths[i] ?? 0;
  });
  return bytes;
}

/** The text of a header/trailer control record as the loader's scan reads it. */
function controlText(
  c: Control,
  layout: SourceMapping['layout'],
  count: number,
  amountSum: string,
): string {
  const fields = new Array<string>(Math.max(c.recordCountField, c.amountSumField ?? 0)).fill(
    // The loader splits a fixed-width control record on whitespace: no empty fields there.
    layout.type === 'fixed' ? '0' : '',
  );
  fields[0] = c.marker;
  fields[c.recordCountField - 1] = String(count);
  if (c.amountSumField !== undefined) fields[c.amountSumField - 1] = amountSum;
  return layout.type === 'delimited'
    ? fields.join(layout.delimiter) + (layout.trailingDelimiter ? layout.delimiter : '')
    : fields.join(' ');
}

function amountColumnIndex(mapping: SourceMapping): number {
  const control = mapping.trailer.type === 'control' ? mapping.trailer : mapping.header;
  if (control.type !== 'control' || control.amountColumn === undefined) return -1;
  return mapping.columns.findIndex((c) => c.name === control.amountColumn);
}

const DECIMAL_OR_EMPTY_RE = /^(-?\d+(\.\d+)?)?$/;

/**
 * Encodes records of one file as its mapping describes: delimited (any delimiter, after
 * encoding each field, so a value is never cut) or fixed width (byte widths, padded with
 * spaces; a value longer than its width is a problem, never truncated). Header and trailer
 * control records are written so that the loader's scan reads them back: delimited fields, or
 * space-separated fields on a fixed-width file.
 */
export function createFileEncoder(mapping: SourceMapping, policy: UnencodablePolicy): FileEncoder {
  const encode = createTextEncoder(mapping.encoding);
  const layout = mapping.layout;
  const replacement =
    policy.action === 'replace' ? strict(encode, policy.replacement, 'the replacement') : undefined;
  const delimiter =
    layout.type === 'delimited' ? strict(encode, layout.delimiter, 'the delimiter') : undefined;
  const widths = mapping.columns.map((c) => c.width ?? 0);
  const encodeField = createFieldEncoder(mapping, encode, replacement);
  const amountColumn = mapping.columns[amountColumnIndex(mapping)];
  const amounts = createDecimalSum();
  let count = 0;

  const record = (values: readonly ExportValue[]): EncodedRecord => {
    const problems: RecordProblem[] = [];
    const replaced: RecordProblem[] = [];
    const parts: Uint8Array[] = [];
    let amount = '';
    mapping.columns.forEach((column, i) => {
      const field = encodeField(i, values[i], problems);
      if (!field) return;
      parts.push(field.bytes);
      replaced.push(...field.replaced);
      if (column === amountColumn) amount = field.text;
    });
    if (problems.length === 0 && amountColumn && !DECIMAL_OR_EMPTY_RE.test(amount)) {
      problems.push({
        column: amountColumn.name,
        target: amountColumn.target,
        reason: 'AMOUNT',
        message: `'${amount}' is not a number, so the control total cannot add it`,
      });
    }
    if (problems.length > 0) return { ok: false, problems: [...replaced, ...problems] };
    const bytes =
      delimiter && layout.type === 'delimited'
        ? concat(parts, delimiter, layout.trailingDelimiter)
        : fixedRecord(parts, widths);
    count++;
    amounts.add(amount);
    return { ok: true, bytes, replaced };
  };

  const control = (c: Control) =>
    strict(encode, controlText(c, layout, count, amounts.text()), 'the control record');

  return {
    eol: new TextEncoder().encode(mapping.lineEnding === 'CRLF' ? '\r\n' : '\n'),
    record,
    header: () => {
      const h = mapping.header;
      if (h.type === 'none') return undefined;
      if (h.type === 'control') return control(h);
      if (layout.type !== 'delimited') throw new Error('a column-name header needs delimiters');
      const names = mapping.columns.map((c) => c.name).join(layout.delimiter);
      return strict(encode, names + (layout.trailingDelimiter ? layout.delimiter : ''), 'header');
    },
    trailer: () => (mapping.trailer.type === 'control' ? control(mapping.trailer) : undefined),
    get count() {
      return count;
    },
    get amountSum() {
      return amounts.text();
    },
  };
}
