import {
  convertLegacyId15,
  EcifError,
  normalizeIdentifier,
  isBasicField,
  standardizeCustomer,
  type BasicAttributes,
  type BasicField,
  type StandardizedCustomer,
  type CustomerKind,
  type Issue,
  type SubjectArea,
} from '@ecif/core';
import type { Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import type { DB } from '../db/schema.generated.ts';
import { mayUpdate, type ReferenceData } from '../reference/reference-data.ts';
import type { CustomerView, ItemInput, ItemView, SourceRef } from './customer.types.ts';
import { basicFromRow, customerViewFromRow } from './customer-row.ts';
import {
  findCustomerByEcifNo,
  findXref,
  listSourceRefs,
  lockIdentityKeys,
  updateXref,
} from './customer.repository.ts';
import { refreshGolden } from './golden-record.service.ts';
import { reidentify } from './reidentify.ts';
import { addItem, deleteItem, patchItem } from './items.service.ts';
import { requireSourceSystem, standardizeContext, throwIfInvalid } from './standardize-context.ts';
import {
  basicSnapshot,
  commitSession,
  openSession,
  recordChange,
  type WriteSession,
} from './write-session.ts';

export interface UpdateCustomerInput {
  /** Present: a source system corrects its own record. Absent: a steward's manual override. */
  readonly source?: SourceRef | undefined;
  /** `null` clears (the source's value, or the override). */
  readonly attributes?: Readonly<Record<string, unknown>> | undefined;
  readonly ext?: Readonly<Record<string, unknown>> | undefined;
  readonly reason?: string | undefined;
  readonly expectedVersion: number;
}

export interface WriteResult<T> {
  readonly customer: CustomerView;
  readonly changed: boolean;
  readonly warnings: readonly Issue[];
  readonly result?: T;
}

async function withSession<T>(
  db: Kysely<DB>,
  ref: ReferenceData,
  ecifNo: string,
  ctx: OpContext,
  options: {
    expectedVersion: number;
    sourceSystem: string | null;
    allowInactive?: boolean;
    lockKeys?: string[];
  },
  work: (session: WriteSession) => Promise<{ warnings: readonly Issue[]; result?: T }>,
): Promise<WriteResult<T>> {
  return db.transaction().execute(async (trx) => {
    // Identity keys first, in the same order as create-or-identify, so the two cannot deadlock.
    if (options.lockKeys?.length) await lockIdentityKeys(trx, options.lockKeys);
    const row = await findCustomerByEcifNo(trx, ecifNo);
    if (!row) throw new EcifError('ECIF_CUSTOMER_NOT_FOUND', undefined, { ecifNo });
    const session = await openSession(trx, ref, ctx, row.id, options);
    const { warnings, result } = await work(session);
    const { customer, changed } = await commitSession(session);
    return {
      customer: customerViewFromRow(customer, await listSourceRefs(trx, customer.id)),
      changed,
      warnings,
      ...(result === undefined ? {} : { result }),
    };
  });
}

/** PATCH of the basic area (R-E2 modify), versioned. */
export async function updateCustomer(
  db: Kysely<DB>,
  ref: ReferenceData,
  ecifNo: string,
  input: UpdateCustomerInput,
  ctx: OpContext,
): Promise<WriteResult<never>> {
  const system = input.source?.system;
  if (system !== undefined) requireSourceSystem(ref, system);
  const given = { ...(input.attributes ?? {}) };
  const cleared = Object.keys(given).filter((f) => given[f] === null);
  const clearedExt = Object.keys(input.ext ?? {}).filter((f) => input.ext?.[f] === null);
  if (system !== undefined) {
    const forbidden = Object.keys(given).filter(
      (f) => isBasicField(f) && !mayUpdate(ref, system, f),
    );
    if (forbidden.length > 0) {
      throw new EcifError(
        'ECIF_FIELD_UPDATE_FORBIDDEN',
        `${system} may not change: ${forbidden.join(', ')}`,
        {
          issues: forbidden.map((f) => ({
            field: `attributes.${f}`,
            code: 'FIELD_UPDATE_FORBIDDEN',
            message: `${system} has no update right on ${f}`,
            severity: 'error',
          })),
        },
      );
    }
  }
  return withSession(
    db,
    ref,
    ecifNo,
    ctx,
    {
      expectedVersion: input.expectedVersion,
      sourceSystem: system ?? null,
      lockKeys: identityKeysOf(given),
    },
    async (session) => {
      const kind = session.customer.kind as CustomerKind;
      const current = basicFromRow(session.customer);
      // ID type and number are checked together, whichever of the two is patched.
      if (
        given.idNo !== undefined &&
        given.idNo !== null &&
        given.idType === undefined &&
        current.idType
      )
        given.idType = current.idType;
      if (
        given.idType !== undefined &&
        given.idType !== null &&
        given.idNo === undefined &&
        current.idNo
      )
        given.idNo = current.idNo;
      const std = standardizeCustomer(kind, given, input.ext, standardizeContext(ref, system), {
        partial: true,
      });
      throwIfInvalid(std.errors);
      // Values derived from a corrected ID number (birth date, gender) change with it.
      const explicit = Object.keys(std.attributes).filter(
        (f) => f in given || std.derived.includes(f as BasicField),
      ) as (keyof BasicAttributes)[];
      if (input.source) {
        await patchSourceRecord(session, input.source, std, explicit, cleared, clearedExt);
      } else {
        await patchOverrides(
          session,
          std.attributes,
          explicit,
          cleared,
          std.ext,
          clearedExt,
          input.reason,
        );
      }
      await refreshGolden(session);
      // A corrected identity may now be the same person as another customer.
      if (IDENTITY_FIELDS.some((f) => f in given))
        await reidentify(session, ctx, input.source ? 'merge' : 'suggest');
      return { warnings: std.warnings };
    },
  );
}

function identityKeysOf(given: Record<string, unknown>): string[] {
  const keys: string[] = [];
  if (typeof given.idNo === 'string') {
    const id = normalizeIdentifier(given.idNo);
    keys.push(`id:${/^\d{15}$/.test(id) ? convertLegacyId15(id) : id}`);
  }
  if (typeof given.orgCode === 'string') keys.push(`org:${normalizeIdentifier(given.orgCode)}`);
  if (typeof given.creditCode === 'string')
    keys.push(`org:${normalizeIdentifier(given.creditCode).slice(8, 17)}`);
  return keys;
}

const IDENTITY_FIELDS = [
  'name',
  'idType',
  'idNo',
  'creditCode',
  'orgCode',
  'businessLicenceNo',
  'loanCardNo',
  'taxRegNo',
  'accountPermitNo',
];

async function patchSourceRecord(
  session: WriteSession,
  source: SourceRef,
  std: StandardizedCustomer,
  explicit: readonly (keyof BasicAttributes)[],
  cleared: readonly string[],
  clearedExt: readonly string[],
): Promise<void> {
  const xref = await findXref(session.trx, source.system, source.customerNo);
  if (!xref || xref.customer_id !== session.customer.id) {
    throw new EcifError(
      'ECIF_SOURCE_REF_CONFLICT',
      `${source.system}/${source.customerNo} is not linked to this customer`,
      {
        issues: [
          {
            field: 'source.customerNo',
            code: 'SOURCE_REF_NOT_LINKED',
            message: 'is not a source record of this customer',
            severity: 'error',
          },
        ],
      },
    );
  }
  const values = { ...(xref.attributes as Record<string, unknown>) };
  const extValues = { ...(xref.ext as Record<string, unknown>) };
  const times = { ...(xref.attribute_times as Record<string, string>) };
  const derived = { ...(xref.derived as Record<string, string>) };
  const now = new Date().toISOString();
  for (const f of explicit) {
    if (values[f] !== std.attributes[f]) times[f] = now;
    values[f] = std.attributes[f];
    if (std.derived.includes(f)) derived[f] = f === 'orgCode' ? 'creditCode' : 'idNo';
    else delete derived[f];
  }
  for (const f of cleared) {
    delete values[f];
    delete derived[f];
  }
  for (const [n, v] of Object.entries(std.ext)) {
    if (extValues[n] !== v) times[`ext.${n}`] = now;
    extValues[n] = v;
  }
  for (const n of clearedExt) delete extValues[n];
  await updateXref(session.trx, xref.id, {
    attributes: JSON.stringify(values),
    ext: JSON.stringify(extValues),
    attribute_times: JSON.stringify(times),
    derived: JSON.stringify(derived),
    warnings: JSON.stringify(std.warnings),
    updated_at: new Date(),
  });
}

async function patchOverrides(
  session: WriteSession,
  attributes: BasicAttributes,
  explicit: readonly (keyof BasicAttributes)[],
  cleared: readonly string[],
  ext: Record<string, unknown>,
  clearedExt: readonly string[],
  reason: string | undefined,
): Promise<void> {
  const set: [string, unknown][] = [
    ...explicit.map((f): [string, unknown] => [f, attributes[f]]),
    ...Object.entries(ext).map(([n, v]): [string, unknown] => [`ext.${n}`, v]),
  ];
  for (const [field, value] of set) {
    await session.trx
      .insertInto('customer_override')
      .values({
        customer_id: session.customer.id,
        field,
        value: JSON.stringify(value),
        set_by: session.ctx.actor,
        reason: reason ?? null,
      })
      .onConflict((oc) =>
        oc.columns(['customer_id', 'field']).doUpdateSet({
          value: JSON.stringify(value),
          set_by: session.ctx.actor,
          set_at: new Date(),
          reason: reason ?? null,
        }),
      )
      .execute();
  }
  const clear = [...cleared, ...clearedExt.map((n) => `ext.${n}`)];
  if (clear.length > 0) {
    await session.trx
      .deleteFrom('customer_override')
      .where('customer_id', '=', session.customer.id)
      .where('field', 'in', clear)
      .execute();
  }
}

/** Logical delete (逻辑删除): the customer stays, with its history, and can be reactivated. */
export async function setCustomerActive(
  db: Kysely<DB>,
  ref: ReferenceData,
  ecifNo: string,
  input: { active: boolean; reason: string; expectedVersion: number },
  ctx: OpContext,
): Promise<WriteResult<never>> {
  return withSession(
    db,
    ref,
    ecifNo,
    ctx,
    { expectedVersion: input.expectedVersion, sourceSystem: null, allowInactive: true },
    async (session) => {
      const wasActive = session.customer.status === 'active';
      if (wasActive === input.active) return { warnings: [] };
      const before = basicSnapshot(session.customer);
      session.customer = await session.trx
        .updateTable('customer')
        .set({
          status: input.active ? 'active' : 'inactive',
          deactivated_at: input.active ? null : new Date(),
          deactivation_reason: input.active ? null : input.reason,
        })
        .where('id', '=', session.customer.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      recordChange(session, {
        area: 'basic',
        item_id: session.customer.id,
        operation: input.active ? 'reactivate' : 'deactivate',
        before: JSON.stringify(before),
        after: JSON.stringify({ ...basicSnapshot(session.customer), reason: input.reason }),
        changed_fields: ['status'],
      });
      return { warnings: [] };
    },
  );
}

export type ItemOperation =
  | { readonly op: 'add'; readonly input: ItemInput }
  | { readonly op: 'patch'; readonly itemId: string; readonly input: ItemInput }
  | { readonly op: 'remove'; readonly itemId: string };

/** Maintenance of one subject-area item (R-E2 per-area services), versioned like the customer. */
export async function maintainItem(
  db: Kysely<DB>,
  ref: ReferenceData,
  ecifNo: string,
  area: SubjectArea,
  operation: ItemOperation,
  options: { expectedVersion: number; sourceSystem?: string | undefined },
  ctx: OpContext,
): Promise<WriteResult<ItemView | null>> {
  const system = options.sourceSystem;
  if (system !== undefined) requireSourceSystem(ref, system, 'sourceSystem');
  return withSession<ItemView | null>(
    db,
    ref,
    ecifNo,
    ctx,
    { expectedVersion: options.expectedVersion, sourceSystem: system ?? null },
    async (session) => {
      const stdCtx = standardizeContext(ref, system);
      let outcome: { item: ItemView | null; warnings: readonly Issue[] };
      switch (operation.op) {
        case 'add':
          outcome = await addItem(session, area, operation.input, stdCtx);
          break;
        case 'patch':
          outcome = await patchItem(session, area, operation.itemId, operation.input, stdCtx);
          break;
        case 'remove':
          await deleteItem(session, area, operation.itemId);
          outcome = { item: null, warnings: [] };
          break;
      }
      if (area === 'contacts' || area === 'addresses') await refreshGolden(session);
      return { warnings: outcome.warnings, result: outcome.item };
    },
  );
}
