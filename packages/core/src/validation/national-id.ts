import type { Issue, Validation } from './issue.ts';
import { invalid, issue, normalizeIdentifier, valid } from './issue.ts';

/** What a valid resident identity number tells us, in canonical form. */
export interface PersonalIdInfo {
  /** Canonical 18-character form with an upper-case `X`. */
  readonly idNo: string;
  /** The input exactly as received, kept for lineage when it was converted. */
  readonly original: string;
  readonly convertedFrom15: boolean;
  /**
   * `YYYY-MM-DD`. `null` only for a foreign permanent-residence ID whose digits 7–14 are not a
   * real date (that layout is unverified, so it is a warning, not an error).
   */
  readonly birthDate: string | null;
  /** GB/T 2261.1: odd sequence number = male `1`, even = female `2`. */
  readonly gender: '1' | '2';
  /** First 6 digits: the county code at issue (for prefix `9`, province + nationality). */
  readonly regionCode: string;
  readonly kind: 'resident' | 'foreign-permanent';
}

export interface PersonalIdOptions {
  readonly field?: string;
  /** Reference date for the "not in the future" check; defaults to now (local calendar date). */
  readonly today?: Date;
  /** Earliest plausible birth year; defaults to 1850 (the standard's own vector is born 1880). */
  readonly minBirthYear?: number;
  /** County-code lookup (e.g. the areacodes history); an unknown code is only a warning. */
  readonly isKnownRegion?: (code6: string) => boolean;
}

// 2^(18−i) mod 11 for positions 1..17 (ISO 7064 MOD 11-2).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_DIGITS = '10X98765432';

// Province-level prefixes of GB/T 2260, plus 81/82/83 for HK/Macau/Taiwan residence permits.
const PROVINCES = new Set([
  ...['11', '12', '13', '14', '15', '21', '22', '23'],
  ...['31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54'],
  ...['61', '62', '63', '64', '65', '71', '81', '82', '83'],
]);

/**
 * MOD 11-2 check digit of the first 17 digits. Exposed so test-data factories and the 15→18
 * conversion produce numbers that pass our own validator.
 */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`expected 17 digits, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_DIGITS.charAt(sum % 11);
}

/**
 * Upgrade a first-generation 15-digit number (YYMMDD, issued c. 1984–2004) to 18 digits, so the
 * same person keeps one key. Assumes 19xx: a centenarian born in 18xx needs a manual fix.
 */
export function convertLegacyId15(id15: string): string {
  if (!/^\d{15}$/.test(id15)) {
    throw new RangeError(`expected 15 digits, got ${JSON.stringify(id15)}`);
  }
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + residentIdCheckDigit(first17);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYYMMDD` → `YYYY-MM-DD` when it is a real Gregorian date, else `null`. */
function parseDate8(yyyymmdd: string): string | null {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

function localIsoDate(date: Date): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * Validate a mainland resident identity number (GB 11643-1999), a HK/Macau/Taiwan residence
 * permit (81/82/83) or a 2023 foreign permanent-residence ID (prefix 9), and return the canonical
 * 18-character key. Accepts what customers and branch systems actually type: 15-digit legacy
 * numbers, lowercase `x`, full-width characters, spaces and hyphens. All problems are reported
 * together so a batch error row can be fixed in one pass.
 */
export function validatePersonalIdNo(
  input: string,
  opts: PersonalIdOptions = {},
): Validation<PersonalIdInfo> {
  const field = opts.field ?? 'idNo';
  let idNo = normalizeIdentifier(input);
  let convertedFrom15 = false;

  if (/^\d{15}$/.test(idNo)) {
    idNo = convertLegacyId15(idNo);
    convertedFrom15 = true;
  } else if (!/^\d{17}[\dX]$/.test(idNo)) {
    const message =
      idNo.length === 18 || idNo.length === 15
        ? 'must be digits, with only the last character allowed to be X'
        : `must be 18 characters (or 15 digits), got ${idNo.length}`;
    return invalid(issue(field, 'ID_FORMAT', message));
  }

  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const expected = residentIdCheckDigit(idNo.slice(0, 17));
  if (idNo.charAt(17) !== expected) {
    errors.push(issue(field, 'ID_CHECK_DIGIT', `check digit should be ${expected}`));
  }

  const kind = idNo.startsWith('9') ? 'foreign-permanent' : 'resident';
  const regionCode = idNo.slice(0, 6);
  const rawDate = idNo.slice(6, 14);
  const birthDate = parseDate8(rawDate);

  if (kind === 'foreign-permanent') {
    // The prefix-9 layout is not verified against the NIA table, so only flag an odd date.
    if (birthDate === null) {
      warnings.push(
        issue(field, 'ID_BIRTH_DATE', `digits 7-14 (${rawDate}) are not a real date`, 'warning'),
      );
    }
  } else {
    const minBirthYear = opts.minBirthYear ?? 1850;
    if (birthDate === null) {
      errors.push(issue(field, 'ID_BIRTH_DATE', `birth date ${rawDate} is not a real date`));
    } else if (birthDate > localIsoDate(opts.today ?? new Date())) {
      errors.push(issue(field, 'ID_BIRTH_DATE', `birth date ${birthDate} is in the future`));
    } else if (Number(rawDate.slice(0, 4)) < minBirthYear) {
      errors.push(
        issue(
          field,
          'ID_BIRTH_DATE',
          `birth year ${rawDate.slice(0, 4)} is before ${minBirthYear}`,
        ),
      );
    }
    const province = idNo.slice(0, 2);
    if (!PROVINCES.has(province)) {
      errors.push(issue(field, 'ID_PROVINCE', `${province} is not a province code`));
    } else if (opts.isKnownRegion && !opts.isKnownRegion(regionCode)) {
      warnings.push(
        issue(field, 'ID_REGION_UNKNOWN', `region code ${regionCode} is not known`, 'warning'),
      );
    }
  }

  if (errors.length > 0) return invalid(...errors, ...warnings);
  const gender = Number(idNo.charAt(16)) % 2 === 1 ? '1' : '2';
  return valid(
    { idNo, original: input, convertedFrom15, birthDate, gender, regionCode, kind },
    warnings,
  );
}
