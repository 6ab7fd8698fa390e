import {
  mapRecord,
  splitterFor,
  standardizeCustomer,
  type BasicAttributes,
  type BasicField,
  type CustomerKind,
  type ExtAttributes,
  type Issue,
  type ItemAttributes,
  type SourceMapping,
  type SubjectArea,
} from '@ecif/core';
import { standardizeAreas } from '../customers/items.service.ts';
import { nameKeyOf } from '../customers/name-keys.ts';
import { standardizeContext } from '../customers/standardize-context.ts';
import type { ReferenceData } from '../reference/reference-data.ts';

/** A record that passed validation and standardization, ready for identification. */
export interface StagedRecord {
  readonly kind: CustomerKind;
  readonly attributes: BasicAttributes;
  readonly ext: ExtAttributes;
  readonly derived: readonly BasicField[];
  readonly warnings: readonly Issue[];
  /** The normalized name the identification tiers compare. */
  readonly nameKey: string;
  readonly areas: readonly {
    readonly area: SubjectArea;
    readonly items: readonly { readonly itemKey: string; readonly values: ItemAttributes }[];
  }[];
}

export type RecordOutcome =
  | {
      readonly ok: true;
      readonly sourceNo: string;
      readonly operation: 'upsert';
      readonly record: StagedRecord;
    }
  | { readonly ok: true; readonly sourceNo: string; readonly operation: 'delete' }
  | { readonly ok: false; readonly sourceNo: string | null; readonly reasons: Issue[] };

const DELETE_OPERATIONS = new Set(['D', 'DELETE']);

/**
 * One line of a source file through the same core functions as the online API: split (strict
 * decoding), mapped (code maps, dates, decimals), validated and standardized. Either a record
 * to apply, a delete, or the reasons it is rejected.
 */
export function createRecordStandardizer(
  ref: ReferenceData,
  mapping: SourceMapping,
  today = new Date(),
): (bytes: Uint8Array) => RecordOutcome {
  const split = splitterFor(mapping);
  const stdCtx = standardizeContext(ref, mapping.system);
  const keyColumn = mapping.columns.findIndex((c) => c.target === 'sourceCustomerNo');
  return (bytes) => {
    const fields = split(bytes);
    if (!fields.ok) {
      return {
        ok: false,
        sourceNo: null,
        reasons: [
          { field: 'record', code: fields.code, message: fields.reason, severity: 'error' },
        ],
      };
    }
    const readableNo = (fields.fields[keyColumn] ?? '').trim() || null;
    const mapped = mapRecord(mapping, fields.fields, today);
    if (!mapped.ok) return { ok: false, sourceNo: readableNo, reasons: mapped.issues };
    const { record } = mapped;
    if (record.operation !== undefined && DELETE_OPERATIONS.has(record.operation.toUpperCase())) {
      return { ok: true, sourceNo: record.sourceCustomerNo, operation: 'delete' };
    }
    if (!record.kind) {
      const reason: Issue = {
        field: 'kind',
        code: 'REQUIRED',
        message: 'the customer kind is unknown',
        severity: 'error',
      };
      return { ok: false, sourceNo: record.sourceCustomerNo, reasons: [reason] };
    }
    const std = standardizeCustomer(record.kind, record.attributes, record.ext, stdCtx, {
      partial: false,
    });
    const areas = standardizeAreas(record.areas, stdCtx);
    const errors = [...std.errors, ...areas.errors];
    if (errors.length > 0) return { ok: false, sourceNo: record.sourceCustomerNo, reasons: errors };
    return {
      ok: true,
      sourceNo: record.sourceCustomerNo,
      operation: 'upsert',
      record: {
        kind: record.kind,
        attributes: std.attributes,
        ext: std.ext,
        derived: std.derived,
        warnings: [...std.warnings, ...areas.warnings],
        nameKey: nameKeyOf(record.kind, String(std.attributes.name)),
        areas: areas.batches.map((b) => ({
          area: b.area,
          items: b.items.map((i) => ({ itemKey: i.itemKey, values: i.values })),
        })),
      },
    };
  };
}
