/**
 * How the golden value of one attribute is chosen among the sources that know it
 * (信息覆盖规则, R-E5). A manual override by a data steward wins over every strategy
 * unless the rule forbids overrides.
 */
export const SURVIVORSHIP_STRATEGIES = [
  'sourcePriority',
  'mostRecent',
  'mostComplete',
  'mostFrequent',
] as const;
export type SurvivorshipStrategy = (typeof SURVIVORSHIP_STRATEGIES)[number];

export interface SurvivorshipRule {
  readonly field: string;
  readonly strategy: SurvivorshipStrategy;
  /** Most trusted first; systems not listed follow in the registry's trust order. */
  readonly sourcePriority: readonly string[];
  readonly allowManualOverride: boolean;
}

/** Where a golden value came from, stored beside it (lineage). */
export type Lineage =
  | {
      readonly rule: SurvivorshipStrategy;
      readonly system: string;
      readonly customerNo: string;
      readonly at: string;
      /** Filled from another field of the same record, e.g. birth date from the ID number. */
      readonly derivedFrom?: string;
      /** The source lacks the update right for this field and only filled an empty value. */
      readonly fallback?: true;
    }
  | {
      readonly rule: 'manualOverride';
      readonly by: string;
      readonly at: string;
      readonly reason?: string;
    };
