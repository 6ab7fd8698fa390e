import { parseAddress } from '../address/parse-address.ts';
import { validateBankCardNo } from '../validation/bank-card.ts';
import { validateEmail } from '../validation/email.ts';
import { issue, type Issue } from '../validation/issue.ts';
import { validatePersonalIdNo } from '../validation/national-id.ts';
import { validatePhone } from '../validation/phone.ts';
import { standardizeScalar, type StandardizeContext } from './standardize-value.ts';
import {
  SUBJECT_AREAS,
  type ItemAttributes,
  type ItemFieldDef,
  type SubjectArea,
} from './subject-areas.ts';

export interface StandardizedItem {
  readonly values: ItemAttributes;
  /** Normalized natural key: the same item sent again by a source updates this one. */
  readonly itemKey: string;
  readonly warnings: readonly Issue[];
  readonly errors: readonly Issue[];
}

const CARD_ACCOUNT_TYPES = new Set(['DEBIT_CARD', 'CREDIT_CARD']);

/**
 * Validates one item of a subject area (a phone, an address, an account…). `path` prefixes
 * every issue's field, e.g. `contacts[2]`. `partial` is for updates of an existing item.
 */
export function standardizeItem(
  area: SubjectArea,
  input: Readonly<Record<string, unknown>>,
  ctx: StandardizeContext,
  options: { path: string; partial: boolean; existing?: ItemAttributes },
): StandardizedItem {
  const def = SUBJECT_AREAS[area];
  const fields: Readonly<Record<string, ItemFieldDef>> = def.fields;
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const values: ItemAttributes = { ...(options.existing ?? {}) };
  const at = (field: string): string => `${options.path}.${field}`;
  for (const [field, raw] of Object.entries(input)) {
    if (raw === undefined) continue;
    const fieldDef = fields[field];
    if (!fieldDef || fieldDef.derived) {
      errors.push(issue(at(field), 'FIELD_UNKNOWN', `is not a field of ${area}`));
      continue;
    }
    if (raw === null) {
      if (fieldDef.required) errors.push(issue(at(field), 'REQUIRED', 'is required'));
      else delete values[field];
      continue;
    }
    const result = standardizeScalar(at(field), fieldDef, raw, ctx);
    if (result.ok) values[field] = result.value;
    else errors.push(result.issue);
  }
  for (const [field, fieldDef] of Object.entries(fields)) {
    if (
      fieldDef.required &&
      values[field] === undefined &&
      !errors.some((e) => e.field === at(field))
    ) {
      errors.push(issue(at(field), 'REQUIRED', 'is required'));
    }
  }
  if (errors.length === 0) refine(area, values, ctx, at, errors, warnings);
  const itemKey = def.naturalKey.map((k) => keyPart(values[k])).join('|');
  return { values, itemKey, warnings, errors };
}

function keyPart(value: ItemValueLike): string {
  if (value === undefined) return '';
  return String(value).normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}
type ItemValueLike = string | number | boolean | undefined;

/** Area-specific checks: canonical phone numbers, parsed addresses, card check digits. */
function refine(
  area: SubjectArea,
  values: ItemAttributes,
  ctx: StandardizeContext,
  at: (field: string) => string,
  errors: Issue[],
  warnings: Issue[],
): void {
  const take = <T>(
    result:
      { ok: true; value: T; warnings: readonly Issue[] } | { ok: false; issues: readonly Issue[] },
  ): T | undefined => {
    if (!result.ok) {
      errors.push(...result.issues);
      return undefined;
    }
    warnings.push(...result.warnings);
    return result.value;
  };
  switch (area) {
    case 'contacts': {
      const value = String(values.value);
      const type = values.contactType;
      if (type === 'MOBILE' || type === 'PHONE' || type === 'FAX') {
        const phone = take(validatePhone(value, { field: at('value') }));
        if (phone) {
          values.value = phone.phone;
          if (type === 'MOBILE' && phone.kind !== 'mobile') {
            errors.push(
              issue(at('value'), 'PHONE_NOT_MOBILE', 'is a landline, not a mobile number'),
            );
          }
        }
      } else if (type === 'EMAIL') {
        const email = take(validateEmail(value, { field: at('value') }));
        if (email) values.value = email.email;
      }
      return;
    }
    case 'addresses': {
      const parsed = parseAddress(String(values.fullText));
      warnings.push(...parsed.warnings.map((w) => ({ ...w, field: at('fullText') })));
      for (const part of [
        'province',
        'city',
        'county',
        'town',
        'village',
        'divisionCode',
      ] as const) {
        const v = parsed[part];
        if (v !== undefined) values[part] = v;
        else delete values[part];
      }
      values.detail = parsed.detail;
      if (parsed.level < 3) {
        warnings.push(
          issue(
            at('fullText'),
            'ADDRESS_INCOMPLETE',
            'province, city and county could not all be recognized',
            'warning',
          ),
        );
      }
      return;
    }
    case 'accounts': {
      const accountNo = String(values.accountNo).normalize('NFKC').replace(/[\s-]/g, '');
      values.accountNo = accountNo;
      if (typeof values.accountType === 'string' && CARD_ACCOUNT_TYPES.has(values.accountType)) {
        const card = take(validateBankCardNo(accountNo, { field: at('accountNo'), ownBank: true }));
        if (card) values.accountNo = card.cardNo;
      } else if (!/^[0-9A-Za-z]{6,40}$/.test(accountNo)) {
        errors.push(issue(at('accountNo'), 'ACCOUNT_NO_FORMAT', 'must be 6–40 letters or digits'));
      }
      return;
    }
    case 'relations': {
      if (typeof values.relatedIdNo === 'string' && values.relatedIdType === 'RESIDENT_ID') {
        const id = take(
          validatePersonalIdNo(values.relatedIdNo, { field: at('relatedIdNo'), today: ctx.today }),
        );
        if (id) values.relatedIdNo = id.idNo;
      }
      if (typeof values.shareRatio === 'number' && values.shareRatio > 100) {
        errors.push(
          issue(at('shareRatio'), 'OUT_OF_RANGE', 'is a percentage and must be at most 100'),
        );
      }
      return;
    }
    case 'analysis':
      if (!/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/.test(String(values.period))) {
        errors.push(issue(at('period'), 'PERIOD_FORMAT', 'must be YYYY, YYYY-MM or YYYY-Qn'));
      }
      return;
    case 'risk':
      if (
        typeof values.creditLimit === 'number' &&
        typeof values.creditUsed === 'number' &&
        values.creditUsed > values.creditLimit
      ) {
        warnings.push(
          issue(at('creditUsed'), 'CREDIT_OVER_LIMIT', 'exceeds the credit limit', 'warning'),
        );
      }
      return;
    case 'resources':
    case 'events':
      return;
  }
}
