import { BASIC_FIELDS, BASIC_FIELD_NAMES, type SurvivorshipRule } from '@ecif/core';

/** Source systems of a rural credit union (R-E8 names them); trust rank 1 is the most trusted. */
export const DEFAULT_SOURCE_SYSTEMS = [
  { code: 'CORE', name: '核心系统', trustRank: 1, isCore: true },
  { code: 'LOAN', name: '信贷系统', trustRank: 2, isCore: false },
  { code: 'CARD', name: '贷记卡系统', trustRank: 3, isCore: false },
  { code: 'WEALTH', name: '理财系统', trustRank: 4, isCore: false },
  { code: 'INTL', name: '国际结算系统', trustRank: 5, isCore: false },
  { code: 'EBANK', name: '电子银行系统', trustRank: 6, isCore: false },
  { code: 'PAY', name: '支付系统', trustRank: 7, isCore: false },
  { code: 'COUNTER', name: '柜面系统', trustRank: 8, isCore: false },
  { code: 'CALLCENTER', name: '客服中心', trustRank: 9, isCore: false },
  { code: 'ECIF', name: 'ECIF人工录入', trustRank: 10, isCore: false },
  { code: 'CORP', name: '对公业务系统', trustRank: 11, isCore: false },
] as const;

export const CODE_SET_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  GENDER: { zh: '性别', en: 'Gender' },
  ID_TYPE: { zh: '证件类型', en: 'ID type' },
  MARITAL_STATUS: { zh: '婚姻状况', en: 'Marital status' },
  NATIONALITY: { zh: '国籍', en: 'Nationality' },
  ETHNICITY: { zh: '民族', en: 'Ethnicity' },
  EDUCATION: { zh: '学历', en: 'Education' },
  OCCUPATION: { zh: '职业', en: 'Occupation' },
  CUSTOMER_CATEGORY: { zh: '客户类别', en: 'Customer category' },
  INDUSTRY: { zh: '行业', en: 'Industry' },
  ENTERPRISE_SCALE: { zh: '企业规模', en: 'Enterprise scale' },
  CONTACT_TYPE: { zh: '联系方式类型', en: 'Contact type' },
  ADDRESS_TYPE: { zh: '地址类型', en: 'Address type' },
  RELATION_TYPE: { zh: '关系类型', en: 'Relation type' },
  ACCOUNT_TYPE: { zh: '账户类型', en: 'Account type' },
  ACCOUNT_STATUS: { zh: '账户状态', en: 'Account status' },
  RESOURCE_TYPE: { zh: '资源类型', en: 'Resource type' },
  EVENT_TYPE: { zh: '事件类型', en: 'Event type' },
  CHANNEL: { zh: '渠道', en: 'Channel' },
  ANALYSIS_METRIC: { zh: '分析指标', en: 'Analysis metric' },
  FIVE_LEVEL_CLASS: { zh: '五级分类', en: 'Five-level loan classification' },
  CURRENCY: { zh: '币种', en: 'Currency' },
};

/** How each source spells its codes (代码映射); identity mappings need no row. */
export const DEFAULT_CODE_MAPPINGS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['LOAN', 'GENDER', 'M', '1'],
  ['LOAN', 'GENDER', 'F', '2'],
  ['CARD', 'GENDER', '男', '1'],
  ['CARD', 'GENDER', '女', '2'],
  ['CARD', 'ID_TYPE', '01', 'RESIDENT_ID'],
  ['CARD', 'ID_TYPE', '02', 'HOUSEHOLD_REGISTER'],
  ['CARD', 'ID_TYPE', '03', 'PASSPORT'],
  ['CARD', 'ID_TYPE', '99', 'OTHER'],
  ['LOAN', 'ID_TYPE', '0', 'RESIDENT_ID'],
  ['LOAN', 'ID_TYPE', 'X', 'OTHER'],
  ['LOAN', 'MARITAL_STATUS', 'S', '10'],
  ['LOAN', 'MARITAL_STATUS', 'M', '20'],
  ['LOAN', 'MARITAL_STATUS', 'D', '40'],
  ['LOAN', 'MARITAL_STATUS', 'W', '30'],
];

const KEY_FIELDS = BASIC_FIELD_NAMES.filter(
  (f) => (BASIC_FIELDS[f] as { key?: boolean }).key === true,
);

/** Key information (关键信息) survives from the core system first; the rest, the latest value. */
export const DEFAULT_SURVIVORSHIP_RULES: readonly SurvivorshipRule[] = BASIC_FIELD_NAMES.map(
  (field): SurvivorshipRule =>
    KEY_FIELDS.includes(field)
      ? {
          field,
          strategy: 'sourcePriority',
          sourcePriority: ['CORE', 'LOAN'],
          allowManualOverride: true,
        }
      : field === 'employer' || field === 'actualController'
        ? { field, strategy: 'mostComplete', sourcePriority: ['CORE'], allowManualOverride: true }
        : { field, strategy: 'mostRecent', sourcePriority: ['CORE'], allowManualOverride: true },
);

/**
 * Key fields default to core-only (see `mayUpdate`); the loan system also opens customers
 * (seed 004: 核心、信贷系统新增客户), so it holds the right explicitly. The other systems' denials
 * are written out too, so an administrator sees them in the rights table.
 */
export const DEFAULT_UPDATE_RIGHTS: ReadonlyArray<readonly [string, string, boolean]> =
  DEFAULT_SOURCE_SYSTEMS.filter((s) => s.code !== 'CORE').flatMap((s) =>
    KEY_FIELDS.map((field) => [s.code, field, s.code === 'LOAN'] as const),
  );
