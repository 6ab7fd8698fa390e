import type { BasicAttributes } from '../party/basic-fields.ts';
import type { CustomerKind } from '../party/customer-kind.ts';

/** Attributes an exact identification tier may compare. `name` compares the normalized name key. */
export const IDENTIFICATION_KEYS = [
  'idType',
  'idNo',
  'name',
  'orgCode',
  'businessLicenceNo',
  'loanCardNo',
  'taxRegNo',
  'accountPermitNo',
] as const;
export type IdentificationKey = (typeof IDENTIFICATION_KEYS)[number];

/**
 * One exact identification tier of seed 004 (精度): all `keys` equal (and non-empty) means
 * the same customer. Only `autoMerge` tiers identify on their own; the others put the pair
 * on the similar-customer list (相似客户) for a steward.
 */
export interface IdentificationRule {
  readonly code: string;
  readonly kind: CustomerKind;
  /** 1 = highest precision. */
  readonly tier: number;
  readonly name: string;
  readonly keys: readonly IdentificationKey[];
  readonly autoMerge: boolean;
}

const ORGS: readonly CustomerKind[] = ['corporate', 'financial', 'group'];

/** Seed 004's table: only the highest tier merges automatically; lower tiers go to review. */
export const DEFAULT_IDENTIFICATION_RULES: readonly IdentificationRule[] = [
  {
    code: 'P1',
    kind: 'individual',
    tier: 1,
    name: '证件类型+证件号码+客户名称',
    keys: ['idType', 'idNo', 'name'],
    autoMerge: true,
  },
  {
    code: 'P2',
    kind: 'individual',
    tier: 2,
    name: '证件类型+证件号码',
    keys: ['idType', 'idNo'],
    autoMerge: false,
  },
  {
    code: 'P3',
    kind: 'individual',
    tier: 3,
    name: '证件号码+客户名称',
    keys: ['idNo', 'name'],
    autoMerge: false,
  },
  ...ORGS.flatMap((kind): IdentificationRule[] => [
    {
      code: 'O1',
      kind,
      tier: 1,
      name: '组织机构代码+客户名称',
      keys: ['orgCode', 'name'],
      autoMerge: true,
    },
    { code: 'O2', kind, tier: 2, name: '组织机构代码', keys: ['orgCode'], autoMerge: false },
    {
      code: 'O3',
      kind,
      tier: 3,
      name: '注册登记号/营业执照号',
      keys: ['businessLicenceNo'],
      autoMerge: false,
    },
    { code: 'O4', kind, tier: 3, name: '贷款卡号', keys: ['loanCardNo'], autoMerge: false },
    {
      code: 'O5',
      kind,
      tier: 4,
      name: '开户许可证号',
      keys: ['accountPermitNo'],
      autoMerge: false,
    },
    { code: 'O6', kind, tier: 4, name: '税务登记号', keys: ['taxRegNo'], autoMerge: false },
    { code: 'O7', kind, tier: 4, name: '客户全称', keys: ['name'], autoMerge: false },
  ]),
];

export interface IdentificationProbe {
  readonly rule: IdentificationRule;
  /** Key → value to compare (name already normalized). */
  readonly values: Readonly<Partial<Record<IdentificationKey, string>>>;
}

/**
 * The lookups to run for a record, highest tier first. Individuals whose ID type is "other"
 * get no probe that involves the ID: sources disagree on what "other" means, so such records
 * are never identified automatically (seed 004).
 */
export function identificationProbes(
  kind: CustomerKind,
  attributes: BasicAttributes,
  nameKey: string | undefined,
  rules: readonly IdentificationRule[],
): IdentificationProbe[] {
  const otherId = kind === 'individual' && attributes.idType === 'OTHER';
  const probes: IdentificationProbe[] = [];
  for (const rule of rules) {
    if (rule.kind !== kind) continue;
    if (otherId && rule.keys.some((k) => k === 'idNo' || k === 'idType')) continue;
    const values: Partial<Record<IdentificationKey, string>> = {};
    let complete = true;
    for (const key of rule.keys) {
      const value = key === 'name' ? nameKey : attributes[key];
      if (value === undefined || value === '') {
        complete = false;
        break;
      }
      values[key] = String(value);
    }
    if (complete) probes.push({ rule, values });
  }
  return probes.sort((a, b) => a.rule.tier - b.rule.tier);
}

export interface ProbeHits {
  readonly probe: IdentificationProbe;
  /** Matching active customers, oldest first. */
  readonly customerIds: readonly string[];
  /** Matching deactivated customers: never identified automatically, always shown as suspects. */
  readonly inactiveIds?: readonly string[];
}

export type IdentificationDecision =
  | {
      readonly outcome: 'identified';
      readonly customerId: string;
      readonly rule: IdentificationRule;
      readonly suspects: readonly Suspect[];
    }
  | { readonly outcome: 'new'; readonly suspects: readonly Suspect[] };

export interface Suspect {
  readonly customerId: string;
  readonly rule: IdentificationRule;
}

/**
 * The first auto-merge tier with a hit identifies the customer (the oldest hit, when the hub
 * already holds duplicates). Hits of review tiers, and further hits, become suspects.
 */
export function decideIdentification(hits: readonly ProbeHits[]): IdentificationDecision {
  const suspects = new Map<string, Suspect>();
  let identified: { customerId: string; rule: IdentificationRule } | undefined;
  for (const { probe, customerIds } of hits) {
    for (const customerId of customerIds) {
      if (!identified && probe.rule.autoMerge) {
        identified = { customerId, rule: probe.rule };
        continue;
      }
      if (customerId !== identified?.customerId && !suspects.has(customerId)) {
        suspects.set(customerId, { customerId, rule: probe.rule });
      }
    }
  }
  for (const { probe, inactiveIds } of hits) {
    for (const customerId of inactiveIds ?? []) {
      if (!suspects.has(customerId)) suspects.set(customerId, { customerId, rule: probe.rule });
    }
  }
  const list = [...suspects.values()];
  return identified
    ? {
        outcome: 'identified',
        customerId: identified.customerId,
        rule: identified.rule,
        suspects: list,
      }
    : { outcome: 'new', suspects: list };
}
