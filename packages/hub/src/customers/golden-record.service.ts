import {
  BASIC_FIELD_NAMES,
  BASIC_FIELDS,
  buildGoldenRecord,
  EcifError,
  completeness,
  type BasicAttributes,
  type CustomerKind,
  type ExtAttributes,
  type GoldenValue,
  type Issue,
  type ManualOverride,
  type SourceContribution,
} from '@ecif/core';
import type { Updateable } from 'kysely';
import type { Customer } from '../db/schema.generated.ts';
import { mayUpdate, survivorshipRuleFor } from '../reference/reference-data.ts';
import { BASIC_COLUMNS, basicFromRow, type XrefRow } from './customer-row.ts';
import { listOverrides, listXrefs, updateCustomerRow } from './customer.repository.ts';
import { countItems } from './items.repository.ts';
import { nameColumns } from './name-keys.ts';
import { basicSnapshot, recordChange, type WriteSession } from './write-session.ts';

const EXT_PREFIX = 'ext.';

/** A source's values as survivorship sees them: basic fields plus `ext.<name>` attributes. */
function contribution(session: WriteSession, xref: XrefRow): SourceContribution {
  const values: Record<string, GoldenValue> = {
    ...(xref.attributes as Record<string, GoldenValue>),
  };
  for (const [name, value] of Object.entries(xref.ext as Record<string, GoldenValue>)) {
    values[EXT_PREFIX + name] = value;
  }
  return {
    system: xref.source_system,
    customerNo: xref.source_customer_no,
    trustRank: session.ref.sourceSystems.get(xref.source_system)?.trustRank ?? 1000,
    values,
    times: xref.attribute_times as Record<string, string>,
    derivedFrom: xref.derived as Record<string, string>,
  };
}

/**
 * Recomputes the golden record of the session's customer from every linked source and the
 * steward's overrides, and writes what changed (values, lineage, name keys, completeness,
 * quality issues), recording a basic-area history entry when a value changed.
 */
export async function refreshGolden(session: WriteSession): Promise<string[]> {
  const { trx, customer } = session;
  const kind = customer.kind as CustomerKind;
  const xrefs = (await listXrefs(trx, customer.id)).filter((x) => x.active);
  const overrides: ManualOverride[] = (await listOverrides(trx, customer.id)).map((o) => ({
    field: o.field,
    value: o.value as GoldenValue,
    by: o.set_by,
    at: o.set_at.toISOString(),
    ...(o.reason ? { reason: o.reason } : {}),
  }));
  const sources = xrefs.map((x) => contribution(session, x));
  const extNames = new Set<string>();
  for (const s of sources)
    for (const k of Object.keys(s.values)) if (k.startsWith(EXT_PREFIX)) extNames.add(k);
  for (const o of overrides) if (o.field.startsWith(EXT_PREFIX)) extNames.add(o.field);
  const fields = [
    ...BASIC_FIELD_NAMES.filter((f) => (BASIC_FIELDS[f].kinds as readonly string[]).includes(kind)),
    ...[...extNames].sort(),
  ];
  const golden = buildGoldenRecord({
    fields,
    sources,
    overrides,
    ruleFor: (field) => survivorshipRuleFor(session.ref, field),
    mayUpdate: (system, field) => mayUpdate(session.ref, system, field),
  });

  const before = basicFromRow(customer);
  const attributes: BasicAttributes = {};
  const ext: ExtAttributes = {};
  for (const [field, value] of Object.entries(golden.values)) {
    if (field.startsWith(EXT_PREFIX)) ext[field.slice(EXT_PREFIX.length)] = value;
    else attributes[field as keyof BasicAttributes] = value as string | number;
  }
  if (attributes.name === undefined) {
    throw new EcifError('ECIF_VALIDATION', 'A customer must keep a name', {
      issues: [
        {
          field: 'attributes.name',
          code: 'REQUIRED',
          message: 'no source or override would hold a name any more',
          severity: 'error',
        },
      ],
    });
  }
  const changedFields = BASIC_FIELD_NAMES.filter((f) => before[f] !== attributes[f]);
  const beforeExt = customer.ext as ExtAttributes;
  for (const name of new Set([...Object.keys(beforeExt), ...Object.keys(ext)])) {
    if (beforeExt[name] !== ext[name]) changedFields.push(`${EXT_PREFIX}${name}` as never);
  }

  const quality = qualityIssues(xrefs);
  const score = completeness(kind, attributes, {
    contact: (await countItems(trx, 'contacts', customer.id)) > 0,
    address: (await countItems(trx, 'addresses', customer.id)) > 0,
  });
  const update: Updateable<Customer> = {
    lineage: JSON.stringify(golden.lineage),
    ext: JSON.stringify(ext),
    quality_issues: JSON.stringify(quality),
    completeness: score.score,
    missing_items: [...score.missing],
  };
  for (const field of BASIC_FIELD_NAMES) {
    (update as Record<string, unknown>)[BASIC_COLUMNS[field]] = attributes[field] ?? null;
  }
  if (typeof attributes.name === 'string')
    Object.assign(update, nameColumns(kind, attributes.name));
  const snapshotBefore = basicSnapshot(customer);
  session.customer = await updateCustomerRow(trx, customer.id, update);
  if (changedFields.length > 0 || session.isNew) {
    recordChange(session, {
      area: 'basic',
      item_id: customer.id,
      operation: session.isNew ? 'create' : 'update',
      before: session.isNew ? null : JSON.stringify(snapshotBefore),
      after: JSON.stringify(basicSnapshot(session.customer)),
      changed_fields: session.isNew ? Object.keys(attributes) : changedFields,
    });
  }
  return changedFields;
}

function qualityIssues(xrefs: readonly XrefRow[]): Issue[] {
  const seen = new Map<string, Issue>();
  for (const x of xrefs) {
    for (const w of x.warnings as unknown as Issue[]) seen.set(`${w.field}|${w.code}`, w);
  }
  return [...seen.values()];
}
