import { SUBJECT_AREA_NAMES, type SubjectArea } from '@ecif/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardNo, mobile, newIndividual } from '../../../packages/hub/test/factories.ts';
import { createTestApp, json, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** One valid item per area, and one change to make to it. */
const SAMPLES: Record<
  SubjectArea,
  {
    add: Record<string, unknown>;
    patch: Record<string, unknown>;
    bad: [Record<string, unknown>, string];
  }
> = {
  contacts: {
    add: { contactType: 'MOBILE', value: mobile() },
    patch: { isPrimary: true },
    bad: [{ value: '12' }, 'contacts.value'],
  },
  addresses: {
    add: { addressType: 'MAILING', fullText: '江西省赣州市瑞金市象湖镇' },
    patch: { postalCode: '342500' },
    bad: [{ addressType: 'MOON' }, 'addresses.addressType'],
  },
  relations: {
    add: { relationType: 'SPOUSE', relatedName: '李四' },
    patch: { startDate: '2001-05-01' },
    bad: [{ startDate: '2001-02-30' }, 'relations.startDate'],
  },
  accounts: {
    add: { accountNo: cardNo(), accountType: 'DEBIT_CARD' },
    patch: { balance: 10.5 },
    bad: [{ currency: 'XYZ' }, 'accounts.currency'],
  },
  resources: {
    add: { resourceType: 'MORTGAGE', description: '农村住房一套' },
    patch: { valueAmount: 300000 },
    bad: [{ valueAmount: -1 }, 'resources.valueAmount'],
  },
  events: {
    add: {
      eventType: 'COMPLAINT',
      occurredAt: '2026-10-01T09:00:00+08:00',
      summary: '柜台排队时间长',
    },
    patch: { channel: 'COUNTER' },
    bad: [{ occurredAt: 'yesterday' }, 'events.occurredAt'],
  },
  analysis: {
    add: { metric: 'CONTRIBUTION', period: '2026-Q3', value: 87.5 },
    patch: { value: 90 },
    bad: [{ period: 'Q3' }, 'analysis.period'],
  },
  risk: {
    add: { asOfDate: '2026-09-30', fiveLevelClass: '2' },
    patch: { blacklisted: false },
    bad: [{ fiveLevelClass: '9' }, 'risk.fiveLevelClass'],
  },
};

describe.each(SUBJECT_AREA_NAMES)('subject area %s', (area) => {
  it('lists, adds, patches and removes items, each write versioned and in the history', async () => {
    const created = json(await t.post('/api/v1/customers', newIndividual())).customer;
    const url = `/api/v1/customers/${created.ecifNo}/${area}`;
    const sample = SAMPLES[area];
    const noVersion = await t.post(url, sample.add);
    expect(noVersion.statusCode).toBe(428);
    const added = json(await t.post(url, sample.add, { 'if-match': `"${created.version}"` }));
    expect(added.changed).toBe(true);
    expect(added.customerVersion).toBe(created.version + 1);
    const id = added.item.id as string;
    const patched = json(
      await t.patch(`${url}/${id}`, sample.patch, { 'if-match': `"${added.customerVersion}"` }),
    );
    expect(patched.item.values).toMatchObject(sample.patch);
    const [badInput, badField] = sample.bad;
    const bad = await t.patch(`${url}/${id}`, badInput, {
      'if-match': `"${patched.customerVersion}"`,
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.details.issues.map((i: { field: string }) => i.field)).toContain(
      badField,
    );
    expect(json(await t.get(url)).items.map((i: { id: string }) => i.id)).toContain(id);
    const removed = await t.del(`${url}/${id}`, { 'if-match': `"${patched.customerVersion}"` });
    expect(removed.statusCode).toBe(200);
    expect(json(await t.get(url)).items.map((i: { id: string }) => i.id)).not.toContain(id);
    const history = json(
      await t.get(`/api/v1/customers/${created.ecifNo}/history?limit=50`),
    ).items.filter((h: { area: string }) => h.area === area);
    expect(history.map((h: { operation: string }) => h.operation)).toEqual([
      'remove',
      'update',
      'create',
    ]);
  });
});

it('registers and changes a source system', async () => {
  const put = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/reference/source-systems/AGRI_INS',
    payload: { name: '农业保险代理系统', trustRank: 12, isCore: false, active: true },
  });
  expect(put.statusCode).toBe(200);
  expect(
    json(await t.post('/api/v1/customers', newIndividual({ system: 'AGRI_INS' }))).outcome,
  ).toBe('created');
  await t.app.inject({
    method: 'PUT',
    url: '/api/v1/reference/source-systems/AGRI_INS',
    payload: { name: '农业保险代理系统', trustRank: 12, isCore: false, active: false },
  });
  const inactive = await t.post('/api/v1/customers', newIndividual({ system: 'AGRI_INS' }));
  expect(json(inactive).error.code).toBe('ECIF_UNKNOWN_SOURCE_SYSTEM');
  const badCode = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/reference/source-systems/bad-code',
    payload: { name: 'x', trustRank: 1, isCore: false, active: true },
  });
  expect(json(badCode).error.details.issues[0].field).toBe('params.code');
});
