import type {
  BasicAttributes,
  CustomerKind,
  CustomerStatus,
  ExtAttributes,
  Issue,
  ItemAttributes,
  Lineage,
  SubjectArea,
} from '@ecif/core';

export type SourceRef = {
  system: string;
  customerNo: string;
};

export type SourceRefView = SourceRef & {
  linkedAt: string;
  decision: string;
  ruleCode: string | null;
  active: boolean;
};

export type ItemView = {
  id: string;
  sourceSystem: string | null;
  createdAt: string;
  updatedAt: string;
  values: ItemAttributes;
};

export type CustomerView = {
  ecifNo: string;
  kind: CustomerKind;
  status: CustomerStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  deactivatedAt: string | null;
  deactivationReason: string | null;
  /** Set when this number was merged away and the request resolved to the survivor. */
  resolvedFrom?: string;
  attributes: BasicAttributes;
  ext: ExtAttributes;
  lineage: Record<string, Lineage>;
  qualityIssues: Issue[];
  completeness: number;
  missingItems: string[];
  sourceRefs: SourceRefView[];
  areas?: Partial<Record<SubjectArea, ItemView[]>>;
};

export type CustomerSummary = {
  ecifNo: string;
  kind: CustomerKind;
  status: CustomerStatus;
  name: string;
  idType: string | null;
  idNoMasked: string | null;
  creditCode: string | null;
  score?: number;
};

export type ItemInput = {
  [field: string]: unknown;
};

export type AreaInputs = Partial<Record<SubjectArea, ItemInput[]>>;

export type CreateCustomerInput = {
  kind: CustomerKind;
  source: SourceRef;
  attributes: Readonly<Record<string, unknown>>;
  ext?: Readonly<Record<string, unknown>> | undefined;
  areas?: AreaInputs | undefined;
};

export type IdentificationResult = {
  outcome: 'created' | 'identified';
  /** Tier rule that identified the customer, or `SOURCE_REF` when the source's own number did. */
  ruleCode: string | null;
  suspects: { ecifNo: string; ruleCode: string }[];
  warnings: Issue[];
  changed: boolean;
  customer: CustomerView;
};
