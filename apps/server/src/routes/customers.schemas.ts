import {
  BASIC_FIELDS,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  SUBJECT_AREAS,
  type BasicFieldDef,
  type ItemFieldDef,
  type SubjectArea,
} from '@ecif/core';
import { z } from 'zod';
import { issueSchema, list } from './common.schemas.ts';

// Schemas are generated from the field definitions in @ecif/core so the API, the docs and the
// domain validation cannot drift apart. Zod checks shape and type; @ecif/core checks meaning
// (check digits, code sets, real dates) and names the field in every issue.

function scalarInput(def: BasicFieldDef | ItemFieldDef): z.ZodType {
  switch (def.type) {
    case 'number':
    case 'integer':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'text':
    case 'code':
    case 'date':
    case 'datetime':
      return z.string().max(1000);
  }
}

function scalarOutput(def: BasicFieldDef | ItemFieldDef): z.ZodType {
  return def.type === 'number' || def.type === 'integer'
    ? z.number()
    : def.type === 'boolean'
      ? z.boolean()
      : z.string();
}

function described<T extends z.ZodType>(schema: T, def: BasicFieldDef): T {
  return schema.describe(
    `${def.label.zh} / ${def.label.en}${def.codeSet ? ` (code set ${def.codeSet})` : ''}`,
  );
}

const basicEntries = Object.entries(BASIC_FIELDS) as [string, BasicFieldDef][];

export const attributesInputSchema = z
  .object(
    Object.fromEntries(
      basicEntries.map(([f, def]) => [f, described(scalarInput(def), def).nullable().optional()]),
    ),
  )
  .strict()
  .meta({ id: 'CustomerAttributesWrite' });

export const attributesOutputSchema = z
  .object(
    Object.fromEntries(
      basicEntries.map(([f, def]) => [f, described(scalarOutput(def), def).optional()]),
    ),
  )
  .meta({ id: 'CustomerAttributes' });

const extValue = z.union([z.string(), z.number(), z.boolean()]);
export const extInputSchema = z
  .record(z.string(), extValue.nullable())
  .describe('Registered extension attributes');

function areaFields(area: SubjectArea): [string, ItemFieldDef][] {
  return Object.entries(SUBJECT_AREAS[area].fields) as [string, ItemFieldDef][];
}

export const itemInputSchemas = Object.fromEntries(
  (Object.keys(SUBJECT_AREAS) as SubjectArea[]).map((area) => [
    area,
    z
      .object(
        Object.fromEntries(
          areaFields(area)
            .filter(([, def]) => !def.derived)
            .map(([f, def]) => [
              f,
              def.required ? scalarInput(def) : scalarInput(def).nullable().optional(),
            ]),
        ),
      )
      .strict()
      .meta({ id: `${area[0]?.toUpperCase()}${area.slice(1)}ItemWrite` }),
  ]),
) as Record<SubjectArea, z.ZodObject>;

export const itemPatchSchemas = Object.fromEntries(
  (Object.keys(SUBJECT_AREAS) as SubjectArea[]).map((area) => [
    area,
    itemInputSchemas[area].partial(),
  ]),
) as Record<SubjectArea, z.ZodObject>;

export const itemViewSchemas = Object.fromEntries(
  (Object.keys(SUBJECT_AREAS) as SubjectArea[]).map((area) => [
    area,
    z
      .object({
        id: z.uuid(),
        sourceSystem: z.string().nullable(),
        createdAt: z.string(),
        updatedAt: z.string(),
        values: z.object(
          Object.fromEntries(areaFields(area).map(([f, def]) => [f, scalarOutput(def).optional()])),
        ),
      })
      .meta({ id: `${area[0]?.toUpperCase()}${area.slice(1)}Item` }),
  ]),
) as unknown as Record<SubjectArea, z.ZodObject>;

export const areasInputSchema = z
  .object(
    Object.fromEntries(
      (Object.keys(SUBJECT_AREAS) as SubjectArea[]).map((area) => [
        area,
        z.array(itemInputSchemas[area]).max(200).optional(),
      ]),
    ),
  )
  .strict();

export const sourceRefSchema = z.object({
  system: z.string().min(1).max(20).describe('Registered source system code, e.g. CORE'),
  customerNo: z.string().min(1).max(64).describe("The source system's own customer number"),
});

export const createCustomerBodySchema = z
  .object({
    kind: z.enum(CUSTOMER_KINDS),
    source: sourceRefSchema,
    attributes: attributesInputSchema,
    ext: extInputSchema.optional(),
    areas: areasInputSchema.optional(),
  })
  .strict()
  .meta({ id: 'CreateCustomerRequest' });

export const lineageSchema = z
  .object({
    rule: z.string(),
    system: z.string().optional(),
    customerNo: z.string().optional(),
    at: z.string(),
    by: z.string().optional(),
    reason: z.string().optional(),
    derivedFrom: z.string().optional(),
    fallback: z.boolean().optional(),
  })
  .meta({ id: 'Lineage' });

const sourceRefViewSchema = sourceRefSchema.extend({
  linkedAt: z.string(),
  decision: z.string(),
  ruleCode: z.string().nullable(),
  active: z.boolean(),
});

export const customerViewSchema = z
  .object({
    ecifNo: z.string(),
    kind: z.enum(CUSTOMER_KINDS),
    status: z.enum(CUSTOMER_STATUSES),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deactivatedAt: z.string().nullable(),
    deactivationReason: z.string().nullable(),
    resolvedFrom: z.string().optional().describe('The retired number that was requested'),
    attributes: attributesOutputSchema,
    ext: z.record(z.string(), extValue),
    lineage: z.record(z.string(), lineageSchema),
    qualityIssues: list(issueSchema),
    completeness: z.number().int().describe('0–100'),
    missingItems: list(z.string()),
    sourceRefs: list(sourceRefViewSchema),
    areas: z
      .object(
        Object.fromEntries(
          (Object.keys(SUBJECT_AREAS) as SubjectArea[]).map((a) => [
            a,
            list(itemViewSchemas[a]).optional(),
          ]),
        ),
      )
      .optional(),
  })
  .meta({ id: 'Customer' });

export const customerAsOfSchema = z
  .object({
    ecifNo: z.string(),
    asOf: z.string(),
    version: z.number().int(),
    status: z.string(),
    attributes: attributesOutputSchema,
    ext: z.record(z.string(), extValue),
    contacts: list(z.object({ id: z.string(), values: z.record(z.string(), extValue) })),
    events: list(z.object({ id: z.string(), values: z.record(z.string(), extValue) })),
  })
  .meta({ id: 'CustomerAsOf' });

export const identificationResultSchema = z
  .object({
    outcome: z.enum(['created', 'identified']),
    ruleCode: z.string().nullable(),
    suspects: list(z.object({ ecifNo: z.string(), ruleCode: z.string() })),
    warnings: list(issueSchema),
    changed: z.boolean(),
    customer: customerViewSchema,
  })
  .meta({ id: 'IdentificationResult' });

export const writeResultSchema = z
  .object({ customer: customerViewSchema, changed: z.boolean(), warnings: list(issueSchema) })
  .meta({ id: 'CustomerWriteResult' });

export const customerSummarySchema = z
  .object({
    ecifNo: z.string(),
    kind: z.enum(CUSTOMER_KINDS),
    status: z.enum(CUSTOMER_STATUSES),
    name: z.string(),
    idType: z.string().nullable(),
    idNoMasked: z.string().nullable(),
    creditCode: z.string().nullable(),
    score: z.number().optional(),
  })
  .meta({ id: 'CustomerSummary' });

export const historyEntrySchema = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    at: z.string(),
    area: z.string(),
    itemId: z.string().nullable(),
    operation: z.string(),
    changedFields: list(z.string()),
    actor: z.string(),
    sourceSystem: z.string().nullable(),
    requestId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'HistoryEntry' });

export const patchCustomerBodySchema = z
  .object({
    source: sourceRefSchema
      .optional()
      .describe('Present: the source corrects its record. Absent: a manual override.'),
    attributes: attributesInputSchema.optional(),
    ext: extInputSchema.optional(),
    reason: z.string().max(200).optional(),
    version: z.number().int().positive().optional().describe('Alternative to the If-Match header'),
  })
  .strict()
  .meta({ id: 'PatchCustomerRequest' });

export const lifecycleBodySchema = z
  .object({
    reason: z.string().min(1).max(200),
    version: z.number().int().positive().optional(),
  })
  .strict();
