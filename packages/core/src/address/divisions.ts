import data from './data/divisions.json' with { type: 'json' };
import { divisionAliases } from './division-aliases.ts';

/** 1 province, 2 prefecture (地级), 3 county-level (县级), 4 town/street (乡级). */
export type DivisionLevel = 1 | 2 | 3 | 4;

/** One administrative division from the NBS 2023 statistical division codes. */
export interface Division {
  /** 6-digit GB/T 2260 code for levels 1–3 (`360000`, `360100`, `360121`), 9 digits for towns. */
  readonly code: string;
  readonly name: string;
  readonly level: DivisionLevel;
  /**
   * A statistical grouping that is not written in addresses: 省直辖县级行政区划 prefectures, and
   * the county-level entries of prefectures without counties (东莞, 中山, 儋州, 嘉峪关).
   */
  readonly placeholder: boolean;
}

/** A name (full or short) under which a division may appear in free text. */
export interface NameCandidate {
  readonly division: Division;
  /** True when the key is a short form or an outdated variant, not the official name. */
  readonly alias: boolean;
  /** Only valid right after its prefecture (苏州市 + 工业园区 for 苏州工业园区). */
  readonly afterPrefecture?: boolean;
}

export interface DivisionIndex {
  /** Raw NBS code (2/4/6/9 digits) → division; raw keys keep 441900 (county) apart from 4419. */
  readonly byRawCode: ReadonlyMap<string, Division>;
  readonly byLevel: Readonly<Record<DivisionLevel, readonly Division[]>>;
  /** Province, prefecture and county names and short names. */
  readonly regionNames: ReadonlyMap<string, readonly NameCandidate[]>;
  /**
   * Official town names nationally; callers filter by code prefix, so a lookup never scans 41k
   * towns. Renamed forms (黄马镇 for 黄马乡) are tried at lookup time via `townVariants`.
   */
  readonly townNames: ReadonlyMap<string, readonly Division[]>;
  /**
   * First two characters of every key → the key lengths starting with them (longest first), so
   * a lookup tries only lengths that exist and skips positions where no name can start. Town
   * lengths include those of the renamed forms.
   */
  readonly regionStarts: ReadonlyMap<string, readonly number[]>;
  readonly townStarts: ReadonlyMap<string, readonly number[]>;
}

type Row = readonly [string, string];

const MUNICIPALITY_PREFECTURE = new Set(['市辖区', '县']);
const DIRECT_GROUP = /直辖县级行政区划$/;
const TOWN_SUFFIX = /(?:街道|镇|乡)$/;

let cached: DivisionIndex | undefined;

function pad6(raw: string): string {
  return raw.padEnd(6, '0');
}

function add(map: Map<string, NameCandidate[]>, key: string, candidate: NameCandidate): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [candidate]);
  else if (!list.some((c) => c.division === candidate.division)) list.push(candidate);
}

function addLength(starts: Map<string, number[]>, start: string, length: number): void {
  const lengths = starts.get(start);
  if (lengths === undefined) starts.set(start, [length]);
  else if (!lengths.includes(length)) lengths.push(length);
}

function longestFirst(starts: Map<string, number[]>): Map<string, number[]> {
  for (const lengths of starts.values()) lengths.sort((a, b) => b - a);
  return starts;
}

// Development zones carry their prefecture in the name (苏州工业园区, 郑州经济技术开发区) and are
// written after it: 苏州市工业园区.
function withoutPrefecture(county: Division, prefecture: Division | undefined): string | undefined {
  if (prefecture === undefined) return undefined;
  for (const lead of [prefecture.name, ...divisionAliases(prefecture.name, 2)]) {
    const rest = county.name.slice(lead.length);
    if (county.name.startsWith(lead) && rest.length >= 3 && !rest.startsWith('市')) return rest;
  }
  return undefined;
}

function rows(value: unknown): Row[] {
  return value as Row[];
}

function buildIndex(): DivisionIndex {
  const byRawCode = new Map<string, Division>();
  const byLevel: Record<DivisionLevel, Division[]> = { 1: [], 2: [], 3: [], 4: [] };
  const regionNames = new Map<string, NameCandidate[]>();
  const townNames = new Map<string, Division[]>();
  const regionStarts = new Map<string, number[]>();
  const townStarts = new Map<string, number[]>();

  const put = (raw: string, division: Division): void => {
    byRawCode.set(raw, division);
    byLevel[division.level].push(division);
  };

  for (const [raw, name] of rows(data.provinces)) {
    put(raw, { code: pad6(raw), name: name.normalize('NFKC'), level: 1, placeholder: false });
  }
  for (const [raw, nbsName] of rows(data.prefectures)) {
    // Municipalities list their districts under 市辖区/县; addresses write the city name there.
    const name = MUNICIPALITY_PREFECTURE.has(nbsName)
      ? (byRawCode.get(raw.slice(0, 2))?.name ?? nbsName)
      : nbsName.normalize('NFKC');
    put(raw, { code: pad6(raw), name, level: 2, placeholder: DIRECT_GROUP.test(name) });
  }
  for (const [raw, nbsName] of rows(data.counties)) {
    const name = nbsName.normalize('NFKC');
    const prefecture = byRawCode.get(raw.slice(0, 4));
    const placeholder = prefecture?.name === name;
    put(raw, { code: raw, name, level: 3, placeholder });
  }
  for (const [raw, nbsName] of rows(data.towns)) {
    const division: Division = {
      code: raw,
      name: nbsName.normalize('NFKC'),
      level: 4,
      placeholder: false,
    };
    put(raw, division);
    const list = townNames.get(division.name);
    if (list === undefined) townNames.set(division.name, [division]);
    else list.push(division);
    addLength(townStarts, division.name.slice(0, 2), division.name.length);
    // A renamed form swaps 乡/镇 (1 character) and 街道 (2), so its length is base + 1 or + 2.
    const suffix = TOWN_SUFFIX.exec(division.name)?.[0];
    if (suffix !== undefined && division.name.length - suffix.length >= 2) {
      const base = division.name.length - suffix.length;
      addLength(townStarts, division.name.slice(0, 2), base + 1);
      addLength(townStarts, division.name.slice(0, 2), base + 2);
    }
  }

  for (const level of [1, 2, 3] as const) {
    // Placeholders are indexed too: form exports write 广东省东莞市东莞市 and
    // 湖北省省直辖县级行政区划仙桃市; the parser leaves them out of its result.
    for (const division of byLevel[level]) {
      add(regionNames, division.name, { division, alias: false });
      for (const alias of divisionAliases(division.name, level)) {
        add(regionNames, alias, { division, alias: true });
      }
      if (level === 3) {
        const rest = withoutPrefecture(division, byRawCode.get(division.code.slice(0, 4)));
        if (rest !== undefined) {
          add(regionNames, rest, { division, alias: true, afterPrefecture: true });
        }
      }
    }
  }
  for (const key of regionNames.keys()) addLength(regionStarts, key.slice(0, 2), key.length);
  return {
    byRawCode,
    byLevel,
    regionNames,
    townNames,
    regionStarts: longestFirst(regionStarts),
    townStarts: longestFirst(townStarts),
  };
}

/** The lookup indexes, built once on first use (~0.2–0.3 s) rather than at import time. */
export function divisionIndex(): DivisionIndex {
  cached ??= buildIndex();
  return cached;
}

/** All divisions of one level, in code order. */
export function divisionsAtLevel(level: DivisionLevel): readonly Division[] {
  return divisionIndex().byLevel[level];
}

/**
 * Resolves a division code: 6 digits (`110000`, `110100`, `110105`), 9-digit town codes, the
 * 12-digit NBS form of a town (`110105004000`) and the short 2/4-digit province/prefecture forms.
 */
export function findDivision(code: string): Division | undefined {
  const { byRawCode } = divisionIndex();
  if (!/^\d+$/.test(code)) return undefined;
  switch (code.length) {
    case 2:
    case 4:
    case 9:
      return byRawCode.get(code);
    case 12:
      return code.endsWith('000') ? byRawCode.get(code.slice(0, 9)) : undefined;
    case 6:
      if (code.endsWith('0000')) return byRawCode.get(code.slice(0, 2));
      if (code.endsWith('00')) return byRawCode.get(code.slice(0, 4)) ?? byRawCode.get(code);
      return byRawCode.get(code);
    default:
      return undefined;
  }
}

/**
 * True for a current (2023) province, prefecture or county-level 6-digit code. Codes retired
 * before 2023 are unknown here, so for ID numbers treat `false` as a warning, not an error.
 */
export function isKnownRegionCode(code6: string): boolean {
  return code6.length === 6 && findDivision(code6) !== undefined;
}

/** Official name of a division code (municipality prefectures read as the city, 北京市). */
export function divisionName(code: string): string | undefined {
  return findDivision(code)?.name;
}

/** The province a 6- or 9-digit division code belongs to, if the code itself is known. */
export function provinceOfCode(code: string): Division | undefined {
  if (findDivision(code) === undefined) return undefined;
  return divisionIndex().byRawCode.get(code.slice(0, 2));
}
