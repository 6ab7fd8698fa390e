import type { Lineage, SurvivorshipRule } from './survivorship-rule.ts';

export type GoldenValue = string | number | boolean;

/** One source system's latest view of the customer. */
export interface SourceContribution {
  readonly system: string;
  readonly customerNo: string;
  /** Registry trust rank of the system: 1 is the most trusted. */
  readonly trustRank: number;
  readonly values: Readonly<Record<string, GoldenValue>>;
  /** When each value was last sent (ISO time). */
  readonly times: Readonly<Record<string, string>>;
  /** Values this source did not send but that were derived from its other fields. */
  readonly derivedFrom?: Readonly<Record<string, string>>;
}

export interface ManualOverride {
  readonly field: string;
  readonly value: GoldenValue;
  readonly by: string;
  readonly at: string;
  readonly reason?: string;
}

export interface GoldenRecordInput {
  readonly fields: readonly string[];
  readonly sources: readonly SourceContribution[];
  readonly overrides: readonly ManualOverride[];
  readonly ruleFor: (field: string) => SurvivorshipRule;
  /** Field-level update right of a source system (字段更新权限). */
  readonly mayUpdate: (system: string, field: string) => boolean;
}

export interface GoldenRecord {
  readonly values: Record<string, GoldenValue>;
  readonly lineage: Record<string, Lineage>;
}

interface Candidate {
  readonly source: SourceContribution;
  readonly value: GoldenValue;
  readonly at: string;
}

/**
 * Builds the golden record from every source's latest values (pure). For each field the
 * rule picks among the sources that hold the update right; a source without it only fills a
 * value no entitled source knows, so a trusted value is never overwritten by a less trusted
 * one. Every chosen value carries its lineage.
 */
export function buildGoldenRecord(input: GoldenRecordInput): GoldenRecord {
  const values: Record<string, GoldenValue> = {};
  const lineage: Record<string, Lineage> = {};
  const overrides = new Map(input.overrides.map((o) => [o.field, o]));
  for (const field of input.fields) {
    const rule = input.ruleFor(field);
    const override = overrides.get(field);
    if (override && rule.allowManualOverride) {
      values[field] = override.value;
      lineage[field] = {
        rule: 'manualOverride',
        by: override.by,
        at: override.at,
        ...(override.reason ? { reason: override.reason } : {}),
      };
      continue;
    }
    const all: Candidate[] = [];
    for (const source of input.sources) {
      const value = source.values[field];
      if (value === undefined || value === '') continue;
      all.push({ source, value, at: source.times[field] ?? '' });
    }
    if (all.length === 0) continue;
    const entitled = all.filter((c) => input.mayUpdate(c.source.system, field));
    const pool = entitled.length > 0 ? entitled : all;
    const winner = choose(rule, pool);
    values[field] = winner.value;
    const derivedFrom = winner.source.derivedFrom?.[field];
    lineage[field] = {
      rule: rule.strategy,
      system: winner.source.system,
      customerNo: winner.source.customerNo,
      at: winner.at,
      ...(derivedFrom ? { derivedFrom } : {}),
      ...(entitled.length === 0 ? { fallback: true as const } : {}),
    };
  }
  return { values, lineage };
}

function choose(rule: SurvivorshipRule, pool: readonly Candidate[]): Candidate {
  const byPriority = [...pool].sort((a, b) => comparePriority(rule, a, b));
  const first = byPriority[0] as Candidate;
  switch (rule.strategy) {
    case 'sourcePriority':
      return first;
    case 'mostRecent':
      return byPriority.reduce((best, c) => (c.at > best.at ? c : best), first);
    case 'mostComplete':
      return byPriority.reduce(
        (best, c) => (completeness(c.value) > completeness(best.value) ? c : best),
        first,
      );
    case 'mostFrequent': {
      const counts = new Map<string, number>();
      for (const c of pool) counts.set(String(c.value), (counts.get(String(c.value)) ?? 0) + 1);
      return byPriority.reduce(
        (best, c) =>
          (counts.get(String(c.value)) ?? 0) > (counts.get(String(best.value)) ?? 0) ? c : best,
        first,
      );
    }
  }
}

/** Listed systems first in list order, then registry trust rank, then the most recent value. */
function comparePriority(rule: SurvivorshipRule, a: Candidate, b: Candidate): number {
  const rank = (c: Candidate): number => {
    const i = rule.sourcePriority.indexOf(c.source.system);
    return i === -1 ? rule.sourcePriority.length : i;
  };
  return (
    rank(a) - rank(b) ||
    a.source.trustRank - b.source.trustRank ||
    (a.at < b.at ? 1 : a.at > b.at ? -1 : 0) ||
    a.source.system.localeCompare(b.source.system) ||
    a.source.customerNo.localeCompare(b.source.customerNo)
  );
}

function completeness(value: GoldenValue): number {
  return typeof value === 'string' ? [...value.trim()].length : 1;
}
