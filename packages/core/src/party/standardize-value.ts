import { issue, type Issue } from '../validation/issue.ts';

/** What a standardizer needs to know about the bank's reference data. */
export interface StandardizeContext {
  /** Code set name → allowed standard codes. */
  readonly codeSets: ReadonlyMap<string, ReadonlySet<string>>;
  /** The calling source system's code → the standard code (代码映射), if it has a mapping. */
  readonly mapCode?: (codeSet: string, sourceCode: string) => string | undefined;
  readonly today: Date;
  readonly isKnownRegion?: (code6: string) => boolean;
}

export type ScalarType = 'text' | 'code' | 'date' | 'datetime' | 'number' | 'integer' | 'boolean';

export interface ScalarDef {
  readonly type: ScalarType;
  readonly codeSet?: string;
  readonly maxLength?: number;
  /** Decimal places kept (the column's scale); default 2. */
  readonly scale?: number;
  /** Negative values allowed (e.g. an overdrawn balance). */
  readonly signed?: boolean;
}

/** Amounts stay well inside double precision with cents and inside numeric(18,2). */
const MAX_AMOUNT = 1e13;
const MAX_INTEGER = 2_147_483_647;
const DATETIME_RE =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const MIN_YEAR = 1850;
const MAX_YEAR = 2200;

/** Half away from zero on the decimal digits (as PostgreSQL numeric does), not on the binary value. */
export function roundDecimal(value: number, scale: number): number {
  const magnitude = Math.round(Number(`${Math.abs(value)}e${scale}`));
  return Math.sign(value) * Number(`${magnitude}e-${scale}`);
}

/** Rejects characters a database text column or a fixed-width file cannot carry. */
export function hasControlCharacter(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(value);
}

export type ScalarResult =
  { ok: true; value: string | number | boolean } | { ok: false; issue: Issue };

const DATE_RE = /^(\d{4})[-/]?(\d{2})[-/]?(\d{2})$/;

/** `YYYY-MM-DD`, `YYYYMMDD` or `YYYY/MM/DD` → `YYYY-MM-DD` when it is a real calendar date. */
export function parseCalendarDate(input: string): string | undefined {
  const m = DATE_RE.exec(input.normalize('NFKC').trim());
  if (!m) return undefined;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d)
  ) {
    return undefined;
  }
  return `${y}-${mo}-${d}`;
}

/**
 * Checks and canonicalizes one scalar against its definition: codes are mapped from the
 * source's code set and must exist in the standard; dates become ISO dates; text is trimmed
 * (the legal spelling is otherwise kept as given).
 */
export function standardizeScalar(
  field: string,
  def: ScalarDef,
  raw: unknown,
  ctx: StandardizeContext,
): ScalarResult {
  const fail = (code: string, message: string): ScalarResult => ({
    ok: false,
    issue: issue(field, code, message),
  });
  switch (def.type) {
    case 'text': {
      if (typeof raw !== 'string') return fail('TYPE', 'must be a string');
      const value = raw.trim();
      if (value === '') return fail('EMPTY', 'must not be empty');
      if (def.maxLength !== undefined && [...value].length > def.maxLength) {
        return fail('TOO_LONG', `must be at most ${def.maxLength} characters`);
      }
      // Control characters (NUL, VT, …) break the database and downstream fixed-width files.
      if (hasControlCharacter(value)) {
        return fail('CONTROL_CHARACTER', 'contains a control character');
      }
      return { ok: true, value };
    }
    case 'code': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return fail('TYPE', 'must be a code');
      const given = String(raw).trim();
      const codeSet = def.codeSet ?? '';
      const mapped = ctx.mapCode?.(codeSet, given) ?? given;
      const allowed = ctx.codeSets.get(codeSet);
      if (!allowed?.has(mapped)) {
        return fail('CODE_UNKNOWN', `'${given}' is not a code of ${codeSet} (or mapped to one)`);
      }
      return { ok: true, value: mapped };
    }
    case 'date': {
      if (typeof raw !== 'string') return fail('TYPE', 'must be a date string YYYY-MM-DD');
      const value = parseCalendarDate(raw);
      if (value === undefined) return fail('DATE', 'must be a real date YYYY-MM-DD');
      const year = Number(value.slice(0, 4));
      if (year < MIN_YEAR || year > MAX_YEAR)
        return fail('DATE_RANGE', `must be between ${MIN_YEAR} and ${MAX_YEAR}`);
      return { ok: true, value };
    }
    case 'datetime': {
      if (typeof raw !== 'string') return fail('TYPE', 'must be an ISO 8601 date-time');
      const m = DATETIME_RE.exec(raw.trim());
      const day = m ? parseCalendarDate(m[1] ?? '') : undefined;
      const time = Date.parse(raw);
      const inRange = Number(m?.[2]) < 24 && Number(m?.[3]) < 60 && Number(m?.[4] ?? 0) < 60;
      if (!m || day === undefined || !inRange || Number.isNaN(time)) {
        return fail(
          'DATETIME',
          'must be a real ISO 8601 date-time with a time zone, e.g. 2026-11-21T09:30:00+08:00',
        );
      }
      const year = Number(day.slice(0, 4));
      if (year < MIN_YEAR || year > MAX_YEAR)
        return fail('DATE_RANGE', `must be between ${MIN_YEAR} and ${MAX_YEAR}`);
      return { ok: true, value: new Date(time).toISOString() };
    }
    case 'number':
    case 'integer': {
      const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail('TYPE', 'must be a number');
      if (def.type === 'integer') {
        if (!Number.isInteger(value)) return fail('INTEGER', 'must be a whole number');
        if (value < 0 || value > MAX_INTEGER) {
          return fail('OUT_OF_RANGE', `must be between 0 and ${MAX_INTEGER}`);
        }
        return { ok: true, value };
      }
      if (value < 0 && !def.signed) return fail('NEGATIVE', 'must not be negative');
      if (Math.abs(value) >= MAX_AMOUNT) return fail('OUT_OF_RANGE', `must be below ${MAX_AMOUNT}`);
      // Rounded here to the column's scale, as the database would, so what is stored is what
      // was compared: resending 1234.567 must not look like a change every time.
      return { ok: true, value: roundDecimal(value, def.scale ?? 2) };
    }
    case 'boolean':
      if (typeof raw !== 'boolean') return fail('TYPE', 'must be true or false');
      return { ok: true, value: raw };
  }
}
