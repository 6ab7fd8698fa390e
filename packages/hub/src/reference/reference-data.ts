import {
  BASIC_FIELDS,
  isBasicField,
  type BasicFieldDef,
  type CustomerKind,
  type ExtensionAttributeDef,
  type IdentificationKey,
  type IdentificationRule,
  type ScalarType,
  type SurvivorshipRule,
  type SurvivorshipStrategy,
} from '@ecif/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.generated.ts';

export interface SourceSystem {
  readonly code: string;
  readonly name: string;
  readonly trustRank: number;
  readonly isCore: boolean;
  readonly active: boolean;
}

/**
 * The bank's configuration that every write consults (source systems, code sets and their
 * per-source mappings, extension attributes, identification tiers, survivorship rules and
 * update rights), read once into memory. It is data, changed through the API, so the cache
 * is reloaded whenever one of those tables changes.
 */
export interface ReferenceData {
  readonly sourceSystems: ReadonlyMap<string, SourceSystem>;
  readonly codeSets: ReadonlyMap<string, ReadonlySet<string>>;
  readonly codeLabels: ReadonlyMap<string, ReadonlyMap<string, { zh: string; en: string }>>;
  /** `${system}|${codeSet}|${sourceCode}` → standard code. */
  readonly codeMappings: ReadonlyMap<string, string>;
  readonly extensions: ReadonlyMap<string, ExtensionAttributeDef>;
  readonly identificationRules: readonly IdentificationRule[];
  readonly survivorshipRules: ReadonlyMap<string, SurvivorshipRule>;
  /** `${system}|${field}` → allowed; absent means allowed. */
  readonly updateRights: ReadonlyMap<string, boolean>;
}

export async function loadReferenceData(db: Kysely<DB>): Promise<ReferenceData> {
  const [systems, codes, mappings, attributes, idRules, survRules, rights] = await Promise.all([
    db.selectFrom('source_system').selectAll().execute(),
    db.selectFrom('code_value').selectAll().where('active', '=', true).orderBy('sort').execute(),
    db.selectFrom('code_mapping').selectAll().execute(),
    db.selectFrom('attribute_registry').selectAll().where('active', '=', true).execute(),
    db.selectFrom('identification_rule').selectAll().where('active', '=', true).execute(),
    db.selectFrom('survivorship_rule').selectAll().execute(),
    db.selectFrom('field_update_right').selectAll().execute(),
  ]);
  const codeSets = new Map<string, Set<string>>();
  const codeLabels = new Map<string, Map<string, { zh: string; en: string }>>();
  for (const row of codes) {
    if (!codeSets.has(row.code_set)) {
      codeSets.set(row.code_set, new Set());
      codeLabels.set(row.code_set, new Map());
    }
    codeSets.get(row.code_set)?.add(row.code);
    codeLabels.get(row.code_set)?.set(row.code, { zh: row.name_zh, en: row.name_en });
  }
  return {
    sourceSystems: new Map(
      systems.map((s) => [
        s.code,
        {
          code: s.code,
          name: s.name,
          trustRank: s.trust_rank,
          isCore: s.is_core,
          active: s.active,
        },
      ]),
    ),
    codeSets,
    codeLabels,
    codeMappings: new Map(
      mappings.map((m) => [`${m.source_system}|${m.code_set}|${m.source_code}`, m.standard_code]),
    ),
    extensions: new Map(
      attributes.map((a): [string, ExtensionAttributeDef] => [
        a.name,
        {
          name: a.name,
          type: a.data_type as ScalarType,
          ...(a.code_set ? { codeSet: a.code_set } : {}),
          ...(a.max_length ? { maxLength: a.max_length } : {}),
          kinds: a.kinds as CustomerKind[],
          label: { zh: a.label_zh, en: a.label_en },
        },
      ]),
    ),
    identificationRules: idRules
      .map((r): IdentificationRule => ({
        code: r.code,
        kind: r.kind as CustomerKind,
        tier: r.tier,
        name: r.name,
        keys: r.keys as IdentificationKey[],
        autoMerge: r.auto_merge,
      }))
      .sort((a, b) => a.tier - b.tier || a.code.localeCompare(b.code)),
    survivorshipRules: new Map(
      survRules.map((r): [string, SurvivorshipRule] => [
        r.field,
        {
          field: r.field,
          strategy: r.strategy as SurvivorshipStrategy,
          sourcePriority: r.source_priority,
          allowManualOverride: r.allow_manual_override,
        },
      ]),
    ),
    updateRights: new Map(rights.map((r) => [`${r.source_system}|${r.field}`, r.allowed])),
  };
}

export function survivorshipRuleFor(ref: ReferenceData, field: string): SurvivorshipRule {
  return (
    ref.survivorshipRules.get(field) ?? {
      field,
      strategy: 'mostRecent',
      sourcePriority: [],
      allowManualOverride: true,
    }
  );
}

/**
 * Field-level update right: an explicit row decides; otherwise key information (关键信息) may
 * only be changed by the core system, and any other field by anyone (seed 004 sync rules).
 */
export function mayUpdate(ref: ReferenceData, system: string, field: string): boolean {
  const explicit = ref.updateRights.get(`${system}|${field}`);
  if (explicit !== undefined) return explicit;
  const isKey = isBasicField(field) && (BASIC_FIELDS[field] as BasicFieldDef).key === true;
  return !isKey || ref.sourceSystems.get(system)?.isCore === true;
}

export function codeMapper(ref: ReferenceData, system: string | undefined) {
  return (codeSet: string, sourceCode: string): string | undefined =>
    system === undefined ? undefined : ref.codeMappings.get(`${system}|${codeSet}|${sourceCode}`);
}
