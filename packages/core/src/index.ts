export { EcifError, ErrorCode, isEcifError } from './errors.ts';

export { issue, normalizeIdentifier, valid, invalid } from './validation/issue.ts';
export type { Issue, Severity, Validation } from './validation/issue.ts';
export {
  convertLegacyId15,
  residentIdCheckDigit,
  validatePersonalIdNo,
} from './validation/national-id.ts';
export type { PersonalIdInfo } from './validation/national-id.ts';
export {
  creditCodeCheckChar,
  orgCodeCheckChar,
  validateCreditCode,
  validateOrgCode,
} from './validation/credit-code.ts';
export { isLuhnValid, luhnCheckDigit, validateBankCardNo } from './validation/bank-card.ts';
export { normalizeMobile, validatePhone } from './validation/phone.ts';
export { validateEmail } from './validation/email.ts';

export { parseAddress, formatAddress } from './address/parse-address.ts';
export type { ParsedAddress } from './address/parse-address.ts';
export { isKnownRegionCode, divisionName } from './address/divisions.ts';

export {
  personNameKeys,
  corporateNameKey,
  corporateNormalizedName,
  normalizeNameText,
  nameSearchKeys,
} from './party/normalize-name.ts';

export { CUSTOMER_KINDS, CUSTOMER_STATUSES, isOrganisation } from './party/customer-kind.ts';
export type { CustomerKind, CustomerStatus } from './party/customer-kind.ts';
export { BASIC_FIELDS, BASIC_FIELD_NAMES, isBasicField } from './party/basic-fields.ts';
export type {
  BasicAttributes,
  BasicField,
  BasicFieldDef,
  BasicValue,
  FieldType,
} from './party/basic-fields.ts';
export {
  SUBJECT_AREAS,
  SUBJECT_AREA_NAMES,
  columnName,
  isSubjectArea,
} from './party/subject-areas.ts';
export type {
  ItemAttributes,
  ItemFieldDef,
  ItemValue,
  SubjectArea,
  SubjectAreaDef,
} from './party/subject-areas.ts';
export { STANDARD_CODE_SETS } from './party/standard-codes.ts';
export type { CodeSets, CodeValue } from './party/standard-codes.ts';
export { DEFAULT_EXTENSION_ATTRIBUTES } from './party/extension-attributes.ts';
export type { ExtensionAttributeDef } from './party/extension-attributes.ts';
export {
  hasControlCharacter,
  parseCalendarDate,
  standardizeScalar,
} from './party/standardize-value.ts';
export type { ScalarDef, ScalarType, StandardizeContext } from './party/standardize-value.ts';
export { standardizeCustomer } from './party/standardize-customer.ts';
export type {
  CustomerStandardizeContext,
  ExtAttributes,
  StandardizedCustomer,
} from './party/standardize-customer.ts';
export { standardizeItem } from './party/standardize-item.ts';
export type { StandardizedItem } from './party/standardize-item.ts';
export { ecifCheckDigit, formatEcifNo, isValidEcifNo, kindOfEcifNo } from './party/ecif-number.ts';
export { completeness } from './party/completeness.ts';
export type { Completeness } from './party/completeness.ts';

export {
  DEFAULT_IDENTIFICATION_RULES,
  IDENTIFICATION_KEYS,
  decideIdentification,
  identificationProbes,
} from './identification/identification-rule.ts';
export type {
  IdentificationDecision,
  IdentificationKey,
  IdentificationProbe,
  IdentificationRule,
  ProbeHits,
  Suspect,
} from './identification/identification-rule.ts';

export { SURVIVORSHIP_STRATEGIES } from './survivorship/survivorship-rule.ts';
export type {
  Lineage,
  SurvivorshipRule,
  SurvivorshipStrategy,
} from './survivorship/survivorship-rule.ts';
export { buildGoldenRecord } from './survivorship/build-golden-record.ts';
export type {
  GoldenRecord,
  GoldenRecordInput,
  GoldenValue,
  ManualOverride,
  SourceContribution,
} from './survivorship/build-golden-record.ts';

export { LineSplitter } from './batch/line-splitter.ts';
export type { RawLine } from './batch/line-splitter.ts';
export { createDecoder, FILE_ENCODINGS } from './batch/decode.ts';
export type { Decoded, FileEncoding } from './batch/decode.ts';
export { createRecordSplitter } from './batch/record-layout.ts';
export { splitterFor } from './batch/mapping-splitter.ts';
export type { RecordLayout, SplitResult } from './batch/record-layout.ts';
export { parseSourceMapping, sourceMappingSchema } from './batch/source-mapping.ts';
export type { MappingColumn, SourceMapping } from './batch/source-mapping.ts';
export { convertDate, mapRecord } from './batch/map-record.ts';
export type { MappedRecord } from './batch/map-record.ts';
export {
  encodeGbk,
  encodeGbkInto,
  gbkByteLength,
  UnencodableCharacterError,
} from './batch/encode-gbk.ts';
export { encodeGb18030 } from './batch/encode-gb18030.ts';
export { codePointLabel, createTextEncoder } from './batch/encode-text.ts';
export type { EncodedText, TextEncodeFn } from './batch/encode-text.ts';
export { createColumnFormatter } from './batch/encode-value.ts';
export type { ExportValue, FormattedValue } from './batch/encode-value.ts';
export {
  createFileEncoder,
  exportMappingIssues,
  parseExportMapping,
  parseUnencodablePolicy,
} from './batch/encode-record.ts';
export type {
  EncodedRecord,
  FileEncoder,
  RecordProblem,
  RecordProblemReason,
  UnencodablePolicy,
} from './batch/encode-record.ts';
