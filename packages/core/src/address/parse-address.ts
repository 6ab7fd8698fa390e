import type { Issue } from '../validation/issue.ts';
import { issue } from '../validation/issue.ts';
import type { Division } from './divisions.ts';
import { townVariants } from './division-aliases.ts';
import { divisionIndex } from './divisions.ts';
import { matchVillage } from './village.ts';

/** 0 nothing recognised … 4 town/street (乡镇街道), 5 village/community (村/社区). */
export type AddressLevel = 0 | 1 | 2 | 3 | 4 | 5;

/** A free-text address split into the five administrative levels (R-E3) plus the remainder. */
export interface ParsedAddress {
  province?: string;
  provinceCode?: string;
  city?: string;
  cityCode?: string;
  county?: string;
  countyCode?: string;
  town?: string;
  townCode?: string;
  village?: string;
  /** What is left after the recognised levels: 组/号/栋/室…, the whole text when level is 0. */
  detail: string;
  /** Most specific division code recognised unambiguously (6 digits, 9 for a town). */
  divisionCode?: string;
  /** Deepest level recognised; a level may be recognised by name only when its code is ambiguous. */
  level: AddressLevel;
  warnings: Issue[];
}

interface Hit {
  readonly division: Division;
  readonly end: number;
  readonly alias: boolean;
  /** As written, when it is an outdated name (黄马镇 for 黄马乡, 新建县 for 新建区). */
  readonly outdated?: string;
}

type Path = readonly Hit[];
type LevelKey = 'province' | 'city' | 'county' | 'town';
type Resolution = Partial<Record<LevelKey, Division>>;

const FIELD = 'address';
const LEVELS: readonly (readonly [LevelKey, AddressLevel])[] = [
  ['province', 1],
  ['city', 2],
  ['county', 3],
  ['town', 4],
];
const LEVEL_KEYS = LEVELS.map(([key]) => key);
const SEPARATOR = /[\s,;:、\-—/|·.]/;
const COUNTRY = /^(?:中华人民共和国|中国)/;
// A short name followed by a street word is a street (北京西路, 中山路), not a division.
const STREET_AFTER_ALIAS =
  /^(?:[东西南北中]?[路街巷弄道]|大[道街]|胡同|[一二三四五六七八九十]+[路街])/;
const COUNTY_SUFFIX = new Set(['县', '区', '市', '旗']);

function skipSeparators(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && SEPARATOR.test(text.charAt(p))) p++;
  return p;
}

function prefixOf(division: Division): string {
  return division.level === 1
    ? division.code.slice(0, 2)
    : division.level === 2
      ? division.code.slice(0, 4)
      : division.code;
}

function regionHits(text: string, pos: number, prefix: string, lastLevel: number): Hit[] {
  const index = divisionIndex();
  const lengths = index.regionStarts.get(text.slice(pos, pos + 2));
  if (lengths === undefined) return [];
  const hits: Hit[] = [];
  for (const len of lengths) {
    if (pos + len > text.length) continue;
    const candidates = index.regionNames.get(text.slice(pos, pos + len));
    if (candidates === undefined) continue;
    for (const { division, alias, afterPrefecture } of candidates) {
      if (division.level <= lastLevel || !division.code.startsWith(prefix)) continue;
      if (afterPrefecture === true && prefix.length < 4) continue;
      const end = pos + len;
      if (!alias) {
        hits.push({ division, end, alias });
        continue;
      }
      if (STREET_AFTER_ALIAS.test(text.slice(end, end + 3))) continue;
      const next = text.charAt(end);
      const written = text.slice(pos, end + 1);
      if (division.level === 3 && COUNTY_SUFFIX.has(next) && written !== division.name) {
        // 威宁县 for 威宁彝族回族苗族自治县 is a short form; 新建县 for 新建区 an outdated name.
        hits.push(
          division.name.endsWith(next)
            ? { division, end: end + 1, alias }
            : { division, end: end + 1, alias, outdated: written },
        );
      } else {
        hits.push({ division, end, alias });
      }
    }
  }
  return hits;
}

function townHits(text: string, pos: number, prefix: string): Hit[] {
  const index = divisionIndex();
  const lengths = prefix.length < 2 ? undefined : index.townStarts.get(text.slice(pos, pos + 2));
  if (lengths === undefined) return [];
  const hits: Hit[] = [];
  const collect = (key: string, name: string, alias: boolean): void => {
    for (const division of index.townNames.get(name) ?? []) {
      if (!division.code.startsWith(prefix)) continue;
      let end = pos + key.length;
      if (key.endsWith('街道')) {
        if (text.startsWith('办事处', end)) end += 3;
        else if (text.startsWith('办', end)) end += 1;
      }
      hits.push(alias ? { division, end, alias, outdated: key } : { division, end, alias });
    }
  };
  for (const len of lengths) {
    if (pos + len > text.length) continue;
    const key = text.slice(pos, pos + len);
    collect(key, key, false);
    for (const variant of townVariants(key)) collect(key, variant, true);
  }
  return hits;
}

function explore(text: string, pos: number, prefix: string, last: number, path: Path, out: Path[]) {
  out.push(path);
  const p = skipSeparators(text, pos);
  if (last < 3) {
    for (const hit of regionHits(text, p, prefix, last)) {
      explore(text, hit.end, prefixOf(hit.division), hit.division.level, [...path, hit], out);
    }
  }
  if (last < 4) {
    for (const hit of townHits(text, p, prefix)) out.push([...path, hit]);
  }
}

// A short prefecture or county name on its own is too weak (中山 could be any 中山路); it
// counts only next to another recognised level. Province short names (江西, 广西) stand alone.
function plausible(path: Path): boolean {
  return path.length > 1 || path.every((h) => !h.alias || h.division.level === 1);
}

function penalty(path: Path): number {
  // Prefer the reading with fewer and higher-level short forms: 江西南昌 is 南昌市, not 南昌县.
  return path.reduce((sum, h) => sum + (h.alias ? h.division.level : 0), 0);
}

function compare(a: Path, b: Path): number {
  const end = (p: Path): number => p.at(-1)?.end ?? 0;
  return end(b) - end(a) || b.length - a.length || penalty(a) - penalty(b);
}

function resolve(division: Division): Resolution {
  const { byRawCode } = divisionIndex();
  const raw = prefixOf(division);
  const out: Resolution = { province: byRawCode.get(raw.slice(0, 2)) };
  const keep = (d: Division | undefined): Division | undefined =>
    d === undefined || d.placeholder ? undefined : d;
  if (division.level >= 2) out.city = keep(byRawCode.get(raw.slice(0, 4)));
  if (division.level >= 3) out.county = keep(byRawCode.get(raw.slice(0, 6)));
  if (division.level === 4) out.town = division;
  return out;
}

function describe(r: Resolution): string {
  return LEVEL_KEYS.map((k) => r[k]?.name ?? '')
    .filter((name, i, all) => name !== '' && name !== all[i - 1])
    .join('');
}

function normalize(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

interface Reading {
  /** Divisions every tied reading agrees on (so their codes are certain). */
  readonly agreed: Resolution;
  /** Names every tied reading agrees on, possibly with different codes (朝阳区). */
  readonly names: Partial<Record<LevelKey, string>>;
  readonly alternatives: readonly string[];
}

function agree(resolutions: readonly Resolution[]): Reading {
  const agreed: Resolution = {};
  const names: Partial<Record<LevelKey, string>> = {};
  for (const key of LEVEL_KEYS) {
    const first = resolutions[0]?.[key];
    if (first === undefined) continue;
    if (resolutions.every((r) => r[key] === first)) agreed[key] = first;
    if (resolutions.every((r) => r[key]?.name === first.name)) names[key] = first.name;
  }
  return { agreed, names, alternatives: [...new Set(resolutions.map(describe))] };
}

function collectWarnings(input: string, best: Path, reading: Reading, detailAt: number): Issue[] {
  const warnings: Issue[] = [];
  if (reading.alternatives.length > 1) {
    const message = `Ambiguous division: ${reading.alternatives.join(' / ')}`;
    warnings.push(issue(FIELD, 'ADDRESS_AMBIGUOUS', message, 'warning'));
  }
  for (const hit of best) {
    if (hit.outdated !== undefined) {
      const message = `"${hit.outdated}" read as the current name "${hit.division.name}"`;
      warnings.push(issue(FIELD, 'ADDRESS_OUTDATED_NAME', message, 'warning'));
    }
  }
  // 江西省朝阳区: a full county name right after the match that the province rules out.
  const deepest = best.at(-1)?.division.level ?? 0;
  const [stray] = deepest < 3 ? regionHits(input, detailAt, '', deepest) : [];
  if (stray !== undefined && !stray.alias) {
    const message = `"${stray.division.name}" is not in ${reading.alternatives[0] ?? ''}`;
    warnings.push(issue(FIELD, 'ADDRESS_INCONSISTENT', message, 'warning'));
  }
  return warnings;
}

// Throughput, measured with an ad-hoc loop over 10k synthetic rural addresses built from the
// data (full 省市县镇村 chains, county-first forms, short province names) on Node 24, one core of
// a shared 2-vCPU VM: ~40–60k addresses/s warm; the first call also builds the indexes (~0.3 s).

/**
 * Splits a free-text mainland address into province / prefecture / county / town / village and
 * detail, using the NBS 2023 division names. Tolerates missing levels (infers the parents of a
 * nationally unique name), short names (江西, 广西, 内蒙), 乡→镇 renames and full-width input.
 * Never throws: unrecognised text ends up in `detail` with level 0.
 */
export function parseAddress(text: string): ParsedAddress {
  const input = normalize(text);
  let start = 0;
  const country = COUNTRY.exec(input);
  if (country !== null) {
    const after = skipSeparators(input, country[0].length);
    if (regionHits(input, after, '', 0).length > 0) start = after;
  }

  const paths: Path[] = [];
  explore(input, start, '', 0, [], paths);
  const ranked = paths.filter(plausible).sort(compare);
  const best = ranked[0] ?? [];
  const last = best.at(-1);
  if (last === undefined) {
    const warnings =
      input === ''
        ? []
        : [issue(FIELD, 'ADDRESS_UNRECOGNIZED', 'No division name recognised', 'warning')];
    return { detail: input, level: 0, warnings };
  }

  const tied = ranked.filter((p) => compare(p, best) === 0);
  const reading = agree(tied.map((p) => resolve((p.at(-1) ?? last).division)));
  let pos = skipSeparators(input, last.end);
  const result: ParsedAddress = {
    detail: '',
    level: 0,
    warnings: collectWarnings(input, best, reading, pos),
  };
  for (const [key, level] of LEVELS) {
    const name = reading.names[key];
    if (name === undefined) continue;
    result[key] = name;
    result.level = level;
    const code = reading.agreed[key]?.code;
    if (code !== undefined) {
      result[`${key}Code`] = code;
      result.divisionCode = code;
    }
  }

  if (last.division.level >= 3) {
    const villageEnd = matchVillage(input, pos);
    if (villageEnd !== undefined) {
      result.village = input.slice(pos, villageEnd);
      result.level = 5;
      pos = villageEnd;
    }
  }
  result.detail = input.slice(skipSeparators(input, pos)).trim();
  return result;
}

/** Joins the recognised levels and detail; a municipality is not repeated (北京市朝阳区…). */
export function formatAddress(parsed: ParsedAddress, separator = ''): string {
  const city = parsed.city === parsed.province ? undefined : parsed.city;
  return [parsed.province, city, parsed.county, parsed.town, parsed.village, parsed.detail]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(separator);
}
