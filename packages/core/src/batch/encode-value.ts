import type { MappingColumn } from './source-mapping.ts';

/** A golden-record value as the hub reads it (dates are `YYYY-MM-DD` text, amounts numbers). */
export type ExportValue = string | number | boolean | null | undefined | Readonly<object>;

export type FormattedValue = { ok: true; text: string } | { ok: false; reason: string };

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function formatDate(value: string, format: NonNullable<MappingColumn['dateFormat']>) {
  const m = ISO_DATE_RE.exec(value);
  if (!m) return undefined;
  const [, y = '', mo = '', d = ''] = m;
  switch (format) {
    case 'YYYYMMDD':
      return `${y}${mo}${d}`;
    case 'YYYY-MM-DD':
      return `${y}-${mo}-${d}`;
    case 'YYYY/MM/DD':
      return `${y}/${mo}/${d}`;
    case 'YYMMDD':
      return `${y.slice(2)}${mo}${d}`;
  }
}

/** 1234.5 with 2 implied decimals → `123450`; more decimals than the column has is an error. */
function formatImpliedDecimals(value: ExportValue, decimals: number): string | undefined {
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'boolean' || !Number.isFinite(n) || Math.abs(n) >= 1e20) return undefined;
  const fixed = n.toFixed(decimals);
  if (Number(fixed) !== n) return undefined;
  return BigInt(fixed.replace('.', '')).toString();
}

function plainText(value: ExportValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The inverse of the loader's column conversion (`mapRecord`): the standard value is formatted
 * as the column's date format or implied decimals, then the column's code map is applied in
 * reverse (standard code → this system's code). When several codes map to the same standard
 * code, the first one in the map is written. A value the map does not name is written as is,
 * exactly as the loader passes an unmapped code through.
 */
export function createColumnFormatter(
  column: MappingColumn,
): (value: ExportValue) => FormattedValue {
  const reverse = new Map<string, string>();
  for (const [code, standard] of Object.entries(column.codeMap ?? {})) {
    if (!reverse.has(standard)) reverse.set(standard, code);
  }
  return (value) => {
    if (value === null || value === undefined || value === '') return { ok: true, text: '' };
    let text: string | undefined;
    if (column.dateFormat) {
      text = typeof value === 'string' ? formatDate(value, column.dateFormat) : undefined;
      if (text === undefined)
        return { ok: false, reason: `${plainText(value)} is not a YYYY-MM-DD date` };
    } else if (column.impliedDecimals !== undefined) {
      text = formatImpliedDecimals(value, column.impliedDecimals);
      if (text === undefined) {
        return {
          ok: false,
          reason: `${plainText(value)} does not fit ${column.impliedDecimals} implied decimals`,
        };
      }
    } else {
      text = plainText(value);
    }
    return { ok: true, text: reverse.get(text) ?? text };
  };
}
