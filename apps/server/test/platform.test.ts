import { ErrorCode } from '@ecif/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIndividual } from '../../../packages/hub/test/factories.ts';
import { createTestApp, json, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('health, docs and reference data', () => {
  it('reports health and echoes the request id', async () => {
    const res = await t.get('/healthz', { 'x-request-id': 'abc-123' });
    expect(json(res)).toMatchObject({ status: 'ok' });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('publishes OpenAPI 3.1 with a response schema on every operation', async () => {
    const spec = json(await t.get('/openapi.json'));
    expect(spec.openapi).toBe('3.1.0');
    const operations = Object.entries(
      spec.paths as Record<
        string,
        Record<string, { responses: Record<string, { content?: unknown }> }>
      >,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(40);
    for (const { path, method, op } of operations) {
      const success = op.responses['200'] ?? op.responses['201'];
      expect(success?.content, `${method} ${path}`).toBeDefined();
    }
    expect((await t.get('/docs/')).statusCode).toBe(200);
  });

  it('lists and maintains the reference data, and uses a new mapping at once', async () => {
    const ref = json(await t.get('/api/v1/reference'));
    expect(ref.sourceSystems.map((s: { code: string }) => s.code)).toContain('CORE');
    expect(
      ref.identificationRules.find(
        (r: { code: string; kind: string }) => r.code === 'P1' && r.kind === 'individual',
      ),
    ).toMatchObject({ autoMerge: true });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/reference/code-mappings/WEALTH/MARITAL_STATUS/married',
      payload: { standardCode: '20' },
    });
    expect(put.statusCode).toBe(200);
    const res = await t.post(
      '/api/v1/customers',
      newIndividual({ system: 'WEALTH', attributes: { maritalStatus: 'married' } }),
    );
    expect(json(res).customer.attributes.maritalStatus).toBe('20');
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/reference/code-mappings/WEALTH/MARITAL_STATUS/x',
      payload: { standardCode: '77' },
    });
    expect(json(bad).error.details.issues[0].field).toBe('standardCode');
  });

  it('accepts a newly registered extension attribute without a migration', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/reference/extensions/greenhouseCount',
      payload: {
        type: 'integer',
        kinds: ['individual'],
        label: { zh: '大棚数量', en: 'Greenhouses' },
      },
    });
    expect(put.statusCode).toBe(200);
    const res = await t.post('/api/v1/customers', newIndividual({ ext: { greenhouseCount: 6 } }));
    expect(json(res).customer.ext).toEqual({ greenhouseCount: 6 });
    const wrong = await t.post(
      '/api/v1/customers',
      newIndividual({ ext: { greenhouseCount: 1.5 } }),
    );
    expect(json(wrong).error.details.issues[0]).toMatchObject({
      field: 'ext.greenhouseCount',
      code: 'INTEGER',
    });
  });

  it('forbids a field to a source system through the update rights', async () => {
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/reference/update-rights/WEALTH/employer',
      payload: { allowed: false },
    });
    const input = newIndividual({ system: 'WEALTH', attributes: { employer: '甲' } });
    const created = json(await t.post('/api/v1/customers', input)).customer;
    const res = await t.patch(`/api/v1/customers/${created.ecifNo}`, {
      source: input.source,
      attributes: { employer: '乙' },
      version: created.version,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('unexpected failures', () => {
  it('answer a generic 500 with a request id and no SQL or stack', async () => {
    const broken = await createTestApp();
    const created = json(await broken.post('/api/v1/customers', newIndividual())).customer;
    await broken.database.close(); // the database goes away under the running app
    const res = await broken.get(`/api/v1/customers/${created.ecifNo}`);
    expect(res.statusCode).toBe(500);
    const body = json(res);
    expect(body.error.code).toBe('ECIF_INTERNAL');
    expect(body.error.message).toBe(ErrorCode.ECIF_INTERNAL.message);
    expect(body.error.requestId).toBeTruthy();
    expect(res.body).not.toMatch(/select|customer_|\.ts|stack|destroyed|closed/i);
    const health = await broken.get('/healthz');
    expect(health.statusCode).toBe(503);
    await broken.close();
  });
});
