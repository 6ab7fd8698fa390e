import { describe, expect, it } from 'vitest';
import {
  DEFAULT_IDENTIFICATION_RULES,
  decideIdentification,
  identificationProbes,
} from './identification-rule.ts';

const person = { name: '张伟', idType: 'RESIDENT_ID', idNo: '11010519491231002X' };

describe('identification probes (seed 004 tiers)', () => {
  it('probes an individual highest tier first, with the normalized name', () => {
    const probes = identificationProbes('individual', person, '张伟', DEFAULT_IDENTIFICATION_RULES);
    expect(probes.map((p) => p.rule.code)).toEqual(['P1', 'P2', 'P3']);
    expect(probes[0]?.values).toEqual({
      idType: 'RESIDENT_ID',
      idNo: '11010519491231002X',
      name: '张伟',
    });
    expect(probes.filter((p) => p.rule.autoMerge).map((p) => p.rule.code)).toEqual(['P1']);
  });

  it('never probes the ID of an individual whose ID type is "other"', () => {
    expect(
      identificationProbes(
        'individual',
        { ...person, idType: 'OTHER' },
        '张伟',
        DEFAULT_IDENTIFICATION_RULES,
      ),
    ).toEqual([]);
  });

  it('skips tiers whose keys are missing and probes corporates by code', () => {
    expect(
      identificationProbes('individual', { name: '张伟' }, '张伟', DEFAULT_IDENTIFICATION_RULES),
    ).toEqual([]);
    const corp = identificationProbes(
      'corporate',
      { name: '某公司', orgCode: '708461136', loanCardNo: '3601000012345678' },
      '某公司',
      DEFAULT_IDENTIFICATION_RULES,
    );
    expect(corp.map((p) => p.rule.code)).toEqual(['O1', 'O2', 'O4', 'O7']);
  });
});

describe('decideIdentification', () => {
  const [p1, p2] = identificationProbes('individual', person, '张伟', DEFAULT_IDENTIFICATION_RULES);

  it('identifies through the first auto-merge tier with a hit, the others become suspects', () => {
    const decision = decideIdentification([
      { probe: p1!, customerIds: ['a', 'b'] },
      { probe: p2!, customerIds: ['a', 'c'] },
    ]);
    expect(decision).toMatchObject({
      outcome: 'identified',
      customerId: 'a',
      rule: { code: 'P1' },
    });
    expect(decision.suspects.map((s) => [s.customerId, s.rule.code])).toEqual([
      ['b', 'P1'],
      ['c', 'P2'],
    ]);
  });

  it('never identifies a deactivated customer, but lists it as a suspect', () => {
    const decision = decideIdentification([{ probe: p1!, customerIds: [], inactiveIds: ['old'] }]);
    expect(decision).toEqual({ outcome: 'new', suspects: [{ customerId: 'old', rule: p1!.rule }] });
  });

  it('creates a new customer when only review tiers hit', () => {
    const decision = decideIdentification([
      { probe: p1!, customerIds: [] },
      { probe: p2!, customerIds: ['x'] },
    ]);
    expect(decision).toEqual({ outcome: 'new', suspects: [{ customerId: 'x', rule: p2!.rule }] });
  });
});
