import type { CustomerKind } from '../party/customer-kind.ts';
import { issue, type Issue } from '../validation/issue.ts';
import type { MappingColumn, SourceMapping } from './source-mapping.ts';

/** One data record turned into the shape of a create-or-identify request (still unvalidated). */
export interface MappedRecord {
  readonly sourceCustomerNo: string;
  readonly kind: CustomerKind | undefined;
  readonly operation: string | undefined;
  readonly attributes: Record<string, string | number>;
  readonly ext: Record<string, string | number>;
  readonly areas: {
    contacts?: { contactType: string; value: string }[];
    addresses?: { addressType: string; fullText: string }[];
    accounts?: Record<string, string | number>[];
  };
}

const KINDS = new Set(['individual', 'corporate', 'financial', 'group']);

/** `YYYYMMDD`, `YYMMDD`, … → `YYYY-MM-DD` text (the core validators check it is a real date). */
export function convertDate(
  value: string,
  format: NonNullable<MappingColumn['dateFormat']>,
  today: Date,
): string | undefined {
  const digits = value.replace(/[-/]/g, '');
  if (format === 'YYMMDD') {
    if (!/^\d{6}$/.test(digits)) return undefined;
    const yy = Number(digits.slice(0, 2));
    // Two-digit years are the past: a birth date or opening date is never in the future.
    const century = yy > today.getUTCFullYear() % 100 ? 1900 : 2000;
    return `${century + yy}-${digits.slice(2, 4)}-${digits.slice(4, 6)}`;
  }
  if (!/^\d{8}$/.test(digits)) return undefined;
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/**
 * Applies a source mapping to one record's fields: code maps, date formats and implied decimals
 * are applied per column, empty fields mean "not sent". Problems are collected per column,
 * named `<column>` so a rejected record says which field of the file was wrong.
 */
export function mapRecord(
  mapping: SourceMapping,
  fields: readonly string[],
  today: Date,
): { ok: true; record: MappedRecord } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  // target → value; the file's non-empty columns first, then the mapping's constants.
  const values = new Map<string, { column: string; value: string | number }>();
  mapping.columns.forEach((column, i) => {
    const raw = (fields[i] ?? '').trim();
    if (raw === '' || column.target === 'ignore') return;
    const value = convertValue(column, raw, today);
    if (value === undefined) {
      const expected = column.dateFormat ?? 'the implied decimals';
      issues.push(issue(column.name, 'FORMAT', `'${raw}' does not match ${expected}`));
      return;
    }
    values.set(column.target, { column: column.name, value });
  });
  for (const [target, value] of Object.entries(mapping.defaults ?? {})) {
    if (!values.has(target)) values.set(target, { column: `defaults.${target}`, value });
  }
  let sourceCustomerNo = '';
  let kind: CustomerKind | undefined = mapping.kind;
  let operation: string | undefined;
  const attributes: Record<string, string | number> = {};
  const ext: Record<string, string | number> = {};
  const areas: MappedRecord['areas'] = {};
  const account: Record<string, string | number> = {};
  for (const [target, { column, value }] of values) {
    const [head, name = ''] = target.split('.');
    switch (head) {
      case 'sourceCustomerNo':
        sourceCustomerNo = String(value);
        break;
      case 'kind':
        if (KINDS.has(String(value))) kind = String(value) as CustomerKind;
        else
          issues.push(issue(column, 'KIND_UNKNOWN', `'${value}' is not mapped to a customer kind`));
        break;
      case 'operation':
        operation = String(value);
        break;
      case 'attributes':
        attributes[name] = value;
        break;
      case 'ext':
        ext[name] = value;
        break;
      case 'contacts':
        (areas.contacts ??= []).push({ contactType: name, value: String(value) });
        break;
      case 'addresses':
        (areas.addresses ??= []).push({ addressType: name, fullText: String(value) });
        break;
      case 'accounts':
        account[name] = value;
        break;
      default:
        issues.push(
          issue(column, 'TARGET_UNSUPPORTED', `target ${target} is not supported in batch`),
        );
    }
  }
  // Only a record that names an account carries one (a balance alone is not an account).
  if (account.accountNo !== undefined) areas.accounts = [account];
  if (sourceCustomerNo === '') {
    issues.push(issue('sourceCustomerNo', 'REQUIRED', 'the source customer number is empty'));
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, record: { sourceCustomerNo, kind, operation, attributes, ext, areas } };
}

function convertValue(
  column: MappingColumn,
  raw: string,
  today: Date,
): string | number | undefined {
  const mapped = column.codeMap?.[raw] ?? raw;
  if (column.dateFormat) return convertDate(mapped, column.dateFormat, today);
  if (column.impliedDecimals !== undefined) {
    if (!/^-?\d+$/.test(mapped)) return undefined;
    return Number(mapped) / 10 ** column.impliedDecimals;
  }
  return mapped;
}
