import { describe, expect, it } from 'vitest';
import { isLuhnValid } from '../validation/bank-card.ts';
import { validateCreditCode, validateOrgCode } from '../validation/credit-code.ts';
import { validatePersonalIdNo } from '../validation/national-id.ts';
import { parseSourceMapping } from '../batch/source-mapping.ts';
import { createLineEncoder } from './format.ts';
import { encodeGbk, gbkByteLength, UnencodableCharacterError } from '../batch/encode-gbk.ts';
import { generateSynthData, HARD_CASES, type TruthRow } from './generate.ts';
import { SYNTH_SYSTEMS, synthMapping } from './mappings.ts';

const data = generateSynthData({ people: 2000, companies: 300, seed: 7 });
const truthOf = new Map<string, TruthRow>(
  data.truth.map((t) => [`${t.system}:${t.sourceCustomerNo}`, t]),
);

describe('synthetic data', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    const again = generateSynthData({ people: 2000, companies: 300, seed: 7 });
    expect(again.sources).toEqual(data.sources);
    expect(again.truth).toEqual(data.truth);
    const other = generateSynthData({ people: 2000, companies: 300, seed: 8 });
    expect(other.sources[0]?.rows).not.toEqual(data.sources[0]?.rows);
  });

  it('produces mappings that pass parseSourceMapping', () => {
    for (const system of SYNTH_SYSTEMS) {
      const parsed = parseSourceMapping(JSON.parse(JSON.stringify(synthMapping(system))));
      expect(parsed, system).toMatchObject({ ok: true });
    }
  });

  it('gives every row exactly the mapping column count and a truth entry', () => {
    for (const source of data.sources) {
      expect(source.rows.length).toBe(data.summary.records[source.system]);
      for (const row of source.rows) {
        expect(row).toHaveLength(source.mapping.columns.length);
        expect(truthOf.has(`${source.system}:${row[0] ?? ''}`)).toBe(true);
      }
    }
    expect(truthOf.size).toBe(data.truth.length);
  });

  it('mints valid identifiers except the typos recorded in the truth', () => {
    let corrupted = 0;
    for (const source of data.sources) {
      source.mapping.columns.forEach((column, i) => {
        for (const row of source.rows) {
          const value = row[i] ?? '';
          if (value === '') continue;
          const t = truthOf.get(`${source.system}:${row[0] ?? ''}`);
          switch (column.target) {
            case 'attributes.idNo':
            case 'attributes.legalRepIdNo': {
              const ok = validatePersonalIdNo(value).ok;
              const typo = t?.cases.some((c) => c === 'idTypo' || c === 'idTransposition');
              if (column.target === 'attributes.idNo') expect(ok, value).toBe(!typo);
              else expect(ok, value).toBe(true);
              if (!ok) corrupted++;
              break;
            }
            case 'attributes.creditCode':
              expect(validateCreditCode(value).ok, value).toBe(true);
              break;
            case 'attributes.orgCode':
              expect(validateOrgCode(value).ok, value).toBe(true);
              break;
            case 'accounts.accountNo':
              if (source.system === 'CARD') expect(isLuhnValid(value), value).toBe(true);
              break;
            default:
          }
        }
      });
    }
    expect(corrupted).toBeGreaterThan(0);
  });

  it('contains every hard case at least once for 2,000 people', () => {
    for (const c of HARD_CASES) {
      expect(data.summary.hardCases[c], c).toBeGreaterThan(0);
      expect(
        data.truth.some((t) => t.cases.includes(c)),
        c,
      ).toBe(true);
    }
  });

  it('keeps a duplicate inside one system pointing at the same entity', () => {
    const dup = data.truth.find((t) => t.cases.includes('duplicateInSystem'));
    expect(dup).toBeDefined();
    const same = data.truth.filter((t) => t.system === dup?.system && t.entityId === dup.entityId);
    expect(same.length).toBeGreaterThanOrEqual(2);
  });

  it('writes legacy 15-digit IDs and a lowercase x as the sources send them', () => {
    const core = data.sources.find((s) => s.system === 'CORE');
    expect(core?.rows.some((r) => /^\d{15}$/.test(r[4] ?? ''))).toBe(true);
    const card = data.sources.find((s) => s.system === 'CARD');
    expect(card?.rows.some((r) => (r[4] ?? '').endsWith('x'))).toBe(true);
  });
});

describe('strict GBK encoder and line formats', () => {
  it('round-trips through the GB18030 decoder and throws outside GBK', () => {
    const text = '張偉 章玮 億乗 江西省南昌市 abc123';
    const bytes = encodeGbk(text);
    expect(new TextDecoder('gbk', { fatal: true }).decode(bytes)).toBe(text);
    expect(gbkByteLength('张a')).toBe(3);
    expect(() => encodeGbk('张三𠀀')).toThrow(UnencodableCharacterError);
    expect(() => encodeGbk('\u0100')).toThrow(UnencodableCharacterError);
  });

  it('pads fixed-width records to exact bytes without splitting a character', () => {
    const mapping = synthMapping('CORE');
    const encoder = createLineEncoder(mapping);
    const total = mapping.columns.reduce((a, c) => a + (c.width ?? 0), 0);
    const fields = mapping.columns.map(() => '');
    fields[2] = '张'.repeat(41); // 82 bytes into an 80-byte field: cut at 40 characters
    const line = encoder.record(fields);
    expect(line.length).toBe(total);
    const name = new TextDecoder('gbk', { fatal: true }).decode(line.subarray(17, 97));
    expect(name).toBe('张'.repeat(40));
  });

  it('writes the LOAN trailer with the delimiter and control totals', () => {
    const encoder = createLineEncoder(synthMapping('LOAN'));
    const trailer = encoder.trailer(3, 12345n);
    expect(new TextDecoder('gbk').decode(trailer)).toBe('T|@|3|@|12345|@|');
    expect(() => encoder.record(['a|@|b', ...new Array<string>(11).fill('')])).toThrow(/delimiter/);
  });
});
