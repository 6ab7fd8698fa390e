import {
  decideIdentification,
  formatEcifNo,
  identificationProbes,
  standardizeCustomer,
  type BasicAttributes,
  type CustomerKind,
  type ExtAttributes,
  type IdentificationDecision,
  type Issue,
  type ProbeHits,
  type StandardizedCustomer,
} from '@ecif/core';
import type { Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import type { CreateCustomerInput, IdentificationResult } from './customer.types.ts';
import { customerViewFromRow, sourceRefFromRow, type XrefRow } from './customer-row.ts';
import {
  ecifNosOf,
  findByProbe,
  findXref,
  insertCustomer,
  insertSimilar,
  insertXref,
  listSourceRefs,
  listXrefs,
  lockIdentityKeys,
  nextEcifSequence,
  updateXref,
} from './customer.repository.ts';
import { refreshGolden } from './golden-record.service.ts';
import { standardizeAreas, upsertItems, type StandardizedItems } from './items.service.ts';
import { reidentify } from './reidentify.ts';
import { sourceValues } from './source-values.ts';
import { nameColumns, nameKeyOf } from './name-keys.ts';
import { requireSourceSystem, standardizeContext, throwIfInvalid } from './standardize-context.ts';
import { commitSession, openSession, recordChange, type WriteSession } from './write-session.ts';

/**
 * 客户唯一性校验 + create (R-E2): a source system's customer is first looked up by its own
 * number, then by the exact identification tiers; only when nothing identifies it is a new
 * ECIF customer made. Resending the same message changes nothing.
 */
export async function createOrIdentify(
  db: Kysely<DB>,
  ref: ReferenceData,
  input: CreateCustomerInput,
  ctx: OpContext,
): Promise<IdentificationResult> {
  requireSourceSystem(ref, input.source.system);
  const stdCtx = standardizeContext(ref, input.source.system);
  const std = standardizeCustomer(input.kind, input.attributes, input.ext, stdCtx, {
    partial: false,
  });
  const areas = standardizeAreas(input.areas, stdCtx);
  throwIfInvalid([...std.errors, ...areas.errors]);
  const warnings = [...std.warnings, ...areas.warnings];
  const nameKey = nameKeyOf(input.kind, String(std.attributes.name));
  const probes = identificationProbes(input.kind, std.attributes, nameKey, ref.identificationRules);

  return db.transaction().execute(async (trx) => {
    await lockIdentityKeys(trx, identityLockKeys(input, std.attributes));
    const existingRef = await findXref(trx, input.source.system, input.source.customerNo);
    if (existingRef) {
      return updateFromSource(trx, ref, ctx, input, std, areas.batches, existingRef, warnings);
    }
    const hits: ProbeHits[] = [];
    for (const probe of probes) hits.push({ probe, ...(await findByProbe(trx, probe)) });
    const decision = decideIdentification(hits);
    const session =
      decision.outcome === 'identified'
        ? await openSession(trx, ref, ctx, decision.customerId, {
            sourceSystem: input.source.system,
          })
        : await createCustomerShell(trx, ref, ctx, input.kind, input.source.system, std.attributes);
    await insertXref(trx, {
      source_system: input.source.system,
      source_customer_no: input.source.customerNo,
      customer_id: session.customer.id,
      ...sourceValues(std, new Date().toISOString(), {}),
      warnings: JSON.stringify(std.warnings),
      decision: decision.outcome === 'identified' ? 'identified' : 'created',
      rule_code: decision.outcome === 'identified' ? decision.rule.code : null,
      linked_by: ctx.actor,
      request_id: ctx.requestId,
    });
    if (decision.outcome === 'identified') {
      // A new source record linked to an existing customer is a change of that customer.
      recordChange(session, {
        area: 'xref',
        item_id: null,
        operation: 'link',
        before: null,
        after: JSON.stringify({
          ...input.source,
          decision: 'identified',
          rule: decision.rule.code,
        }),
        changed_fields: [],
      });
    }
    return finish(trx, session, areas.batches, decision, warnings);
  });
}

async function createCustomerShell(
  trx: Kysely<DB>,
  ref: ReferenceData,
  ctx: OpContext,
  kind: CustomerKind,
  sourceSystem: string,
  attributes: BasicAttributes,
): Promise<WriteSession> {
  const name = String(attributes.name);
  const row = await insertCustomer(trx, {
    ecif_no: formatEcifNo(kind, await nextEcifSequence(trx)),
    kind,
    name,
    ...nameColumns(kind, name),
  });
  return openSession(trx, ref, ctx, row.id, { sourceSystem, isNew: true });
}

/** The same source sends its customer again: its values are updated, then survivorship reruns. */
async function updateFromSource(
  trx: Kysely<DB>,
  ref: ReferenceData,
  ctx: OpContext,
  input: CreateCustomerInput,
  std: StandardizedCustomer,
  batches: readonly StandardizedItems[],
  xref: XrefRow,
  warnings: Issue[],
): Promise<IdentificationResult> {
  const session = await openSession(trx, ref, ctx, xref.customer_id, {
    sourceSystem: input.source.system,
  });
  const previous = xref.attributes as BasicAttributes;
  const times = { ...(xref.attribute_times as Record<string, string>) };
  const now = new Date().toISOString();
  await updateXref(trx, xref.id, {
    ...sourceValues(std, now, times, previous, xref.ext as ExtAttributes),
    warnings: JSON.stringify(std.warnings),
    active: true,
    unlinked_at: null,
    updated_at: new Date(),
  });
  for (const batch of batches) await upsertItems(session, batch);
  await refreshGolden(session);
  const survivor = await reidentify(session, ctx, 'merge');
  await commitSession(session);
  const xrefs = await listXrefs(trx, survivor.customer.id);
  const merged = survivor !== session || session.customer.status === 'merged';
  return {
    outcome: 'identified',
    ruleCode: merged
      ? (xrefs.find((x) => x.id === xref.id)?.rule_code ?? 'SOURCE_REF')
      : 'SOURCE_REF',
    suspects: [],
    warnings: [...warnings],
    changed: session.changes.length > 0,
    customer: customerViewFromRow(survivor.customer, xrefs.map(sourceRefFromRow)),
  };
}

async function finish(
  trx: Kysely<DB>,
  session: WriteSession,
  batches: readonly StandardizedItems[],
  decision: IdentificationDecision,
  warnings: readonly Issue[],
): Promise<IdentificationResult> {
  for (const batch of batches) await upsertItems(session, batch);
  await refreshGolden(session);
  const suspects = decision.suspects;
  await insertSimilar(
    trx,
    suspects.map((s) => ({
      customerId: session.customer.id,
      suspectId: s.customerId,
      ruleCode: s.rule.code,
      tier: s.rule.tier,
    })),
  );
  const { customer, changed } = await commitSession(session);
  const suspectNos = await ecifNosOf(
    trx,
    suspects.map((s) => s.customerId),
  );
  return {
    outcome: session.isNew ? 'created' : 'identified',
    ruleCode: decision.outcome === 'identified' ? decision.rule.code : null,
    suspects: suspects.map((s) => ({
      ecifNo: suspectNos.get(s.customerId) ?? '',
      ruleCode: s.rule.code,
    })),
    warnings: [...warnings],
    changed,
    customer: customerViewFromRow(customer, await listSourceRefs(trx, customer.id)),
  };
}

export function identityLockKeys(
  input: CreateCustomerInput,
  attributes: BasicAttributes,
): string[] {
  const keys = [`src:${input.source.system}:${input.source.customerNo}`];
  if (attributes.idNo !== undefined) keys.push(`id:${String(attributes.idNo)}`);
  if (attributes.orgCode !== undefined) keys.push(`org:${String(attributes.orgCode)}`);
  return keys;
}
