import { isValidEcifNo } from '@ecif/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mobile,
  newCorporate,
  newIndividual,
  residentId,
} from '../../../packages/hub/test/factories.ts';
import { createTestApp, json, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('POST /api/v1/customers (create or identify)', () => {
  it('creates a customer with a checked number, standardized values and lineage', async () => {
    const legacy15 =
      residentId('1962-03-08', '360121', false).slice(0, 6) +
      residentId('1962-03-08', '360121', false).slice(8, 17);
    const res = await t.post(
      '/api/v1/customers',
      newIndividual({ attributes: { name: '  刘秀英 ', idNo: legacy15 } }),
    );
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(body.outcome).toBe('created');
    expect(isValidEcifNo(body.customer.ecifNo)).toBe(true);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/customers/${body.customer.ecifNo}`);
    const a = body.customer.attributes;
    expect(a.name).toBe('刘秀英');
    expect(a.idNo).toHaveLength(18);
    expect(a.idNo.slice(6, 14)).toBe('19620308');
    expect(a.birthDate).toBe('1962-03-08');
    expect(a.gender).toBe('2');
    expect(body.warnings.map((w: { code: string }) => w.code)).toContain('ID_CONVERTED_15_TO_18');
    expect(body.customer.lineage.birthDate).toMatchObject({
      system: 'CORE',
      derivedFrom: 'idNo',
      rule: 'sourcePriority',
    });
    expect(body.customer.sourceRefs).toEqual([
      expect.objectContaining({ system: 'CORE', decision: 'created' }),
    ]);
  });

  it('is idempotent: the same message again changes nothing', async () => {
    const input = newIndividual({
      areas: { contacts: [{ contactType: 'MOBILE', value: mobile() }] },
    });
    const first = json(await t.post('/api/v1/customers', input));
    const again = await t.post('/api/v1/customers', input);
    expect(again.statusCode).toBe(200);
    const body = json(again);
    expect(body).toMatchObject({ outcome: 'identified', ruleCode: 'SOURCE_REF', changed: false });
    expect(body.customer.ecifNo).toBe(first.customer.ecifNo);
    expect(body.customer.version).toBe(first.customer.version);
    const history = json(await t.get(`/api/v1/customers/${first.customer.ecifNo}/history`));
    expect(history.items).toHaveLength(2); // basic create + the contact
  });

  it('stays idempotent with amounts given to more decimals than are kept', async () => {
    const input = newIndividual({
      attributes: { annualIncome: 1234.567 },
      areas: {
        accounts: [{ accountNo: '360101000099999', accountType: 'DEPOSIT', balance: 100.005 }],
        analysis: [{ metric: 'AUM', period: '2026', value: 1.23456 }],
      },
    });
    const first = json(await t.post('/api/v1/customers', input));
    expect(first.customer.attributes.annualIncome).toBe(1234.57);
    const again = json(await t.post('/api/v1/customers', input));
    expect(again).toMatchObject({ changed: false, customer: { version: first.customer.version } });
  });

  it('links a second source as a change of the customer (history and version)', async () => {
    const core = newIndividual({ attributes: { name: '钟华' } });
    const first = json(await t.post('/api/v1/customers', core));
    const linked = json(
      await t.post('/api/v1/customers', {
        ...core,
        source: { system: 'EBANK', customerNo: 'EB-1' },
      }),
    );
    expect(linked.customer.version).toBe(first.customer.version + 1);
    const history = json(await t.get(`/api/v1/customers/${first.customer.ecifNo}/history`)).items;
    expect(history[0]).toMatchObject({ area: 'xref', operation: 'link', sourceSystem: 'EBANK' });
  });

  it('identifies the same person from another system at the highest tier (P1) and links it', async () => {
    const core = newIndividual({ attributes: { name: '王建华' } });
    const created = json(await t.post('/api/v1/customers', core));
    const loan = await t.post('/api/v1/customers', {
      ...core,
      source: { system: 'LOAN', customerNo: 'L-1' },
      attributes: { ...core.attributes, idType: '0', gender: 'M', employer: '南昌县莲塘镇农机站' },
    });
    expect(loan.statusCode).toBe(200);
    const body = json(loan);
    expect(body).toMatchObject({ outcome: 'identified', ruleCode: 'P1' });
    expect(body.customer.ecifNo).toBe(created.customer.ecifNo);
    expect(body.customer.sourceRefs.map((r: { system: string }) => r.system).sort()).toEqual([
      'CORE',
      'LOAN',
    ]);
    expect(body.customer.attributes.employer).toBe('南昌县莲塘镇农机站');
    expect(body.customer.lineage.employer).toMatchObject({ system: 'LOAN' });
  });

  it('puts a same-ID different-name record on the similar list instead of merging (seed 004)', async () => {
    const core = newIndividual({ attributes: { name: '陈明' } });
    const first = json(await t.post('/api/v1/customers', core));
    const res = await t.post('/api/v1/customers', {
      ...core,
      source: { system: 'CARD', customerNo: 'K-1' },
      attributes: { ...core.attributes, name: '陈鸣' },
    });
    expect(res.statusCode).toBe(201);
    expect(json(res).suspects).toEqual([{ ecifNo: first.customer.ecifNo, ruleCode: 'P2' }]);
  });

  it('never identifies an ID type "other" automatically', async () => {
    const other = newIndividual({ attributes: { name: '赵六', idType: 'OTHER', idNo: 'X123456' } });
    const first = await t.post('/api/v1/customers', other);
    const second = await t.post('/api/v1/customers', {
      ...other,
      source: { system: 'LOAN', customerNo: 'L-other' },
    });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(json(second).customer.ecifNo).not.toBe(json(first).customer.ecifNo);
  });

  it('identifies a corporate by organization code + name, the code taken from the credit code', async () => {
    const corp = newCorporate();
    const created = json(await t.post('/api/v1/customers', corp));
    expect(created.customer.attributes.orgCode).toBe(corp.attributes.creditCode.slice(8, 17));
    const again = await t.post('/api/v1/customers', {
      kind: 'corporate',
      source: { system: 'LOAN', customerNo: 'LC-1' },
      attributes: {
        name: corp.attributes.name,
        orgCode: `${corp.attributes.creditCode.slice(8, 16)}-${corp.attributes.creditCode.slice(16, 17)}`,
      },
    });
    expect(json(again)).toMatchObject({ outcome: 'identified', ruleCode: 'O1' });
  });

  it('creates exactly one customer when two systems send the same new person at once', async () => {
    const person = newIndividual({ attributes: { name: '孙丽' } });
    const results = await Promise.all(
      ['CORE', 'LOAN', 'CARD', 'WEALTH'].map((system, i) =>
        t.post('/api/v1/customers', { ...person, source: { system, customerNo: `P-${i}` } }),
      ),
    );
    const numbers = new Set(results.map((r) => json(r).customer.ecifNo));
    expect(numbers.size).toBe(1);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
  });

  it('accepts the nine subject areas on create and standardizes them', async () => {
    const res = await t.post(
      '/api/v1/customers',
      newIndividual({
        areas: {
          contacts: [
            { contactType: 'MOBILE', value: '+86 138-0013-8000' },
            { contactType: 'EMAIL', value: 'Li.Si@Example.COM' },
          ],
          addresses: [
            { addressType: 'RESIDENTIAL', fullText: '江西省南昌市南昌县莲塘镇东湖村3组12号' },
          ],
          accounts: [
            {
              accountNo: '6217 9900 0000 0000 03',
              accountType: 'DEPOSIT',
              currency: 'CNY',
              balance: 1200.5,
            },
          ],
          risk: [
            { asOfDate: '20261031', fiveLevelClass: '1', creditLimit: 100000, creditUsed: 20000 },
          ],
          events: [
            { eventType: 'VISIT', occurredAt: '2026-11-01T08:00:00+08:00', summary: '走访' },
          ],
        },
      }),
    );
    expect(res.statusCode).toBe(201);
    const ecifNo = json(res).customer.ecifNo as string;
    const contacts = json(await t.get(`/api/v1/customers/${ecifNo}/contacts`)).items;
    // Both are created in the same millisecond: their order is not part of the contract.
    expect(contacts.map((c: { values: { value: string } }) => c.values.value).sort()).toEqual([
      '13800138000',
      'Li.Si@example.com',
    ]);
    const address = json(await t.get(`/api/v1/customers/${ecifNo}/addresses`)).items[0].values;
    expect(address).toMatchObject({
      province: '江西省',
      city: '南昌市',
      county: '南昌县',
      town: '莲塘镇',
    });
    const view = json(await t.get(`/api/v1/customers/${ecifNo}?include=accounts,risk,events`));
    expect(view.areas.accounts[0].values.accountNo).toBe('621799000000000003');
    expect(view.areas.risk[0].values.asOfDate).toBe('2026-10-31');
    expect(view.areas.events[0].values.occurredAt).toBe('2026-11-01T00:00:00.000Z');
    expect(view.missingItems).not.toContain('contacts');
  });
});

describe('bad input gets a 4xx naming the field', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    [
      'bad ID check digit',
      { attributes: { name: '张三', idType: 'RESIDENT_ID', idNo: '11010519491231002Y' } },
      'idNo',
      'ECIF_VALIDATION',
    ],
    [
      'impossible birth date',
      { attributes: { name: '张三', idType: 'RESIDENT_ID', idNo: '110105194902300020' } },
      'idNo',
      'ECIF_VALIDATION',
    ],
    [
      'unknown code',
      { attributes: { name: '张三', maritalStatus: '77' } },
      'maritalStatus',
      'ECIF_VALIDATION',
    ],
    [
      'unknown attribute',
      { attributes: { name: '张三', shoeSize: 42 } },
      'attributes.shoeSize',
      'ECIF_VALIDATION',
    ],
    [
      'wrong type',
      { attributes: { name: '张三', householdSize: 'four' } },
      'attributes.householdSize',
      'ECIF_VALIDATION',
    ],
    [
      'missing name',
      { attributes: { idType: 'PASSPORT', idNo: 'E1234567' } },
      'name',
      'ECIF_VALIDATION',
    ],
    [
      'corporate field on a person',
      { attributes: { name: '张三', creditCode: '91440300708461136T' } },
      'creditCode',
      'ECIF_VALIDATION',
    ],
    [
      'bad phone',
      {
        attributes: { name: '张三' },
        areas: { contacts: [{ contactType: 'MOBILE', value: '12345' }] },
      },
      'contacts[0].value',
      'ECIF_VALIDATION',
    ],
    [
      'unregistered extension',
      { attributes: { name: '张三' }, ext: { favouriteColour: 'red' } },
      'ext.favouriteColour',
      'ECIF_VALIDATION',
    ],
    [
      'unknown source system',
      { source: { system: 'NOPE', customerNo: '1' }, attributes: { name: '张三' } },
      'source.system',
      'ECIF_UNKNOWN_SOURCE_SYSTEM',
    ],
    [
      'unknown top-level key',
      { attributes: { name: '张三' }, colour: 'red' },
      'colour',
      'ECIF_VALIDATION',
    ],
  ];
  it.each(cases)('%s', async (_label, patch, field, code) => {
    const res = await t.post('/api/v1/customers', {
      kind: 'individual',
      source: { system: 'CORE', customerNo: 'BAD' },
      ...patch,
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const body = json(res);
    expect(body.error.code).toBe(code);
    expect(body.error.requestId).toBeTruthy();
    expect(body.error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
  });

  it('rejects NUL bytes anywhere in the input, naming the field', async () => {
    const body = newIndividual({ customerNo: 'NUL\u0000' });
    const res = await t.post('/api/v1/customers', body);
    expect(res.statusCode).toBe(400);
    expect(json(res).error.details.issues[0]).toMatchObject({
      field: 'source.customerNo',
      code: 'CONTROL_CHARACTER',
    });
    const query = await t.get('/api/v1/customers?phone=138%00');
    expect(json(query).error.details.issues[0].field).toBe('querystring.phone');
  });

  it('rejects out-of-range numbers and dates instead of failing in the database', async () => {
    const res = await t.post(
      '/api/v1/customers',
      newIndividual({
        attributes: { householdSize: 3_000_000_000 },
        areas: {
          events: [
            { eventType: 'VISIT', occurredAt: '0000-01-01T00:00:00Z', summary: 'x' },
            { eventType: 'VISIT', occurredAt: '2026-02-30T10:00:00+08:00', summary: 'y' },
          ],
        },
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(
      json(res)
        .error.details.issues.map((i: { field: string }) => i.field)
        .sort(),
    ).toEqual(['events[0].occurredAt', 'events[1].occurredAt', 'householdSize']);
    expect(
      (await t.get('/api/v1/customers/100000000016?asOf=0000-01-01T00:00:00Z')).statusCode,
    ).toBe(400);
  });

  it('rejects malformed JSON and unknown routes with documented codes', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      payload: '{"kind":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(json(malformed).error.code).toBe('ECIF_VALIDATION');
    const missing = await t.get('/api/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(json(missing).error.code).toBe('ECIF_ROUTE_NOT_FOUND');
  });

  it('keeps nothing of a rejected request', async () => {
    const res = await t.post(
      '/api/v1/customers',
      newIndividual({
        customerNo: 'ROLLBACK',
        areas: { contacts: [{ contactType: 'MOBILE', value: '1' }] },
      }),
    );
    expect(res.statusCode).toBe(400);
    expect((await t.get('/api/v1/customers/by-source/CORE/ROLLBACK')).statusCode).toBe(404);
  });
});
