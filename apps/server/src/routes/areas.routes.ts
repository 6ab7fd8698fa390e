import { SUBJECT_AREAS, SUBJECT_AREA_NAMES, type SubjectArea } from '@ecif/core';
import { listAreaItems, maintainItem } from '@ecif/hub';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { opContext } from '../http/op-context.ts';
import { etag, expectedVersion } from '../http/versioning.ts';
import {
  ecifNoParam,
  errorResponses,
  issueSchema,
  list,
  versionHeaders,
} from './common.schemas.ts';
import { itemInputSchemas, itemPatchSchemas, itemViewSchemas } from './customers.schemas.ts';

const writeHeaders = versionHeaders.extend({
  'x-ecif-source-system': z
    .string()
    .max(20)
    .optional()
    .describe('Source system making the change, if any'),
});

/** Query and maintenance services per subject area (R-E2): one set of four routes per area. */
export function registerAreaRoutes(app: FastifyInstance, deps: AppDeps): void {
  for (const area of SUBJECT_AREA_NAMES) registerArea(app, deps, area);
}

function registerArea(app: FastifyInstance, deps: AppDeps, area: SubjectArea): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const label = `${SUBJECT_AREAS[area].label.zh} / ${SUBJECT_AREAS[area].label.en}`;
  const itemView = itemViewSchemas[area];
  const writeResult = z.object({
    item: itemView.nullable(),
    customerVersion: z.number().int(),
    changed: z.boolean(),
    warnings: list(issueSchema),
  });
  const base = `/api/v1/customers/:ecifNo/${area}`;
  const params = z.object({ ecifNo: ecifNoParam });
  const itemParams = params.extend({ itemId: z.uuid() });

  r.get(
    base,
    {
      schema: {
        tags: ['subject-areas'],
        summary: `List ${label}`,
        params,
        response: { 200: z.object({ items: list(itemView) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listAreaItems(db, request.params.ecifNo, area),
    }),
  );

  const write = async (
    request: {
      params: { ecifNo: string };
      headers: { 'if-match'?: string | undefined; 'x-ecif-source-system'?: string | undefined };
    },
    operation: Parameters<typeof maintainItem>[4],
    ctxRequest: Parameters<typeof opContext>[0],
  ) => {
    const result = await maintainItem(
      db,
      await deps.reference.get(),
      request.params.ecifNo,
      area,
      operation,
      {
        expectedVersion: expectedVersion(request.headers['if-match'], undefined),
        sourceSystem: request.headers['x-ecif-source-system'],
      },
      opContext(ctxRequest),
    );
    return {
      item: result.result ?? null,
      customerVersion: result.customer.version,
      changed: result.changed,
      warnings: result.warnings,
    };
  };

  r.post(
    base,
    {
      schema: {
        tags: ['subject-areas'],
        summary: `Add to ${label} (same natural key = update)`,
        params,
        headers: writeHeaders,
        body: itemInputSchemas[area],
        response: { 200: writeResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await write(request, { op: 'add', input: request.body }, request);
      return reply.header('etag', etag(result.customerVersion)).send(result);
    },
  );

  r.patch(
    `${base}/:itemId`,
    {
      schema: {
        tags: ['subject-areas'],
        summary: `Modify one item of ${label}`,
        params: itemParams,
        headers: writeHeaders,
        body: itemPatchSchemas[area],
        response: { 200: writeResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await write(
        request,
        { op: 'patch', itemId: request.params.itemId, input: request.body },
        request,
      );
      return reply.header('etag', etag(result.customerVersion)).send(result);
    },
  );

  r.delete(
    `${base}/:itemId`,
    {
      schema: {
        tags: ['subject-areas'],
        summary: `Remove one item of ${label} (kept in history)`,
        params: itemParams,
        headers: writeHeaders,
        response: { 200: writeResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await write(request, { op: 'remove', itemId: request.params.itemId }, request);
      return reply.header('etag', etag(result.customerVersion)).send(result);
    },
  );
}
