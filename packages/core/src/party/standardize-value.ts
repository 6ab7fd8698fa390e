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
      // Control characters (NUL, VT, …) break downstream fixed-width and delimited files.
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(value)) {
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
      return { ok: true, value };
    }
    case 'datetime': {
      if (typeof raw !== 'string') return fail('TYPE', 'must be an ISO 8601 date-time');
      const time = Date.parse(raw);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(time)) {
        return fail('DATETIME', 'must be an ISO 8601 date-time with time zone');
      }
      return { ok: true, value: new Date(time).toISOString() };
    }
    case 'number':
    case 'integer': {
      const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail('TYPE', 'must be a number');
      if (def.type === 'integer' && !Number.isInteger(value))
        return fail('INTEGER', 'must be a whole number');
      if (value < 0) return fail('NEGATIVE', 'must not be negative');
      if (Math.abs(value) >= 1e15) return fail('OUT_OF_RANGE', 'is too large');
      return { ok: true, value };
    }
    case 'boolean':
      if (typeof raw !== 'boolean') return fail('TYPE', 'must be true or false');
      return { ok: true, value: raw };
  }
}
