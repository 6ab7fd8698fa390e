import { CUSTOMER_KINDS, SURVIVORSHIP_STRATEGIES } from '@ecif/core';
import {
  listReferenceData,
  putCodeMapping,
  putExtensionAttribute,
  putSourceSystem,
  putSurvivorshipRule,
  putUpdateRight,
} from '@ecif/hub';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { errorResponses, list } from './common.schemas.ts';

const code = z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/);
const sourceSystemSchema = z.object({
  code,
  name: z.string().min(1).max(50),
  trustRank: z.number().int().min(1).max(1000),
  isCore: z.boolean(),
  active: z.boolean(),
});
const survivorshipSchema = z.object({
  field: z.string(),
  strategy: z.enum(SURVIVORSHIP_STRATEGIES),
  sourcePriority: z.array(z.string()),
  allowManualOverride: z.boolean(),
});
const extensionSchema = z.object({
  name: z.string().regex(/^[a-z][A-Za-z0-9]{1,49}$/),
  type: z.enum(['text', 'code', 'date', 'datetime', 'number', 'integer', 'boolean']),
  codeSet: z.string().optional(),
  maxLength: z.number().int().positive().max(10_000).optional(),
  kinds: z.array(z.enum(CUSTOMER_KINDS)).min(1),
  label: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
});
const referenceSchema = z.object({
  sourceSystems: list(sourceSystemSchema),
  codeSets: list(
    z.object({
      codeSet: z.string(),
      values: list(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
    }),
  ),
  codeMappings: list(
    z.object({
      system: z.string(),
      codeSet: z.string(),
      sourceCode: z.string(),
      standardCode: z.string(),
    }),
  ),
  extensions: list(extensionSchema.extend({ kinds: list(z.enum(CUSTOMER_KINDS)) })),
  identificationRules: list(
    z.object({
      code: z.string(),
      kind: z.enum(CUSTOMER_KINDS),
      tier: z.number(),
      name: z.string(),
      keys: list(z.string()),
      autoMerge: z.boolean(),
    }),
  ),
  survivorshipRules: list(survivorshipSchema.extend({ sourcePriority: list(z.string()) })),
  updateRights: list(z.object({ system: z.string(), field: z.string(), allowed: z.boolean() })),
});
const ok = z.object({ ok: z.literal(true) });

/** The bank's configuration as data (R-E3 code standard, R-E5 survivorship and update rights). */
export function registerReferenceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const store = deps.reference;
  const tags = ['reference'];

  r.get(
    '/api/v1/reference',
    {
      schema: {
        tags,
        summary: 'All configuration: source systems, code sets, mappings, rules',
        response: { 200: referenceSchema, ...errorResponses },
      },
    },
    () => listReferenceData(store),
  );
  r.put(
    '/api/v1/reference/source-systems/:code',
    {
      schema: {
        tags,
        summary: 'Register or change a source system',
        params: z.object({ code }),
        body: sourceSystemSchema.omit({ code: true }),
        response: { 200: ok, ...errorResponses },
      },
    },
    async (request) => {
      await putSourceSystem(db, store, { code: request.params.code, ...request.body });
      return { ok: true as const };
    },
  );
  r.put(
    '/api/v1/reference/code-mappings/:system/:codeSet/:sourceCode',
    {
      schema: {
        tags,
        summary: "Map a source system's code to the standard code (代码映射)",
        params: z.object({ system: code, codeSet: code, sourceCode: z.string().min(1).max(40) }),
        body: z.object({ standardCode: z.string().min(1).max(40) }),
        response: { 200: ok, ...errorResponses },
      },
    },
    async (request) => {
      await putCodeMapping(db, store, {
        ...request.params,
        standardCode: request.body.standardCode,
      });
      return { ok: true as const };
    },
  );
  r.put(
    '/api/v1/reference/survivorship-rules/:field',
    {
      schema: {
        tags,
        summary: 'Set the survivorship rule of an attribute (信息覆盖规则)',
        params: z.object({ field: z.string().max(60) }),
        body: survivorshipSchema.omit({ field: true }),
        response: { 200: ok, ...errorResponses },
      },
    },
    async (request) => {
      await putSurvivorshipRule(db, store, { field: request.params.field, ...request.body });
      return { ok: true as const };
    },
  );
  r.put(
    '/api/v1/reference/update-rights/:system/:field',
    {
      schema: {
        tags,
        summary: 'Allow or forbid a source system to change a field',
        params: z.object({ system: code, field: z.string().max(60) }),
        body: z.object({ allowed: z.boolean() }),
        response: { 200: ok, ...errorResponses },
      },
    },
    async (request) => {
      await putUpdateRight(db, store, { ...request.params, allowed: request.body.allowed });
      return { ok: true as const };
    },
  );
  r.put(
    '/api/v1/reference/extensions/:name',
    {
      schema: {
        tags,
        summary: 'Register an extension attribute (no migration needed)',
        params: z.object({ name: extensionSchema.shape.name }),
        body: extensionSchema.omit({ name: true }),
        response: { 200: ok, ...errorResponses },
      },
    },
    async (request) => {
      const { codeSet, maxLength, ...rest } = request.body;
      await putExtensionAttribute(db, store, {
        name: request.params.name,
        ...rest,
        ...(codeSet ? { codeSet } : {}),
        ...(maxLength ? { maxLength } : {}),
      });
      return { ok: true as const };
    },
  );
}
