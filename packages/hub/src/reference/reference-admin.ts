import {
  EcifError,
  SURVIVORSHIP_STRATEGIES,
  type ExtensionAttributeDef,
  type SurvivorshipRule,
} from '@ecif/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceStore } from './reference-store.ts';

/** Everything configurable, as the API shows it. */
export async function listReferenceData(store: ReferenceStore) {
  const ref = await store.get();
  return {
    sourceSystems: [...ref.sourceSystems.values()],
    codeSets: [...ref.codeLabels.entries()].map(([codeSet, values]) => ({
      codeSet,
      values: [...values.entries()].map(([code, label]) => ({ code, zh: label.zh, en: label.en })),
    })),
    codeMappings: [...ref.codeMappings.entries()].map(([key, standardCode]) => {
      const [system = '', codeSet = '', sourceCode = ''] = key.split('|');
      return { system, codeSet, sourceCode, standardCode };
    }),
    extensions: [...ref.extensions.values()],
    identificationRules: ref.identificationRules,
    survivorshipRules: [...ref.survivorshipRules.values()],
    updateRights: [...ref.updateRights.entries()].map(([key, allowed]) => {
      const [system = '', field = ''] = key.split('|');
      return { system, field, allowed };
    }),
  };
}

function unknown(field: string, what: string): never {
  throw new EcifError('ECIF_VALIDATION', `Unknown ${what}`, {
    issues: [
      { field, code: 'UNKNOWN_REFERENCE', message: `is not a known ${what}`, severity: 'error' },
    ],
  });
}

export async function putSourceSystem(
  db: Kysely<DB>,
  store: ReferenceStore,
  s: { code: string; name: string; trustRank: number; isCore: boolean; active: boolean },
): Promise<void> {
  await db
    .insertInto('source_system')
    .values({
      code: s.code,
      name: s.name,
      trust_rank: s.trustRank,
      is_core: s.isCore,
      active: s.active,
    })
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({
        name: s.name,
        trust_rank: s.trustRank,
        is_core: s.isCore,
        active: s.active,
        updated_at: new Date(),
      }),
    )
    .execute();
  store.invalidate();
}

export async function putCodeMapping(
  db: Kysely<DB>,
  store: ReferenceStore,
  m: { system: string; codeSet: string; sourceCode: string; standardCode: string },
): Promise<void> {
  const ref = await store.get();
  if (!ref.sourceSystems.has(m.system)) unknown('system', 'source system');
  if (!ref.codeSets.get(m.codeSet)?.has(m.standardCode))
    unknown('standardCode', `code of ${m.codeSet}`);
  await db
    .insertInto('code_mapping')
    .values({
      source_system: m.system,
      code_set: m.codeSet,
      source_code: m.sourceCode,
      standard_code: m.standardCode,
    })
    .onConflict((oc) =>
      oc
        .columns(['source_system', 'code_set', 'source_code'])
        .doUpdateSet({ standard_code: m.standardCode }),
    )
    .execute();
  store.invalidate();
}

export async function putSurvivorshipRule(
  db: Kysely<DB>,
  store: ReferenceStore,
  rule: SurvivorshipRule,
): Promise<void> {
  if (!SURVIVORSHIP_STRATEGIES.includes(rule.strategy))
    unknown('strategy', 'survivorship strategy');
  const ref = await store.get();
  rule.sourcePriority.forEach((s, i) => {
    if (!ref.sourceSystems.has(s)) unknown(`sourcePriority[${i}]`, 'source system');
  });
  await db
    .insertInto('survivorship_rule')
    .values({
      field: rule.field,
      strategy: rule.strategy,
      source_priority: [...rule.sourcePriority],
      allow_manual_override: rule.allowManualOverride,
    })
    .onConflict((oc) =>
      oc.column('field').doUpdateSet({
        strategy: rule.strategy,
        source_priority: [...rule.sourcePriority],
        allow_manual_override: rule.allowManualOverride,
        updated_at: new Date(),
      }),
    )
    .execute();
  store.invalidate();
}

export async function putUpdateRight(
  db: Kysely<DB>,
  store: ReferenceStore,
  right: { system: string; field: string; allowed: boolean },
): Promise<void> {
  const ref = await store.get();
  if (!ref.sourceSystems.has(right.system)) unknown('system', 'source system');
  await db
    .insertInto('field_update_right')
    .values({ source_system: right.system, field: right.field, allowed: right.allowed })
    .onConflict((oc) =>
      oc.columns(['source_system', 'field']).doUpdateSet({ allowed: right.allowed }),
    )
    .execute();
  store.invalidate();
}

export async function putExtensionAttribute(
  db: Kysely<DB>,
  store: ReferenceStore,
  a: ExtensionAttributeDef,
): Promise<void> {
  if (a.type === 'code' && !(await store.get()).codeSets.has(a.codeSet ?? ''))
    unknown('codeSet', 'code set');
  const values = {
    data_type: a.type,
    code_set: a.codeSet ?? null,
    max_length: a.maxLength ?? null,
    kinds: [...a.kinds],
    label_zh: a.label.zh,
    label_en: a.label.en,
  };
  await db
    .insertInto('attribute_registry')
    .values({ name: a.name, ...values })
    .onConflict((oc) => oc.column('name').doUpdateSet(values))
    .execute();
  store.invalidate();
}
