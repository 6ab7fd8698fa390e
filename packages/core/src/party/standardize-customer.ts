import { validateCreditCode, validateOrgCode } from '../validation/credit-code.ts';
import { issue, type Issue } from '../validation/issue.ts';
import { validatePersonalIdNo } from '../validation/national-id.ts';
import {
  BASIC_FIELDS,
  isBasicField,
  type BasicAttributes,
  type BasicField,
} from './basic-fields.ts';
import type { CustomerKind } from './customer-kind.ts';
import type { ExtensionAttributeDef } from './extension-attributes.ts';
import { standardizeScalar, type StandardizeContext } from './standardize-value.ts';

export interface CustomerStandardizeContext extends StandardizeContext {
  /** Registered extension attributes, by name. */
  readonly extensions: ReadonlyMap<string, ExtensionAttributeDef>;
}

export type ExtAttributes = Record<string, string | number | boolean>;

export interface StandardizedCustomer {
  readonly attributes: BasicAttributes;
  readonly ext: ExtAttributes;
  /** Fields filled from another field (gender and birth date from the ID number). */
  readonly derived: readonly BasicField[];
  readonly warnings: readonly Issue[];
  readonly errors: readonly Issue[];
}

/** ID types whose number follows GB 11643 (check digit, birth date, region). */
const GB11643_ID_TYPES = new Set([
  'RESIDENT_ID',
  'TEMP_RESIDENT_ID',
  'HOUSEHOLD_REGISTER',
  'HMT_RESIDENCE_PERMIT',
  'FOREIGN_PERMANENT_ID',
]);

/**
 * Validates and canonicalizes the basic attributes of one customer as a source sent them
 * (R-E3). `partial` is for updates: absent fields are left alone and `name` is not required.
 * Errors block the record; warnings are stored with it.
 */
export function standardizeCustomer(
  kind: CustomerKind,
  input: Readonly<Record<string, unknown>>,
  ext: Readonly<Record<string, unknown>> | undefined,
  ctx: CustomerStandardizeContext,
  options: { partial: boolean },
): StandardizedCustomer {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const attributes: BasicAttributes = {};
  for (const [field, raw] of Object.entries(input)) {
    if (raw === undefined || raw === null) continue;
    if (!isBasicField(field)) {
      errors.push(
        issue(field, 'FIELD_UNKNOWN', 'is not a basic attribute (extensions go under ext)'),
      );
      continue;
    }
    const def = BASIC_FIELDS[field];
    if (!(def.kinds as readonly string[]).includes(kind)) {
      errors.push(issue(field, 'FIELD_NOT_FOR_KIND', `does not apply to ${kind} customers`));
      continue;
    }
    const result = standardizeScalar(field, def, raw, ctx);
    if (result.ok) attributes[field] = result.value as string | number;
    else errors.push(result.issue);
  }
  if (
    !options.partial &&
    attributes.name === undefined &&
    !errors.some((e) => e.field === 'name')
  ) {
    errors.push(issue('name', 'REQUIRED', 'is required'));
  }
  const derived =
    kind === 'individual'
      ? checkPersonIdentity(attributes, ctx, errors, warnings)
      : checkOrganisationCodes(attributes, errors, warnings);
  const extValues = standardizeExtensions(kind, ext ?? {}, ctx, errors);
  return { attributes, ext: extValues, derived, warnings, errors };
}

function checkPersonIdentity(
  attributes: BasicAttributes,
  ctx: CustomerStandardizeContext,
  errors: Issue[],
  warnings: Issue[],
): BasicField[] {
  const derived: BasicField[] = [];
  const { idType, idNo } = attributes;
  if (idNo !== undefined && idType === undefined) {
    errors.push(issue('idType', 'REQUIRED', 'is required when idNo is given'));
    return derived;
  }
  if (typeof idNo !== 'string' || typeof idType !== 'string' || !GB11643_ID_TYPES.has(idType)) {
    if (typeof idNo === 'string')
      attributes.idNo = idNo.normalize('NFKC').replace(/\s/g, '').toUpperCase();
    return derived;
  }
  const checked = validatePersonalIdNo(idNo, {
    field: 'idNo',
    today: ctx.today,
    ...(ctx.isKnownRegion ? { isKnownRegion: ctx.isKnownRegion } : {}),
  });
  if (!checked.ok) {
    errors.push(...checked.issues);
    return derived;
  }
  warnings.push(...checked.warnings);
  const info = checked.value;
  attributes.idNo = info.idNo;
  if (info.convertedFrom15) {
    warnings.push(
      issue(
        'idNo',
        'ID_CONVERTED_15_TO_18',
        'legacy 15-digit number converted to 18 digits',
        'warning',
      ),
    );
  }
  if (info.kind !== 'resident' || info.birthDate === null) return derived;
  if (attributes.birthDate === undefined) {
    attributes.birthDate = info.birthDate;
    derived.push('birthDate');
  } else if (attributes.birthDate !== info.birthDate) {
    warnings.push(
      issue(
        'birthDate',
        'ID_BIRTH_DATE_MISMATCH',
        `differs from the ID number (${info.birthDate})`,
        'warning',
      ),
    );
  }
  if (attributes.gender === undefined) {
    attributes.gender = info.gender;
    derived.push('gender');
  } else if (
    attributes.gender !== info.gender &&
    (attributes.gender === '1' || attributes.gender === '2')
  ) {
    warnings.push(issue('gender', 'ID_GENDER_MISMATCH', 'differs from the ID number', 'warning'));
  }
  return derived;
}

function checkOrganisationCodes(
  attributes: BasicAttributes,
  errors: Issue[],
  warnings: Issue[],
): BasicField[] {
  const derived: BasicField[] = [];
  let embeddedOrgCode: string | undefined;
  if (typeof attributes.creditCode === 'string') {
    const checked = validateCreditCode(attributes.creditCode, { field: 'creditCode' });
    if (checked.ok) {
      attributes.creditCode = checked.value.creditCode;
      embeddedOrgCode = checked.value.orgCode;
      warnings.push(...checked.warnings);
    } else {
      errors.push(...checked.issues);
    }
  }
  if (typeof attributes.orgCode === 'string') {
    const checked = validateOrgCode(attributes.orgCode, { field: 'orgCode' });
    if (checked.ok) {
      attributes.orgCode = checked.value.orgCode;
      warnings.push(...checked.warnings);
      if (embeddedOrgCode !== undefined && embeddedOrgCode !== checked.value.orgCode) {
        warnings.push(
          issue(
            'orgCode',
            'ORG_CODE_MISMATCH',
            'differs from the one inside creditCode',
            'warning',
          ),
        );
      }
    } else {
      errors.push(...checked.issues);
    }
  } else if (embeddedOrgCode !== undefined) {
    attributes.orgCode = embeddedOrgCode;
    derived.push('orgCode');
  }
  if (typeof attributes.legalRepIdNo === 'string' && attributes.legalRepIdType === 'RESIDENT_ID') {
    const checked = validatePersonalIdNo(attributes.legalRepIdNo, { field: 'legalRepIdNo' });
    if (checked.ok) attributes.legalRepIdNo = checked.value.idNo;
    else errors.push(...checked.issues);
  }
  return derived;
}

function standardizeExtensions(
  kind: CustomerKind,
  ext: Readonly<Record<string, unknown>>,
  ctx: CustomerStandardizeContext,
  errors: Issue[],
): ExtAttributes {
  const values: ExtAttributes = {};
  for (const [name, raw] of Object.entries(ext)) {
    if (raw === undefined || raw === null) continue;
    const field = `ext.${name}`;
    const def = ctx.extensions.get(name);
    if (!def) {
      errors.push(issue(field, 'ATTRIBUTE_UNREGISTERED', 'is not in the attribute registry'));
    } else if (!def.kinds.includes(kind)) {
      errors.push(issue(field, 'FIELD_NOT_FOR_KIND', `does not apply to ${kind} customers`));
    } else {
      const result = standardizeScalar(field, def, raw, ctx);
      if (result.ok) values[name] = result.value;
      else errors.push(result.issue);
    }
  }
  return values;
}
