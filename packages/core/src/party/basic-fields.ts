import type { CustomerKind } from './customer-kind.ts';

export type FieldType = 'text' | 'date' | 'number' | 'integer' | 'code';

export interface BasicFieldDef {
  readonly type: FieldType;
  /** Standard code set the value must belong to (R-E3 数据标准). */
  readonly codeSet?: string;
  /** Kinds the field applies to; a value for another kind is rejected. */
  readonly kinds: readonly CustomerKind[];
  /** Key information (关键信息): by default only the core system may originate changes. */
  readonly key?: boolean;
  readonly maxLength?: number;
  readonly label: { readonly zh: string; readonly en: string };
}

const ALL: readonly CustomerKind[] = ['individual', 'corporate', 'financial', 'group'];
const PERSON: readonly CustomerKind[] = ['individual'];
const ORG: readonly CustomerKind[] = ['corporate', 'financial', 'group'];

/**
 * The basic subject area (基本信息) of the golden record. Every entry is a column of the
 * `customer` table; attributes outside this list go to the registry-checked extension column.
 */
export const BASIC_FIELDS = {
  name: {
    type: 'text',
    kinds: ALL,
    key: true,
    maxLength: 200,
    label: { zh: '客户名称', en: 'Name' },
  },
  nameEn: {
    type: 'text',
    kinds: ALL,
    maxLength: 200,
    label: { zh: '英文名称', en: 'English name' },
  },
  idType: {
    type: 'code',
    codeSet: 'ID_TYPE',
    kinds: PERSON,
    key: true,
    label: { zh: '证件类型', en: 'ID type' },
  },
  idNo: {
    type: 'text',
    kinds: PERSON,
    key: true,
    maxLength: 40,
    label: { zh: '证件号码', en: 'ID number' },
  },
  idExpiryDate: { type: 'date', kinds: PERSON, label: { zh: '证件到期日', en: 'ID expiry date' } },
  gender: {
    type: 'code',
    codeSet: 'GENDER',
    kinds: PERSON,
    key: true,
    label: { zh: '性别', en: 'Gender' },
  },
  birthDate: {
    type: 'date',
    kinds: PERSON,
    key: true,
    label: { zh: '出生日期', en: 'Birth date' },
  },
  nationality: {
    type: 'code',
    codeSet: 'NATIONALITY',
    kinds: ALL,
    label: { zh: '国籍', en: 'Nationality' },
  },
  ethnicity: {
    type: 'code',
    codeSet: 'ETHNICITY',
    kinds: PERSON,
    label: { zh: '民族', en: 'Ethnicity' },
  },
  maritalStatus: {
    type: 'code',
    codeSet: 'MARITAL_STATUS',
    kinds: PERSON,
    label: { zh: '婚姻状况', en: 'Marital status' },
  },
  education: {
    type: 'code',
    codeSet: 'EDUCATION',
    kinds: PERSON,
    label: { zh: '学历', en: 'Education' },
  },
  householdSize: {
    type: 'integer',
    kinds: PERSON,
    label: { zh: '家庭人口', en: 'Household size' },
  },
  occupation: {
    type: 'code',
    codeSet: 'OCCUPATION',
    kinds: PERSON,
    label: { zh: '职业', en: 'Occupation' },
  },
  employer: {
    type: 'text',
    kinds: PERSON,
    maxLength: 200,
    label: { zh: '工作单位', en: 'Employer' },
  },
  annualIncome: {
    type: 'number',
    kinds: PERSON,
    label: { zh: '年收入(元)', en: 'Annual income (CNY)' },
  },
  customerCategory: {
    type: 'code',
    codeSet: 'CUSTOMER_CATEGORY',
    kinds: ALL,
    label: { zh: '客户类别', en: 'Customer category' },
  },
  creditCode: {
    type: 'text',
    kinds: ORG,
    key: true,
    maxLength: 18,
    label: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  },
  orgCode: {
    type: 'text',
    kinds: ORG,
    key: true,
    maxLength: 10,
    label: { zh: '组织机构代码', en: 'Organization code' },
  },
  businessLicenceNo: {
    type: 'text',
    kinds: ORG,
    maxLength: 40,
    label: { zh: '营业执照号/注册登记号', en: 'Business licence / registration no.' },
  },
  taxRegNo: {
    type: 'text',
    kinds: ORG,
    maxLength: 40,
    label: { zh: '税务登记号', en: 'Tax registration no.' },
  },
  loanCardNo: {
    type: 'text',
    kinds: ORG,
    maxLength: 40,
    label: { zh: '贷款卡号', en: 'Loan card no.' },
  },
  accountPermitNo: {
    type: 'text',
    kinds: ORG,
    maxLength: 40,
    label: { zh: '开户许可证号', en: 'Account permit no.' },
  },
  legalRepName: {
    type: 'text',
    kinds: ORG,
    maxLength: 100,
    label: { zh: '法定代表人', en: 'Legal representative' },
  },
  legalRepIdType: {
    type: 'code',
    codeSet: 'ID_TYPE',
    kinds: ORG,
    label: { zh: '法人证件类型', en: 'Legal rep. ID type' },
  },
  legalRepIdNo: {
    type: 'text',
    kinds: ORG,
    maxLength: 40,
    label: { zh: '法人证件号码', en: 'Legal rep. ID number' },
  },
  actualController: {
    type: 'text',
    kinds: ORG,
    maxLength: 100,
    label: { zh: '实际控制人', en: 'Actual controller' },
  },
  registeredCapital: {
    type: 'number',
    kinds: ORG,
    label: { zh: '注册资本(元)', en: 'Registered capital (CNY)' },
  },
  establishDate: { type: 'date', kinds: ORG, label: { zh: '成立日期', en: 'Establishment date' } },
  industry: {
    type: 'code',
    codeSet: 'INDUSTRY',
    kinds: ALL,
    label: { zh: '行业', en: 'Industry' },
  },
  enterpriseScale: {
    type: 'code',
    codeSet: 'ENTERPRISE_SCALE',
    kinds: ORG,
    label: { zh: '企业规模', en: 'Enterprise scale' },
  },
} as const satisfies Record<string, BasicFieldDef>;

export type BasicField = keyof typeof BASIC_FIELDS;
export const BASIC_FIELD_NAMES = Object.keys(BASIC_FIELDS) as BasicField[];

export type BasicValue = string | number;
/** Golden or source values of the basic area; absent = unknown. */
export type BasicAttributes = Partial<Record<BasicField, BasicValue>>;

export function isBasicField(name: string): name is BasicField {
  return Object.hasOwn(BASIC_FIELDS, name);
}
