import type { SourceMapping } from '../batch/source-mapping.ts';

/** The five source systems of the synthetic bank, in the order files are written. */
export const SYNTH_SYSTEMS = ['CORE', 'LOAN', 'CARD', 'WEALTH', 'CORP'] as const;
export type SynthSystem = (typeof SYNTH_SYSTEMS)[number];

// Each system speaks its own code dialect, as real extracts do; the mapping translates to the
// standard codes (GENDER 1/2, ID_TYPE RESIDENT_ID), which is exactly what the loader must prove.
const RESIDENT_ID = 'RESIDENT_ID';

const CORE: SourceMapping = {
  system: 'CORE',
  description: '核心系统客户信息 (GBK fixed width, byte widths)',
  encoding: 'GBK',
  lineEnding: 'CRLF',
  layout: { type: 'fixed' },
  header: { type: 'none' },
  trailer: { type: 'none' },
  companion: { suffix: '.ok', required: true, contents: 'recordCount' },
  columns: [
    { name: 'CUST_NO', target: 'sourceCustomerNo', width: 16 },
    {
      name: 'CUST_TYPE',
      target: 'kind',
      width: 1,
      codeMap: { '1': 'individual', '2': 'corporate' },
    },
    { name: 'CUST_NAME', target: 'attributes.name', width: 80 },
    { name: 'ID_TYPE', target: 'attributes.idType', width: 2, codeMap: { '10': RESIDENT_ID } },
    { name: 'ID_NO', target: 'attributes.idNo', width: 18 },
    { name: 'GENDER', target: 'attributes.gender', width: 1 },
    { name: 'BIRTH_DT', target: 'attributes.birthDate', width: 8, dateFormat: 'YYYYMMDD' },
    { name: 'CREDIT_CODE', target: 'attributes.creditCode', width: 18 },
    { name: 'ORG_CODE', target: 'attributes.orgCode', width: 10 },
    { name: 'MOBILE', target: 'contacts.MOBILE', width: 11 },
    { name: 'ADDR', target: 'addresses.RESIDENTIAL', width: 120 },
    { name: 'OPEN_DT', target: 'ext.openDate', width: 8, dateFormat: 'YYYYMMDD' },
    { name: 'BRANCH', target: 'ext.branchCode', width: 6 },
  ],
};

const LOAN: SourceMapping = {
  system: 'LOAN',
  description: '信贷系统借款人 (GBK, |@| with trailing delimiter, control trailer)',
  encoding: 'GBK',
  lineEnding: 'CRLF',
  layout: { type: 'delimited', delimiter: '|@|', trailingDelimiter: true },
  header: { type: 'none' },
  trailer: {
    type: 'control',
    marker: 'T',
    recordCountField: 2,
    amountSumField: 3,
    amountColumn: 'LOAN_BAL',
  },
  companion: { suffix: '.ok', required: true, contents: 'recordCount' },
  defaults: { 'accounts.accountType': 'LOAN' },
  columns: [
    { name: 'BORROWER_NO', target: 'sourceCustomerNo' },
    { name: 'BORROWER_KIND', target: 'kind', codeMap: { P: 'individual', E: 'corporate' } },
    { name: 'BORROWER_NAME', target: 'attributes.name' },
    { name: 'GENDER', target: 'attributes.gender', codeMap: { M: '1', F: '2' } },
    { name: 'CERT_TYPE', target: 'attributes.idType', codeMap: { '01': RESIDENT_ID } },
    { name: 'CERT_NO', target: 'attributes.idNo' },
    { name: 'BIRTH', target: 'attributes.birthDate', dateFormat: 'YYYY-MM-DD' },
    { name: 'USCC', target: 'attributes.creditCode' },
    { name: 'MOBILE', target: 'contacts.MOBILE' },
    { name: 'ADDR', target: 'addresses.RESIDENTIAL' },
    { name: 'LOAN_ACCT', target: 'accounts.accountNo' },
    { name: 'LOAN_BAL', target: 'accounts.balance', impliedDecimals: 2 },
  ],
};

const CARD: SourceMapping = {
  system: 'CARD',
  description: '银行卡系统持卡人 (UTF-8, 0x1F delimited, column-name header)',
  encoding: 'UTF-8',
  lineEnding: 'LF',
  layout: { type: 'delimited', delimiter: '\u001f', trailingDelimiter: false },
  header: { type: 'columnNames' },
  trailer: { type: 'none' },
  kind: 'individual',
  defaults: { 'accounts.accountType': 'CREDIT_CARD' },
  columns: [
    { name: 'HOLDER_ID', target: 'sourceCustomerNo' },
    { name: 'HOLDER_NAME', target: 'attributes.name' },
    { name: 'SEX', target: 'attributes.gender', codeMap: { 男: '1', 女: '2' } },
    { name: 'CERT_TYPE', target: 'attributes.idType', codeMap: { 身份证: RESIDENT_ID } },
    { name: 'CERT_NO', target: 'attributes.idNo' },
    { name: 'BIRTHDAY', target: 'attributes.birthDate', dateFormat: 'YYYY/MM/DD' },
    { name: 'MOBILE', target: 'contacts.MOBILE' },
    { name: 'MAIL_ADDR', target: 'addresses.MAILING' },
    { name: 'CARD_NO', target: 'accounts.accountNo' },
  ],
  updatableFields: ['attributes.name'],
};

const WEALTH: SourceMapping = {
  system: 'WEALTH',
  description: '理财系统客户 (GB18030, | delimited, .flg companion)',
  encoding: 'GB18030',
  lineEnding: 'LF',
  layout: { type: 'delimited', delimiter: '|', trailingDelimiter: false },
  header: { type: 'none' },
  trailer: { type: 'none' },
  companion: { suffix: '.flg', required: true, contents: 'none' },
  kind: 'individual',
  columns: [
    { name: 'WM_CUST_NO', target: 'sourceCustomerNo' },
    { name: 'CUST_NAME', target: 'attributes.name' },
    { name: 'SEX_CD', target: 'attributes.gender', codeMap: { '01': '1', '02': '2' } },
    { name: 'CERT_TP', target: 'attributes.idType', codeMap: { A: RESIDENT_ID } },
    { name: 'CERT_NO', target: 'attributes.idNo' },
    { name: 'BIRTH_DT', target: 'attributes.birthDate', dateFormat: 'YYMMDD' },
    { name: 'MOBILE', target: 'contacts.MOBILE' },
    { name: 'EMAIL', target: 'contacts.EMAIL' },
    { name: 'ADDR', target: 'addresses.RESIDENTIAL' },
    { name: 'RISK_LEVEL', target: 'ext.riskLevel' },
  ],
  updatableFields: [],
};

const CORP: SourceMapping = {
  system: 'CORP',
  description: '对公客户信息抽取 (UTF-8, tab delimited, column-name header)',
  encoding: 'UTF-8',
  lineEnding: 'LF',
  layout: { type: 'delimited', delimiter: '\t', trailingDelimiter: false },
  header: { type: 'columnNames' },
  trailer: { type: 'none' },
  companion: { suffix: '.ok', required: false, contents: 'recordCount' },
  kind: 'corporate',
  columns: [
    { name: 'CORP_NO', target: 'sourceCustomerNo' },
    { name: 'CORP_NAME', target: 'attributes.name' },
    { name: 'USCC', target: 'attributes.creditCode' },
    { name: 'ORG_CODE', target: 'attributes.orgCode' },
    { name: 'LEGAL_REP', target: 'attributes.legalRepName' },
    { name: 'LEGAL_REP_ID', target: 'attributes.legalRepIdNo' },
    { name: 'REG_CAPITAL', target: 'attributes.registeredCapital', impliedDecimals: 2 },
    { name: 'ESTABLISH_DT', target: 'attributes.establishDate', dateFormat: 'YYYYMMDD' },
    { name: 'PHONE', target: 'contacts.PHONE' },
    { name: 'REG_ADDR', target: 'addresses.REGISTERED' },
  ],
};

const MAPPINGS: Readonly<Record<SynthSystem, SourceMapping>> = { CORE, LOAN, CARD, WEALTH, CORP };

/** A deep copy of a system's mapping document (callers may serialise or modify it). */
export function synthMapping(system: SynthSystem): SourceMapping {
  return structuredClone(MAPPINGS[system]);
}

/** Column index by name, so the generator fills rows in the mapping's order. */
export function columnIndex(system: SynthSystem): Readonly<Record<string, number>> {
  return Object.fromEntries(MAPPINGS[system].columns.map((c, i) => [c.name, i]));
}
