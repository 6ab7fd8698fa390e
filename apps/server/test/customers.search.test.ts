import { formatEcifNo } from '@ecif/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardNo, mobile, newIndividual, residentId } from '../../../packages/hub/test/factories.ts';
import { createTestApp, json, type TestApp } from './test-app.ts';

let t: TestApp;
const phone = mobile();
const card = cardNo();
const id = residentId('1978-11-02', '360124', true);
let ecifNo = '';

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.post(
    '/api/v1/customers',
    newIndividual({
      attributes: { name: '欧阳娜娜', idNo: id },
      areas: {
        contacts: [{ contactType: 'MOBILE', value: phone }],
        accounts: [{ accountNo: card, accountType: 'DEBIT_CARD' }],
      },
    }),
  );
  ecifNo = json(res).customer.ecifNo;
  for (const name of ['张伟', '張偉', '章玮', '王芳'])
    await t.post('/api/v1/customers', newIndividual({ attributes: { name } }));
});
afterAll(async () => t.close());

const search = async (query: string) =>
  json(await t.get(`/api/v1/customers?${query}`)).items as {
    ecifNo: string;
    name: string;
    idNoMasked: string;
  }[];

describe('GET /api/v1/customers (lookup services)', () => {
  it('finds by ID type + number, masking the number in the list', async () => {
    const items = await search(`idType=RESIDENT_ID&idNo=${id}`);
    expect(items.map((i) => i.ecifNo)).toEqual([ecifNo]);
    expect(items[0]?.idNoMasked).toBe(`${id[0]}${'*'.repeat(16)}${id[17]}`);
  });

  it('finds by a legacy 15-digit number and by lowercase x', async () => {
    expect((await search(`idNo=${id.slice(0, 6)}${id.slice(8, 17)}`)).map((i) => i.ecifNo)).toEqual(
      [ecifNo],
    );
    expect((await search(`idNo=${id.toLowerCase()}`)).map((i) => i.ecifNo)).toEqual([ecifNo]);
  });

  it('finds by phone however it is written (incoming-call screen pop)', async () => {
    for (const spelled of [
      phone,
      `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
      `0086-${phone}`,
    ]) {
      expect((await search(`phone=${encodeURIComponent(spelled)}`)).map((i) => i.ecifNo)).toEqual([
        ecifNo,
      ]);
    }
  });

  it('finds by account or card number', async () => {
    expect((await search(`accountNo=${card}`)).map((i) => i.ecifNo)).toEqual([ecifNo]);
  });

  it('finds fuzzy names, pinyin and initials', async () => {
    expect((await search(`name=${encodeURIComponent('欧阳娜')}`)).map((i) => i.name)).toContain(
      '欧阳娜娜',
    );
    expect((await search('name=ouyang')).map((i) => i.name)).toContain('欧阳娜娜');
    expect((await search('name=oynn')).map((i) => i.name)).toContain('欧阳娜娜');
    const zw = (await search('name=zw')).map((i) => i.name);
    expect(zw).toEqual(expect.arrayContaining(['张伟', '章玮']));
    expect(zw).not.toContain('王芳');
  });

  it('requires a criterion and validates paging', async () => {
    expect(json(await t.get('/api/v1/customers')).error.details.issues[0].field).toBe(
      'querystring',
    );
    const bad = await t.get('/api/v1/customers?name=x&limit=5000');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.details.issues[0].field).toBe('querystring.limit');
  });

  it('returns 400 for a malformed customer number and 404 for an unknown one', async () => {
    expect(json(await t.get('/api/v1/customers/123')).error.details.issues[0].field).toBe(
      'params.ecifNo',
    );
    const wrongCheck = ecifNo.slice(0, 11) + String((Number(ecifNo[11]) + 1) % 10);
    expect(json(await t.get(`/api/v1/customers/${wrongCheck}`)).error.details.issues[0].code).toBe(
      'ECIF_NO_FORMAT',
    );
    expect(
      (await t.get(`/api/v1/customers/${formatEcifNo('individual', 9_999_999_999)}`)).statusCode,
    ).toBe(404);
  });

  it('resolves a source reference', async () => {
    const res = await t.get('/api/v1/customers/by-source/CORE/nope');
    expect(res.statusCode).toBe(404);
    expect(json(res).error.code).toBe('ECIF_CUSTOMER_NOT_FOUND');
  });
});
