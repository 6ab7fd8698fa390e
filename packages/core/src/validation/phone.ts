import type { Issue, Validation } from './issue.ts';
import { invalid, issue, valid } from './issue.ts';

/** A validated mainland phone number in its canonical form. */
export interface PhoneInfo {
  /** Mobile: 11 digits. Landline: `area-local`, e.g. `0791-86123456`. */
  readonly phone: string;
  readonly kind: 'mobile' | 'landline';
  /** Landline extension (分机), kept apart so `phone` stays a usable matching key. */
  readonly extension?: string;
}

// Separators people type between digit groups, including full-width and typographic dashes.
const SEPARATORS = /[\s\-‐‑‒–—―()（）.·]/g;
const MOBILE = /^1[3-9]\d{9}$/;
// 162/165/167/170/171: mobile virtual network operators, a fraud-risk signal rather than invalid.
const VIRTUAL_OPERATOR = /^(?:16[257]|17[01])/;
// Area codes: 010 and 02x (026 is unassigned) take 8-digit local numbers; 0300–0999 take 7 or 8.
// A local number never starts with 0, which would be a doubled trunk prefix. Like
// libphonenumber's CN metadata we do not exclude a leading 1.
const LANDLINE_SHORT_AREA = /^(0(?:10|2[0-57-9]))([1-9]\d{7})$/;
const LANDLINE_LONG_AREA = /^(0[3-9]\d{2})([1-9]\d{6,7})$/;
const EXTENSION = /\s*(?:转|分机|ext\.?|x|#|,|;)\s*(\d{1,6})$/i;

/**
 * Reduce a mainland mobile number to its 11 digits, or `null` if it is not one. Used for
 * matching keys, where `+86 138-1234-5678`, `008613812345678` and `１３８１２３４５６７８` must
 * all collide. Also drops the `0` trunk prefix that old records carry from dialling an
 * out-of-town mobile from a landline.
 */
export function normalizeMobile(input: string): string | null {
  const compact = input
    .normalize('NFKC')
    .replace(SEPARATORS, '')
    .replace(/^(?:\+|00)?86(?=1\d{10}$)/, '')
    .replace(/^0(?=1\d{10}$)/, '');
  return MOBILE.test(compact) ? compact : null;
}

function splitLandline(digits: string): string | null {
  const m = LANDLINE_SHORT_AREA.exec(digits) ?? LANDLINE_LONG_AREA.exec(digits);
  return m ? `${m[1]}-${m[2]}` : null;
}

function parseLandline(input: string): PhoneInfo | null {
  let s = input.normalize('NFKC').trim();
  let extension: string | undefined;
  const ext = EXTENSION.exec(s);
  if (ext) {
    extension = ext[1];
    s = s.slice(0, ext.index);
  }
  if (!/^[+\d\s\-‐‑‒–—―()（）.·]+$/.test(s)) return null;

  const tokens = s.split(/[^\d+]+/).filter((t) => t !== '');
  const first = tokens[0] ?? '';
  const country = /^(?:\+|00)?86/.exec(first);
  // A bare `86` is never an area code (those start with 0), so it is safe to read as +86.
  const international = country !== null && (first !== '86' || tokens.length > 1);
  if (international) {
    tokens[0] = first.slice(country[0].length);
  }
  if (tokens.some((t) => t.includes('+'))) return null;

  const join = (parts: string[]) => {
    const d = parts.join('');
    return international && !d.startsWith('0') ? `0${d}` : d;
  };
  const phone = splitLandline(join(tokens));
  if (phone !== null) return { phone, kind: 'landline', ...(extension ? { extension } : {}) };

  // `0791-86123456-123`: a trailing short group after a complete number is an extension.
  const last = tokens.at(-1) ?? '';
  if (extension === undefined && tokens.length >= 2 && last.length <= 6) {
    const withoutLast = splitLandline(join(tokens.slice(0, -1)));
    if (withoutLast !== null) return { phone: withoutLast, kind: 'landline', extension: last };
  }
  return null;
}

function formatReason(input: string): string {
  const s = input.normalize('NFKC').replace(SEPARATORS, '');
  if (s === '') return 'is empty';
  if (!/^\+?\d+$/.test(s)) return 'contains characters that are not part of a phone number';
  const digits = s.replace(/^(?:\+|00)86/, '');
  if (digits.startsWith('1')) {
    return digits.length === 11
      ? 'mobile numbers start with 13-19'
      : `mobile number must have 11 digits, got ${digits.length}`;
  }
  if (digits.startsWith('0')) return 'not a valid area code and local number';
  if (digits.length === 7 || digits.length === 8) return 'landline needs an area code';
  return 'not a mainland mobile or landline number';
}

/**
 * Validate and canonicalise a mainland mobile or landline number as customers and branch staff
 * write them. Virtual-operator mobiles are accepted with a warning so risk rules can see them.
 */
export function validatePhone(
  input: string,
  opts: { readonly field?: string } = {},
): Validation<PhoneInfo> {
  const field = opts.field ?? 'phone';
  const mobile = normalizeMobile(input);
  if (mobile !== null) {
    const warnings: Issue[] = [];
    if (VIRTUAL_OPERATOR.test(mobile)) {
      const message = `${mobile.slice(0, 3)} is a virtual-operator range`;
      warnings.push(issue(field, 'PHONE_VIRTUAL_OPERATOR', message, 'warning'));
    }
    return valid({ phone: mobile, kind: 'mobile' }, warnings);
  }
  const landline = parseLandline(input);
  if (landline !== null) return valid(landline);
  return invalid(issue(field, 'PHONE_FORMAT', formatReason(input)));
}
