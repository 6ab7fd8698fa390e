import type { CustomerKind } from './customer-kind.ts';
import type { ScalarDef } from './standardize-value.ts';

/**
 * An attribute outside the fixed basic columns (R-E1: extensible per customer kind without a
 * migration). Registered as data in `attribute_registry`; values live in `customer.ext`.
 */
export interface ExtensionAttributeDef extends ScalarDef {
  readonly name: string;
  readonly kinds: readonly CustomerKind[];
  readonly label: { readonly zh: string; readonly en: string };
}

export const DEFAULT_EXTENSION_ATTRIBUTES: readonly ExtensionAttributeDef[] = [
  {
    name: 'openDate',
    type: 'date',
    kinds: ['individual', 'corporate', 'financial', 'group'],
    label: { zh: '开户日期', en: 'Relationship opening date' },
  },
  {
    name: 'riskLevel',
    type: 'text',
    maxLength: 10,
    kinds: ['individual', 'corporate'],
    label: { zh: '风险承受能力等级', en: 'Investment risk tolerance level' },
  },
  {
    name: 'branchCode',
    type: 'text',
    maxLength: 20,
    kinds: ['individual', 'corporate', 'financial', 'group'],
    label: { zh: '开户机构', en: 'Opening branch' },
  },
  {
    name: 'landAreaMu',
    type: 'number',
    kinds: ['individual'],
    label: { zh: '承包土地面积(亩)', en: 'Contracted land (mu)' },
  },
  {
    name: 'mainCrop',
    type: 'text',
    maxLength: 50,
    kinds: ['individual', 'corporate'],
    label: { zh: '主要种养品种', en: 'Main crop or livestock' },
  },
  {
    name: 'cooperativeMembers',
    type: 'integer',
    kinds: ['corporate'],
    label: { zh: '合作社成员数', en: 'Co-operative members' },
  },
  {
    name: 'swiftCode',
    type: 'text',
    maxLength: 11,
    kinds: ['financial'],
    label: { zh: 'SWIFT代码', en: 'SWIFT code' },
  },
];
