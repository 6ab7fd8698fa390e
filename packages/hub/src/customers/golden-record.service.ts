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
import type { Selectable, Updateable } from 'kysely';
import type { Customer, CustomerOverride } from '../db/schema.generated.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import { mayUpdate, survivorshipRuleFor } from '../reference/reference-data.ts';
import { BASIC_COLUMNS, basicFromRow, type CustomerRow, type XrefRow } from './customer-row.ts';

type OverrideRow = Selectable<CustomerOverride>;
import { listOverrides, listXrefs, updateCustomerRow } from './customer.repository.ts';
import { countItems } from './items.repository.ts';
import { nameColumns } from './name-keys.ts';
import { basicSnapshot, recordChange, type WriteSession } from './write-session.ts';

const EXT_PREFIX = 'ext.';

/** A source's values as survivorship sees them: basic fields plus `ext.<name>` attributes. */
function contribution(ref: ReferenceData, xref: XrefRow): SourceContribution {
  const values: Record<string, GoldenValue> = {
    ...(xref.attributes as Record<string, GoldenValue>),
  };
  for (const [name, value] of Object.entries(xref.ext as Record<string, GoldenValue>)) {
    values[EXT_PREFIX + name] = value;
  }
  return {
    system: xref.source_system,
    customerNo: xref.source_customer_no,
    trustRank: ref.sourceSystems.get(xref.source_system)?.trustRank ?? 1000,
    values,
    times: xref.attribute_times as Record<string, string>,
    derivedFrom: xref.derived as Record<string, string>,
  };
}

export function overrideFromRow(o: OverrideRow): ManualOverride {
  return {
    field: o.field,
    value: o.value as GoldenValue,
    by: o.set_by,
    at: o.set_at.toISOString(),
    ...(o.reason ? { reason: o.reason } : {}),
  };
}

export interface GoldenInputs {
  /** Every source reference of the customer; inactive ones are left out here. */
  readonly xrefs: readonly XrefRow[];
  readonly overrides: readonly ManualOverride[];
  readonly hasContact: boolean;
  readonly hasAddress: boolean;
}

export interface GoldenOutcome {
  /** The customer-row columns the golden record determines. */
  readonly update: Updateable<Customer>;
  readonly attributes: BasicAttributes;
  readonly changedFields: string[];
}

/**
 * The golden record of a customer from its sources and the steward's overrides: values,
 * lineage, name keys, completeness and quality issues, and which fields differ from `customer`.
 * Pure: the online session and the batch loader both call it with what they have read.
 */
export function computeGolden(
  ref: ReferenceData,
  customer: CustomerRow,
  inputs: GoldenInputs,
): GoldenOutcome {
  const kind = customer.kind as CustomerKind;
  const xrefs = inputs.xrefs.filter((x) => x.active);
  const sources = xrefs.map((x) => contribution(ref, x));
  const extNames = new Set<string>();
  for (const s of sources)
    for (const k of Object.keys(s.values)) if (k.startsWith(EXT_PREFIX)) extNames.add(k);
  for (const o of inputs.overrides) if (o.field.startsWith(EXT_PREFIX)) extNames.add(o.field);
  const fields = [
    ...BASIC_FIELD_NAMES.filter((f) => (BASIC_FIELDS[f].kinds as readonly string[]).includes(kind)),
    ...[...extNames].sort(),
  ];
  const golden = buildGoldenRecord({
    fields,
    sources,
    overrides: inputs.overrides,
    ruleFor: (field) => survivorshipRuleFor(ref, field),
    mayUpdate: (system, field) => mayUpdate(ref, system, field),
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
  const changedFields: string[] = BASIC_FIELD_NAMES.filter((f) => before[f] !== attributes[f]);
  const beforeExt = customer.ext as ExtAttributes;
  for (const name of new Set([...Object.keys(beforeExt), ...Object.keys(ext)])) {
    if (beforeExt[name] !== ext[name]) changedFields.push(`${EXT_PREFIX}${name}`);
  }

  const score = completeness(kind, attributes, {
    contact: inputs.hasContact,
    address: inputs.hasAddress,
  });
  const update: Updateable<Customer> = {
    lineage: JSON.stringify(golden.lineage),
    ext: JSON.stringify(ext),
    quality_issues: JSON.stringify(qualityIssues(xrefs)),
    completeness: score.score,
    missing_items: [...score.missing],
  };
  for (const field of BASIC_FIELD_NAMES) {
    (update as Record<string, unknown>)[BASIC_COLUMNS[field]] = attributes[field] ?? null;
  }
  if (typeof attributes.name === 'string')
    Object.assign(update, nameColumns(kind, attributes.name));
  return { update, attributes, changedFields };
}

/**
 * Recomputes the golden record of the session's customer from every linked source and the
 * steward's overrides, and writes what changed (values, lineage, name keys, completeness,
 * quality issues), recording a basic-area history entry when a value changed.
 */
export async function refreshGolden(session: WriteSession): Promise<string[]> {
  const { trx, customer } = session;
  const golden = computeGolden(session.ref, customer, {
    xrefs: await listXrefs(trx, customer.id),
    overrides: (await listOverrides(trx, customer.id)).map(overrideFromRow),
    hasContact: (await countItems(trx, 'contacts', customer.id)) > 0,
    hasAddress: (await countItems(trx, 'addresses', customer.id)) > 0,
  });
  const snapshotBefore = basicSnapshot(customer);
  session.customer = await updateCustomerRow(trx, customer.id, golden.update);
  if (golden.changedFields.length > 0 || session.isNew) {
    recordChange(session, {
      area: 'basic',
      item_id: customer.id,
      operation: session.isNew ? 'create' : 'update',
      before: session.isNew ? null : JSON.stringify(snapshotBefore),
      after: JSON.stringify(basicSnapshot(session.customer)),
      changed_fields: session.isNew ? Object.keys(golden.attributes) : golden.changedFields,
    });
  }
  return golden.changedFields;
}

function qualityIssues(xrefs: readonly XrefRow[]): Issue[] {
  const seen = new Map<string, Issue>();
  for (const x of xrefs) {
    for (const w of x.warnings as unknown as Issue[]) seen.set(`${w.field}|${w.code}`, w);
  }
  return [...seen.values()];
}
