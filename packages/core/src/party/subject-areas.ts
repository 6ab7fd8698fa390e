/**
 * The eight list-shaped subject areas (九大主题 minus basic, which lives on the customer
 * itself). Each is a table of items; the definitions are data so the API schemas, the
 * standardization and the storage stay in step.
 */
export type ItemFieldType = 'text' | 'code' | 'date' | 'datetime' | 'number' | 'boolean';

export interface ItemFieldDef {
  readonly type: ItemFieldType;
  readonly codeSet?: string;
  readonly required?: boolean;
  readonly maxLength?: number;
  readonly scale?: number;
  readonly signed?: boolean;
  /** Derived by standardization; never accepted from input. */
  readonly derived?: boolean;
}

export interface SubjectAreaDef {
  readonly table: string;
  readonly label: { readonly zh: string; readonly en: string };
  /** Full history kept (R-E6): reconstructable at any instant through `asOf`. */
  readonly history: boolean;
  readonly fields: Readonly<Record<string, ItemFieldDef>>;
  /** Fields whose normalized values identify "the same item" when a source sends it again. */
  readonly naturalKey: readonly string[];
}

const text = (maxLength = 200, required = false): ItemFieldDef => ({
  type: 'text',
  maxLength,
  required,
});
const code = (codeSet: string, required = false): ItemFieldDef => ({
  type: 'code',
  codeSet,
  required,
});
const derived = (type: ItemFieldType = 'text'): ItemFieldDef => ({ type, derived: true });
const NUMBER: ItemFieldDef = { type: 'number' };
const DATE: ItemFieldDef = { type: 'date' };
const BOOL: ItemFieldDef = { type: 'boolean' };

export const SUBJECT_AREAS = {
  contacts: {
    table: 'customer_contact',
    label: { zh: '联系信息', en: 'Contacts' },
    history: true,
    fields: {
      contactType: code('CONTACT_TYPE', true),
      value: text(100, true),
      isPrimary: BOOL,
    },
    naturalKey: ['contactType', 'value'],
  },
  addresses: {
    table: 'customer_address',
    label: { zh: '地址信息', en: 'Addresses' },
    history: false,
    fields: {
      addressType: code('ADDRESS_TYPE', true),
      fullText: text(300, true),
      postalCode: text(6),
      isPrimary: BOOL,
      province: derived(),
      city: derived(),
      county: derived(),
      town: derived(),
      village: derived(),
      detail: derived(),
      divisionCode: derived(),
    },
    naturalKey: ['addressType', 'fullText'],
  },
  relations: {
    table: 'customer_relation',
    label: { zh: '关系信息', en: 'Relations' },
    history: false,
    fields: {
      relationType: code('RELATION_TYPE', true),
      relatedName: text(200, true),
      relatedEcifNo: text(12),
      relatedIdType: code('ID_TYPE'),
      relatedIdNo: text(40),
      shareRatio: { type: 'number', scale: 4 },
      startDate: DATE,
      endDate: DATE,
    },
    naturalKey: ['relationType', 'relatedName', 'relatedIdNo'],
  },
  accounts: {
    table: 'customer_account',
    label: { zh: '产品/协议/账户', en: 'Accounts and agreements' },
    history: false,
    fields: {
      accountNo: text(40, true),
      accountType: code('ACCOUNT_TYPE', true),
      productCode: text(40),
      productName: text(100),
      currency: code('CURRENCY'),
      balance: { type: 'number', signed: true },
      openDate: DATE,
      maturityDate: DATE,
      openBranch: text(40),
      status: code('ACCOUNT_STATUS'),
    },
    naturalKey: ['accountNo'],
  },
  resources: {
    table: 'customer_resource',
    label: { zh: '资源信息(抵质押/担保)', en: 'Collateral and guarantees' },
    history: false,
    fields: {
      resourceType: code('RESOURCE_TYPE', true),
      resourceRef: text(60),
      description: text(300, true),
      valueAmount: NUMBER,
      currency: code('CURRENCY'),
      validUntil: DATE,
    },
    naturalKey: ['resourceType', 'resourceRef', 'description'],
  },
  events: {
    table: 'customer_event',
    label: { zh: '事件/接触信息', en: 'Events and touch points' },
    history: true,
    fields: {
      eventType: code('EVENT_TYPE', true),
      occurredAt: { type: 'datetime', required: true },
      channel: code('CHANNEL'),
      summary: text(500, true),
      branch: text(40),
      eventRef: text(60),
    },
    naturalKey: ['eventType', 'eventRef', 'occurredAt'],
  },
  analysis: {
    table: 'customer_analysis',
    label: { zh: '分析信息', en: 'Analysis' },
    history: false,
    fields: {
      metric: code('ANALYSIS_METRIC', true),
      period: text(10, true),
      value: { type: 'number', required: true, scale: 4, signed: true },
    },
    naturalKey: ['metric', 'period'],
  },
  risk: {
    table: 'customer_risk',
    label: { zh: '风险信息', en: 'Risk' },
    history: false,
    fields: {
      asOfDate: { type: 'date', required: true },
      fiveLevelClass: code('FIVE_LEVEL_CLASS'),
      creditLimit: NUMBER,
      creditUsed: NUMBER,
      rating: text(20),
      blacklisted: BOOL,
      blacklistReason: text(200),
    },
    naturalKey: ['asOfDate'],
  },
} as const satisfies Record<string, SubjectAreaDef>;

export type SubjectArea = keyof typeof SUBJECT_AREAS;
export const SUBJECT_AREA_NAMES = Object.keys(SUBJECT_AREAS) as SubjectArea[];

export type ItemValue = string | number | boolean;
export type ItemAttributes = Record<string, ItemValue>;

export function isSubjectArea(name: string): name is SubjectArea {
  return Object.hasOwn(SUBJECT_AREAS, name);
}

/** camelCase API name → snake_case column name. */
export function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
}
