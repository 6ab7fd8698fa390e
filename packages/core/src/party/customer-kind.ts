/** 对私 individual, 对公 corporate, 同业 financial institution, 集团 group. */
export const CUSTOMER_KINDS = ['individual', 'corporate', 'financial', 'group'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

/** Organisations (anything but an individual) are identified by codes, not by a personal ID. */
export function isOrganisation(kind: CustomerKind): boolean {
  return kind !== 'individual';
}

export const CUSTOMER_STATUSES = ['active', 'inactive', 'merged'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
