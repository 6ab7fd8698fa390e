import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  createDecoder,
  splitterFor,
  LineSplitter,
  type MappingColumn,
  type RawLine,
  type SourceMapping,
} from '@ecif/core';

export interface FileScan {
  readonly checksum: string;
  readonly size: number;
  readonly lines: number;
  /** Line numbers of the header and trailer records, if the mapping declares them. */
  readonly headerLine: number | undefined;
  readonly trailerLine: number | undefined;
  readonly dataLines: number;
  /** Control totals the header/trailer carried (the trailer's count when both carry one). */
  readonly declaredCount: number | undefined;
  readonly truncatedLastLine: boolean;
  readonly problems: string[];
}

type Control = Extract<SourceMapping['trailer'], { type: 'control' }>;
type Side = 'header' | 'trailer';

/** An exact decimal: `units` × 10^-`scale` (amounts are never floating point here). */
interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** At most this many line numbers are quoted in one problem. */
const QUOTED_LINES = 5;
/**
 * A file declared GBK/GB18030 that is valid UTF-8 with at least this many non-ASCII bytes (six
 * Chinese characters) is UTF-8: GBK text of eight characters is valid UTF-8 by chance about
 * once in 10^7 (0.14 per character), and real extracts carry far more than that.
 */
const UTF8_LOOKALIKE_BYTES = 16;

/**
 * First pass over a file, before anything is written: checksum (for idempotent reloads), line
 * count, line endings, the header's and the trailer's control totals (record count, amount
 * sum), and whether a file declared GBK is in fact UTF-8. A file that fails here is rejected
 * whole and no record of it is applied.
 */
export async function scanFile(path: string, mapping: SourceMapping): Promise<FileScan> {
  const hash = createHash('sha256');
  const splitter = new LineSplitter();
  const decode = createDecoder(mapping.encoding);
  const problems: string[] = [];
  const amounts = createAmountSummer(mapping);
  const utf8 = mapping.encoding === 'UTF-8' ? undefined : createUtf8Detector();
  let first: RawLine | undefined;
  let last: RawLine | undefined;
  let lines = 0;
  let truncatedLastLine = false;
  let badEndings = 0;
  const headerLineNo = mapping.header.type === 'none' ? undefined : 1;
  const seeLine = (line: RawLine) => {
    lines++;
    // The previous line was not the last one, so not the trailer: it is data (unless header).
    if (last && last.lineNo !== headerLineNo) amounts?.add(last);
    first ??= line;
    last = line;
    if (
      mapping.lineEnding !== 'any' &&
      line.ending !== 'EOF' &&
      line.ending !== mapping.lineEnding &&
      badEndings++ < QUOTED_LINES
    ) {
      problems.push(
        `line ${line.lineNo} ends with ${line.ending}, the mapping says ${mapping.lineEnding}`,
      );
    }
  };
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    utf8?.push(bytes);
    for (const line of splitter.push(bytes)) seeLine(line);
  }
  const tail = splitter.end();
  if (tail) {
    truncatedLastLine = true;
    seeLine(tail);
  }
  const lastLine: RawLine | undefined = last;
  const headerLine = headerLineNo !== undefined && first ? headerLineNo : undefined;
  const trailerLine =
    mapping.trailer.type === 'control' && lastLine && lastLine.lineNo !== headerLine
      ? lastLine.lineNo
      : undefined;
  // The last line is data unless it is the trailer (or the header of a one-line file).
  if (lastLine && trailerLine === undefined && lastLine.lineNo !== headerLine)
    amounts?.add(lastLine);
  const dataLines = lines - (headerLine ? 1 : 0) - (trailerLine ? 1 : 0);

  if (utf8?.end()) {
    problems.push(
      `the mapping says ${mapping.encoding} but the file is valid UTF-8 with Chinese text: read as ${mapping.encoding}, every name would be garbled`,
    );
  }

  const controlRecord = (side: Side, control: Control, line: RawLine | undefined) => {
    const text = line ? decode(line.bytes) : undefined;
    const fields = text?.ok ? controlFields(mapping, text.text) : undefined;
    // Delimited: the marker is the whole first field, so a data line whose customer number
    // merely starts with 'T' is never taken for the trailer of a truncated file.
    const marked =
      text?.ok === true &&
      (mapping.layout.type === 'delimited'
        ? fields?.[0] === control.marker
        : text.text.startsWith(control.marker));
    if (!marked || !fields) {
      problems.push(`the ${side} record (starting with '${control.marker}') is missing`);
      return undefined;
    }
    return fields;
  };
  let declaredCount: number | undefined;
  const checkControl = (side: Side, control: Control, line: RawLine | undefined) => {
    const fields = controlRecord(side, control, line);
    if (!fields) return;
    const countText = fields[control.recordCountField - 1]?.trim() ?? '';
    if (!/^\d+$/.test(countText)) {
      problems.push(`the ${side} record count (field ${control.recordCountField}) is not a number`);
    } else {
      const count = Number(countText);
      declaredCount = count;
      if (count !== dataLines)
        problems.push(`the ${side} says ${count} records, the file has ${dataLines}`);
    }
    if (control.amountSumField === undefined) return;
    const sum = amounts?.sumOf(control.amountColumn);
    if (!sum) {
      problems.push(
        `the ${side} carries an amount sum (field ${control.amountSumField}) but the mapping names no amountColumn to check it against`,
      );
      return;
    }
    const sumText = fields[control.amountSumField - 1]?.trim() ?? '';
    const expected = readControlAmount(sumText, sum.column.impliedDecimals ?? 0);
    if (!expected) {
      problems.push(
        `the ${side} amount sum (field ${control.amountSumField}) '${sumText}' is not a number`,
      );
      return;
    }
    if (compareDecimals(expected, sum.total) !== 0) {
      const unread =
        sum.unreadable.length === 0
          ? ''
          : ` (${sum.unreadableCount} line(s) with no readable ${sum.column.name} count as 0: line ${sum.unreadable.join(', ')}${sum.unreadableCount > sum.unreadable.length ? ', …' : ''})`;
      problems.push(
        `the ${side} says the ${sum.column.name} amounts sum to ${formatDecimal(expected)}, the records sum to ${formatDecimal(sum.total)}${unread}`,
      );
    }
  };
  if (mapping.header.type === 'control') checkControl('header', mapping.header, first);
  if (mapping.trailer.type === 'control') {
    // A one-line file has a header or a trailer, not both.
    checkControl('trailer', mapping.trailer, trailerLine === undefined ? undefined : lastLine);
  }
  if (truncatedLastLine && trailerLine !== undefined)
    problems.push('the file ends without a newline after the trailer (truncated?)');
  return {
    checksum: hash.digest('hex'),
    size: (await stat(path)).size,
    lines,
    headerLine,
    trailerLine,
    dataLines,
    declaredCount,
    truncatedLastLine,
    problems,
  };
}

function controlFields(mapping: SourceMapping, text: string): string[] {
  return mapping.layout.type === 'delimited'
    ? text.split(mapping.layout.delimiter)
    : text.trim().split(/\s+/);
}

interface AmountSum {
  readonly column: MappingColumn;
  readonly total: Decimal;
  /** Data lines whose amount could not be read (they count as 0), the first few. */
  readonly unreadable: readonly number[];
  readonly unreadableCount: number;
}

/**
 * Sums the amount columns the header/trailer control totals name, over the data lines. Every
 * data line is split exactly as the load splits it and the amount read exactly as the mapping
 * reads it (code map, then an integer in implied decimals), so the file-level sum and the
 * records agree: an empty amount is 0 (not sent), and a line whose amount cannot be read (the
 * line does not split, or the value is not a number) counts as 0 here and is rejected as a
 * record by the load. The sum is exact (BigInt).
 */
function createAmountSummer(mapping: SourceMapping):
  | {
      add(line: RawLine): void;
      sumOf(columnName: string | undefined): AmountSum | undefined;
    }
  | undefined {
  const names = new Set<string>();
  for (const control of [mapping.header, mapping.trailer]) {
    if (control.type === 'control' && control.amountSumField !== undefined && control.amountColumn)
      names.add(control.amountColumn);
  }
  if (names.size === 0) return undefined;
  const split = splitterFor(mapping);
  const sums = [...names].flatMap((name) => {
    const index = mapping.columns.findIndex((c) => c.name === name);
    const column = mapping.columns[index];
    return column
      ? [{ index, column, units: 0n, scale: 0, unreadable: [] as number[], unreadableCount: 0 }]
      : [];
  });
  return {
    add(line) {
      const fields = split(line.bytes);
      for (const sum of sums) {
        const amount = fields.ok
          ? readColumnAmount(sum.column, fields.fields[sum.index] ?? '')
          : undefined;
        if (!amount) {
          if (sum.unreadableCount++ < QUOTED_LINES) sum.unreadable.push(line.lineNo);
          continue;
        }
        const scale = Math.max(sum.scale, amount.scale);
        sum.units =
          rescale(sum.units, sum.scale, scale) + rescale(amount.units, amount.scale, scale);
        sum.scale = scale;
      }
    },
    sumOf(columnName) {
      const sum = sums.find((s) => s.column.name === columnName);
      if (!sum) return undefined;
      return {
        column: sum.column,
        total: { units: sum.units, scale: sum.scale },
        unreadable: sum.unreadable,
        unreadableCount: sum.unreadableCount,
      };
    },
  };
}

/**
 * One record's amount as the mapping reads it (`mapRecord`): trimmed, code-mapped, empty = 0;
 * with implied decimals an integer of minor units (fen), without them a plain decimal number.
 */
function readColumnAmount(column: MappingColumn, field: string): Decimal | undefined {
  const raw = field.trim();
  if (raw === '') return { units: 0n, scale: 0 };
  const value = column.codeMap?.[raw] ?? raw;
  if (column.impliedDecimals !== undefined) {
    return /^-?\d+$/.test(value)
      ? { units: BigInt(value), scale: column.impliedDecimals }
      : undefined;
  }
  return readDecimal(value);
}

/**
 * The control record's sum: an integer is in the column's implied decimals (as the records
 * are, e.g. fen), a number with a decimal point is taken as written (yuan and fen).
 */
function readControlAmount(text: string, impliedDecimals: number): Decimal | undefined {
  if (/^[-+]?\d+$/.test(text)) return { units: BigInt(text), scale: impliedDecimals };
  return readDecimal(text);
}

function readDecimal(text: string): Decimal | undefined {
  const m = /^([-+]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole = '', fraction = ''] = m;
  return { units: BigInt(`${sign}${whole}${fraction}`), scale: fraction.length };
}

function rescale(units: bigint, from: number, to: number): bigint {
  return units * 10n ** BigInt(to - from);
}

function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a.units, a.scale, scale);
  const y = rescale(b.units, b.scale, scale);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** `12345` at scale 2 → `123.45`; exact, for messages. */
function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = d.scale > 0 ? `.${digits.slice(digits.length - d.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Tells whether a file declared GBK/GB18030 is in fact UTF-8. Strict GBK decoding cannot: UTF-8
 * Chinese text is mostly valid GBK (王芳 reads as 鐜嬭姵), so each line would load garbled.
 * Validation stops at the first byte that is not UTF-8, which in a real GBK file is the first
 * Chinese character, so the cost is only paid by files that are valid UTF-8.
 */
function createUtf8Detector(): { push(bytes: Uint8Array): void; end(): boolean } {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let valid = true;
  let nonAscii = 0;
  return {
    push(bytes) {
      if (!valid) return;
      try {
        const text = decoder.decode(bytes, { stream: true });
        // Counted only until the threshold, and only in chunks that are not plain ASCII.
        if (nonAscii < UTF8_LOOKALIKE_BYTES && text.length !== bytes.length) {
          for (const b of bytes) if (b >= 0x80) nonAscii++;
        }
      } catch {
        valid = false;
      }
    },
    end() {
      if (!valid) return false;
      try {
        decoder.decode();
      } catch {
        return false;
      }
      return nonAscii >= UTF8_LOOKALIKE_BYTES;
    },
  };
}
