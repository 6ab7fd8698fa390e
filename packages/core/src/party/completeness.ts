import type { BasicAttributes, BasicField } from './basic-fields.ts';
import type { CustomerKind } from './customer-kind.ts';

/**
 * What a complete record holds, per kind (R-E3 完整度). Contacts and addresses count as one
 * item each because a customer manager needs at least one of each to reach the customer.
 */
const EXPECTED: Readonly<Record<CustomerKind, readonly BasicField[]>> = {
  individual: [
    'name',
    'idType',
    'idNo',
    'gender',
    'birthDate',
    'nationality',
    'occupation',
    'maritalStatus',
    'customerCategory',
  ],
  corporate: [
    'name',
    'creditCode',
    'legalRepName',
    'industry',
    'registeredCapital',
    'establishDate',
    'enterpriseScale',
    'customerCategory',
  ],
  financial: ['name', 'creditCode', 'legalRepName', 'registeredCapital', 'establishDate'],
  group: ['name', 'creditCode', 'legalRepName', 'industry'],
};

export interface Completeness {
  /** 0–100. */
  readonly score: number;
  readonly missing: readonly string[];
}

export function completeness(
  kind: CustomerKind,
  attributes: BasicAttributes,
  has: { readonly contact: boolean; readonly address: boolean },
): Completeness {
  const missing: string[] = EXPECTED[kind].filter(
    (f) => attributes[f] === undefined || attributes[f] === '',
  );
  if (!has.contact) missing.push('contacts');
  if (!has.address) missing.push('addresses');
  const total = EXPECTED[kind].length + 2;
  return { score: Math.round(((total - missing.length) / total) * 100), missing };
}
