import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import cases from '../../test/fixtures/golden-record-cases.json' with { type: 'json' };
import {
  buildGoldenRecord,
  type ManualOverride,
  type SourceContribution,
} from './build-golden-record.ts';
import type { SurvivorshipRule, SurvivorshipStrategy } from './survivorship-rule.ts';

interface Case {
  name: string;
  rules: Record<
    string,
    { strategy: SurvivorshipStrategy; sourcePriority?: string[]; allowManualOverride?: boolean }
  >;
  forbidden?: [string, string][];
  sources: SourceContribution[];
  overrides?: ManualOverride[];
  expected: Record<string, unknown>;
  expectedLineage: Record<string, Record<string, unknown>>;
}

function run(c: Case) {
  const fields = [
    ...new Set([
      ...c.sources.flatMap((s) => Object.keys(s.values)),
      ...(c.overrides ?? []).map((o) => o.field),
    ]),
  ];
  const forbidden = new Set((c.forbidden ?? []).map(([s, f]) => `${s}|${f}`));
  return buildGoldenRecord({
    fields,
    sources: c.sources,
    overrides: c.overrides ?? [],
    ruleFor: (field): SurvivorshipRule => ({
      field,
      strategy: c.rules[field]?.strategy ?? 'mostRecent',
      sourcePriority: c.rules[field]?.sourcePriority ?? [],
      allowManualOverride: c.rules[field]?.allowManualOverride ?? true,
    }),
    mayUpdate: (system, field) => !forbidden.has(`${system}|${field}`),
  });
}

describe('buildGoldenRecord: golden-record cases (test/fixtures/golden-record-cases.json)', () => {
  it.each((cases as unknown as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const golden = run(c);
    expect(golden.values).toEqual(c.expected);
    for (const [field, lineage] of Object.entries(c.expectedLineage)) {
      expect(golden.lineage[field]).toMatchObject(lineage);
    }
  });
});

describe('buildGoldenRecord properties', () => {
  const source = fc.record({
    system: fc.constantFrom('CORE', 'LOAN', 'CARD', 'WEALTH'),
    customerNo: fc.string({ minLength: 1, maxLength: 4 }),
    trustRank: fc.integer({ min: 1, max: 9 }),
    values: fc.record(
      { name: fc.string({ maxLength: 5 }), employer: fc.string({ maxLength: 8 }) },
      { requiredKeys: [] },
    ),
    times: fc.record(
      { name: fc.constantFrom('2020-01-01', '2024-01-01', '2026-01-01') },
      { requiredKeys: [] },
    ),
  });
  const strategy = fc.constantFrom<SurvivorshipStrategy>(
    'sourcePriority',
    'mostRecent',
    'mostComplete',
    'mostFrequent',
  );

  it('picks a value some source holds, with lineage naming that source, independent of input order', () => {
    fc.assert(
      fc.property(
        // A source record is unique per (system, customer number), as customer_xref enforces.
        fc.uniqueArray(source, { maxLength: 6, selector: (s) => `${s.system}|${s.customerNo}` }),
        strategy,
        (sources, s) => {
          const input = {
            rules: { name: { strategy: s, sourcePriority: ['CORE'] }, employer: { strategy: s } },
            sources,
            expected: {},
            expectedLineage: {},
            name: '',
          };
          const golden = run(input);
          const reversed = run({ ...input, sources: [...sources].reverse() });
          expect(reversed.values).toEqual(golden.values);
          for (const [field, value] of Object.entries(golden.values)) {
            const lineage = golden.lineage[field];
            expect(lineage?.rule).toBe(s);
            const from = sources.find(
              (x) =>
                lineage &&
                'system' in lineage &&
                x.system === lineage.system &&
                x.customerNo === lineage.customerNo,
            );
            expect(from?.values[field as 'name']).toBe(value);
          }
        },
      ),
    );
  });
});
