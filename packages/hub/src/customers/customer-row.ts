import {
  BASIC_FIELD_NAMES,
  columnName,
  SUBJECT_AREAS,
  type BasicAttributes,
  type BasicField,
  type CustomerKind,
  type CustomerStatus,
  type ExtAttributes,
  type Issue,
  type ItemAttributes,
  type Lineage,
  type SubjectArea,
} from '@ecif/core';
import type { Selectable } from 'kysely';
import type { Customer, CustomerXref } from '../db/schema.generated.ts';
import type { CustomerView, ItemView, SourceRefView } from './customer.types.ts';

export type CustomerRow = Selectable<Customer>;
export type XrefRow = Selectable<CustomerXref>;
export type BasicColumn = keyof CustomerRow;

/** basic field → `customer` column; the mapping is mechanical (camelCase → snake_case). */
export const BASIC_COLUMNS: Readonly<Record<BasicField, BasicColumn>> = Object.fromEntries(
  BASIC_FIELD_NAMES.map((f) => [f, columnName(f) as BasicColumn]),
) as Record<BasicField, BasicColumn>;

export function basicFromRow(row: CustomerRow): BasicAttributes {
  const attributes: BasicAttributes = {};
  for (const field of BASIC_FIELD_NAMES) {
    const value: unknown = row[BASIC_COLUMNS[field]];
    if (typeof value === 'string' || typeof value === 'number') attributes[field] = value;
  }
  return attributes;
}

export function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** The view of a source reference, from a full row or the light column set of a lookup. */
export function sourceRefFromRow(
  row: Pick<
    XrefRow,
    'source_system' | 'source_customer_no' | 'decision' | 'rule_code' | 'active'
  > & {
    linked_at: Date | string;
  },
): SourceRefView {
  return {
    system: row.source_system,
    customerNo: row.source_customer_no,
    linkedAt: iso(row.linked_at) ?? '',
    decision: row.decision,
    ruleCode: row.rule_code,
    active: row.active,
  };
}

export function customerViewFromRow(
  row: CustomerRow,
  sourceRefs: readonly SourceRefView[],
  extra: { resolvedFrom?: string | undefined } = {},
): CustomerView {
  return {
    ecifNo: row.ecif_no,
    kind: row.kind as CustomerKind,
    status: row.status as CustomerStatus,
    version: row.version,
    createdAt: iso(row.created_at) ?? '',
    updatedAt: iso(row.updated_at) ?? '',
    deactivatedAt: iso(row.deactivated_at),
    deactivationReason: row.deactivation_reason,
    ...(extra.resolvedFrom ? { resolvedFrom: extra.resolvedFrom } : {}),
    attributes: basicFromRow(row),
    ext: row.ext as ExtAttributes,
    lineage: row.lineage as unknown as Record<string, Lineage>,
    qualityIssues: row.quality_issues as unknown as Issue[],
    completeness: row.completeness,
    missingItems: row.missing_items,
    sourceRefs: [...sourceRefs],
  };
}

/** A subject-area row → its API view (typed columns back to camelCase values). */
export function itemViewFromRow(area: SubjectArea, row: Record<string, unknown>): ItemView {
  const values: ItemAttributes = {};
  for (const field of Object.keys(SUBJECT_AREAS[area].fields)) {
    const value = row[columnName(field)];
    if (value instanceof Date) values[field] = value.toISOString();
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values[field] = value;
    }
  }
  return {
    id: String(row.id),
    sourceSystem: (row.source_system as string | null) ?? null,
    createdAt: iso(row.created_at as Date) ?? '',
    updatedAt: iso(row.updated_at as Date) ?? '',
    values,
  };
}

/** Mask an ID number for lists: first and last character kept (DOMAIN-NOTES §5.6). */
export function maskIdNo(value: string | null): string | null {
  if (value === null || value.length < 3) return value === null ? null : '*'.repeat(value.length);
  return `${value[0]}${'*'.repeat(value.length - 2)}${value[value.length - 1]}`;
}
