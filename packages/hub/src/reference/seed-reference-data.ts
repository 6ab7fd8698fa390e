import {
  DEFAULT_EXTENSION_ATTRIBUTES,
  DEFAULT_IDENTIFICATION_RULES,
  STANDARD_CODE_SETS,
} from '@ecif/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.generated.ts';
import {
  CODE_SET_NAMES,
  DEFAULT_CODE_MAPPINGS,
  DEFAULT_SOURCE_SYSTEMS,
  DEFAULT_SURVIVORSHIP_RULES,
  DEFAULT_UPDATE_RIGHTS,
} from './default-reference-data.ts';

/**
 * Inserts the default configuration where the bank has none yet. Idempotent and never
 * overwrites: once a row exists it belongs to the bank's administrators.
 */
export async function seedReferenceData(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('source_system')
      .values(
        DEFAULT_SOURCE_SYSTEMS.map((s) => ({
          code: s.code,
          name: s.name,
          trust_rank: s.trustRank,
          is_core: s.isCore,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('code_set')
      .values(
        Object.keys(STANDARD_CODE_SETS).map((codeSet) => ({
          code_set: codeSet,
          name_zh: CODE_SET_NAMES[codeSet]?.zh ?? codeSet,
          name_en: CODE_SET_NAMES[codeSet]?.en ?? codeSet,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('code_value')
      .values(
        Object.entries(STANDARD_CODE_SETS).flatMap(([codeSet, values]) =>
          values.map((v, i) => ({
            code_set: codeSet,
            code: v.code,
            name_zh: v.zh,
            name_en: v.en,
            sort: i,
          })),
        ),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('code_mapping')
      .values(
        DEFAULT_CODE_MAPPINGS.map(([system, codeSet, sourceCode, standardCode]) => ({
          source_system: system,
          code_set: codeSet,
          source_code: sourceCode,
          standard_code: standardCode,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('attribute_registry')
      .values(
        DEFAULT_EXTENSION_ATTRIBUTES.map((a) => ({
          name: a.name,
          data_type: a.type,
          code_set: a.codeSet ?? null,
          max_length: a.maxLength ?? null,
          kinds: [...a.kinds],
          label_zh: a.label.zh,
          label_en: a.label.en,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('identification_rule')
      .values(
        DEFAULT_IDENTIFICATION_RULES.map((r) => ({
          kind: r.kind,
          code: r.code,
          tier: r.tier,
          name: r.name,
          keys: [...r.keys],
          auto_merge: r.autoMerge,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('survivorship_rule')
      .values(
        DEFAULT_SURVIVORSHIP_RULES.map((r) => ({
          field: r.field,
          strategy: r.strategy,
          source_priority: [...r.sourcePriority],
          allow_manual_override: r.allowManualOverride,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('field_update_right')
      .values(
        DEFAULT_UPDATE_RIGHTS.map(([system, field, allowed]) => ({
          source_system: system,
          field,
          allowed,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}
