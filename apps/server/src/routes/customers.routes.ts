import { EcifError, SUBJECT_AREA_NAMES, type SubjectArea } from '@ecif/core';
import {
  createOrIdentify,
  customerAsOf,
  customerHistory,
  getCustomer,
  getCustomerBySource,
  searchCustomers,
  setCustomerActive,
  updateCustomer,
} from '@ecif/hub';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { opContext } from '../http/op-context.ts';
import { etag, expectedVersion } from '../http/versioning.ts';
import { ecifNoParam, errorResponses, list, pageQuery, versionHeaders } from './common.schemas.ts';
import {
  createCustomerBodySchema,
  customerAsOfSchema,
  customerSummarySchema,
  customerViewSchema,
  historyEntrySchema,
  identificationResultSchema,
  lifecycleBodySchema,
  patchCustomerBodySchema,
  writeResultSchema,
} from './customers.schemas.ts';

const includeParam = z
  .string()
  .regex(/^[a-z]+(,[a-z]+)*$/)
  .optional()
  .describe(`Subject areas to embed, comma separated: ${SUBJECT_AREA_NAMES.join(',')}`);

function parseInclude(value: string | undefined): SubjectArea[] {
  if (!value) return [];
  const areas = value.split(',');
  const bad = areas.filter((a) => !(SUBJECT_AREA_NAMES as string[]).includes(a));
  if (bad.length > 0) {
    throw new EcifError('ECIF_VALIDATION', `Unknown subject area: ${bad.join(', ')}`, {
      issues: [
        {
          field: 'querystring.include',
          code: 'AREA_UNKNOWN',
          message: `unknown area ${bad.join(', ')}`,
          severity: 'error',
        },
      ],
    });
  }
  return areas as SubjectArea[];
}

export function registerCustomerRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;

  r.post(
    '/api/v1/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Create or identify a customer (客户唯一性校验 + 新增)',
        description:
          'Looks the record up by its source reference, then by the exact identification tiers; returns the existing customer (200) when identified, else creates one (201). Resending the same request changes nothing.',
        headers: versionHeaders,
        body: createCustomerBodySchema,
        response: {
          200: identificationResultSchema,
          201: identificationResultSchema,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const result = await createOrIdentify(
        db,
        await deps.reference.get(),
        request.body,
        opContext(request, `system:${request.body.source.system}`),
      );
      void reply
        .header('etag', etag(result.customer.version))
        .header('location', `/api/v1/customers/${result.customer.ecifNo}`);
      return reply.status(result.outcome === 'created' ? 201 : 200).send(result);
    },
  );

  r.get(
    '/api/v1/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Search customers by ID, phone, account number, credit code or fuzzy name',
        querystring: z
          .object({
            idType: z.string().max(30).optional(),
            idNo: z.string().max(40).optional(),
            phone: z.string().max(40).optional().describe('Incoming-call screen pop'),
            accountNo: z.string().max(40).optional(),
            creditCode: z.string().max(30).optional(),
            name: z
              .string()
              .min(1)
              .max(100)
              .optional()
              .describe('Fuzzy; Latin letters search pinyin and initials'),
            kind: z.enum(['individual', 'corporate', 'financial', 'group']).optional(),
            includeInactive: z.stringbool().optional(),
            ...pageQuery,
          })
          .strict(),
        response: {
          200: z.object({
            items: list(customerSummarySchema),
            limit: z.number(),
            offset: z.number(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      if (!q.idNo && !q.phone && !q.accountNo && !q.name && !q.creditCode) {
        throw new EcifError('ECIF_VALIDATION', 'Give at least one search criterion', {
          issues: [
            {
              field: 'querystring',
              code: 'CRITERION_REQUIRED',
              message: 'one of idNo, phone, accountNo, creditCode, name is required',
              severity: 'error',
            },
          ],
        });
      }
      const items = await searchCustomers(db, q);
      return { items, limit: q.limit, offset: q.offset };
    },
  );

  r.get(
    '/api/v1/customers/by-source/:system/:sourceCustomerNo',
    {
      schema: {
        tags: ['customers'],
        summary: "Customer by a source system's own customer number (客户号映射)",
        params: z.object({ system: z.string().max(20), sourceCustomerNo: z.string().max(64) }),
        response: { 200: customerViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await getCustomerBySource(
        db,
        request.params.system,
        request.params.sourceCustomerNo,
      );
      return reply.header('etag', etag(view.version)).send(view);
    },
  );

  r.get(
    '/api/v1/customers/:ecifNo',
    {
      schema: {
        tags: ['customers'],
        summary:
          'One customer (a retired number resolves to the survivor); ?asOf= shows a past state',
        params: z.object({ ecifNo: ecifNoParam }),
        querystring: z
          .object({
            include: includeParam,
            asOf: z.iso
              .datetime({ offset: true })
              .refine((v) => Number(v.slice(0, 4)) >= 1900, 'must be after 1900')
              .optional(),
          })
          .strict(),
        response: { 200: z.union([customerViewSchema, customerAsOfSchema]), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.query.asOf)
        return customerAsOf(db, request.params.ecifNo, new Date(request.query.asOf));
      const view = await getCustomer(db, request.params.ecifNo, {
        include: parseInclude(request.query.include),
      });
      if (view.resolvedFrom)
        void reply.header('content-location', `/api/v1/customers/${view.ecifNo}`);
      return reply.header('etag', etag(view.version)).send(view);
    },
  );

  r.patch(
    '/api/v1/customers/:ecifNo',
    {
      schema: {
        tags: ['customers'],
        summary: 'Modify basic attributes: a source correcting its record, or a steward override',
        params: z.object({ ecifNo: ecifNoParam }),
        headers: versionHeaders,
        body: patchCustomerBodySchema,
        response: { 200: writeResultSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { source, attributes, ext, reason, version } = request.body;
      const result = await updateCustomer(
        db,
        await deps.reference.get(),
        request.params.ecifNo,
        {
          source,
          attributes,
          ext,
          reason,
          expectedVersion: expectedVersion(request.headers['if-match'], version),
        },
        opContext(request, source ? `system:${source.system}` : 'anonymous'),
      );
      return reply.header('etag', etag(result.customer.version)).send(result);
    },
  );

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    r.post(
      `/api/v1/customers/:ecifNo/${action}`,
      {
        schema: {
          tags: ['customers'],
          summary: active
            ? 'Reactivate a deactivated customer'
            : 'Deactivate (logical delete, 逻辑删除) — never physical',
          params: z.object({ ecifNo: ecifNoParam }),
          headers: versionHeaders,
          body: lifecycleBodySchema,
          response: { 200: writeResultSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const result = await setCustomerActive(
          db,
          await deps.reference.get(),
          request.params.ecifNo,
          {
            active,
            reason: request.body.reason,
            expectedVersion: expectedVersion(request.headers['if-match'], request.body.version),
          },
          opContext(request),
        );
        return reply.header('etag', etag(result.customer.version)).send(result);
      },
    );
  }

  r.get(
    '/api/v1/customers/:ecifNo/history',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change history (历史轨迹): who changed what, when, from which source',
        params: z.object({ ecifNo: ecifNoParam }),
        querystring: z.object(pageQuery).strict(),
        response: {
          200: z.object({ items: list(historyEntrySchema), limit: z.number(), offset: z.number() }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      items: await customerHistory(db, request.params.ecifNo, request.query),
      limit: request.query.limit,
      offset: request.query.offset,
    }),
  );
}
