import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mobile, newIndividual, residentId } from '../../../packages/hub/test/factories.ts';
import { createTestApp, json, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function create(input = newIndividual()) {
  const res = await t.post('/api/v1/customers', input);
  expect(res.statusCode).toBe(201);
  return json(res).customer as {
    ecifNo: string;
    version: number;
    attributes: Record<string, unknown>;
  };
}

describe('PATCH /api/v1/customers/{ecifNo}: versioned writes', () => {
  it('requires the version read (428) and rejects a stale one (409)', async () => {
    const c = await create();
    const url = `/api/v1/customers/${c.ecifNo}`;
    const none = await t.patch(url, { attributes: { occupation: '5' } });
    expect(none.statusCode).toBe(428);
    expect(json(none).error.code).toBe('ECIF_PRECONDITION_REQUIRED');
    const ok = await t.patch(
      url,
      { attributes: { occupation: '5' } },
      { 'if-match': `"${c.version}"` },
    );
    expect(ok.statusCode).toBe(200);
    expect(json(ok).customer.version).toBe(c.version + 1);
    expect(ok.headers.etag).toBe(`"${c.version + 1}"`);
    const stale = await t.patch(
      url,
      { attributes: { occupation: '2' } },
      { 'if-match': `"${c.version}"` },
    );
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error).toMatchObject({
      code: 'ECIF_VERSION_CONFLICT',
      details: { currentVersion: c.version + 1 },
    });
  });

  it('lets exactly one of two concurrent writers with the same version win', async () => {
    const c = await create();
    const url = `/api/v1/customers/${c.ecifNo}`;
    const [a, b] = await Promise.all([
      t.patch(url, { attributes: { employer: '甲单位' }, version: c.version }),
      t.patch(url, { attributes: { employer: '乙单位' }, version: c.version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const final = json(await t.get(url));
    expect(final.version).toBe(c.version + 1);
  });

  it('keeps a manual override above every source until it is cleared', async () => {
    const input = newIndividual({ attributes: { name: '周杰', employer: '莲塘镇中学' } });
    const c = await create(input);
    const url = `/api/v1/customers/${c.ecifNo}`;
    const overridden = json(
      await t.patch(
        url,
        { attributes: { employer: '南昌县教育局' }, reason: '客户本人更正', version: c.version },
        { 'x-ecif-actor': 'steward01' },
      ),
    );
    expect(overridden.customer.attributes.employer).toBe('南昌县教育局');
    expect(overridden.customer.lineage.employer).toMatchObject({
      rule: 'manualOverride',
      by: 'steward01',
      reason: '客户本人更正',
    });
    // A later source value does not beat the override…
    await t.post('/api/v1/customers', {
      ...input,
      attributes: { ...input.attributes, employer: '莲塘镇第二中学' },
    });
    const still = json(await t.get(url));
    expect(still.attributes.employer).toBe('南昌县教育局');
    // …until the steward clears it.
    const cleared = json(
      await t.patch(url, { attributes: { employer: null }, version: still.version }),
    );
    expect(cleared.customer.attributes.employer).toBe('莲塘镇第二中学');
    expect(cleared.customer.lineage.employer).toMatchObject({
      rule: 'mostComplete',
      system: 'CORE',
    });
  });
});

describe('survivorship and update rights', () => {
  it('never lets a less trusted system overwrite a key field set by the core system', async () => {
    const core = newIndividual({ attributes: { name: '吴敏' } });
    const c = await create(core);
    // The card system knows the same person (same ID, same name) and spells the name with a typo later.
    await t.post('/api/v1/customers', {
      ...core,
      source: { system: 'CARD', customerNo: 'K-77' },
      attributes: { ...core.attributes, idType: '01' },
    });
    const res = await t.patch(`/api/v1/customers/${c.ecifNo}`, {
      source: { system: 'CARD', customerNo: 'K-77' },
      attributes: { name: '吴民' },
      version: json<{ version: number }>(await t.get(`/api/v1/customers/${c.ecifNo}`)).version,
    });
    expect(res.statusCode).toBe(403);
    expect(json(res).error.code).toBe('ECIF_FIELD_UPDATE_FORBIDDEN');
    expect(json(res).error.details.issues[0].field).toBe('attributes.name');
  });

  it('takes a non-key field from the most recent source and records which one', async () => {
    const core = newIndividual({ attributes: { name: '郑强', maritalStatus: '10' } });
    const c = await create(core);
    const loan = json(
      await t.post('/api/v1/customers', {
        ...core,
        source: { system: 'LOAN', customerNo: 'L-9' },
        attributes: { ...core.attributes, idType: '0', maritalStatus: 'M' },
      }),
    );
    expect(loan.customer.attributes.maritalStatus).toBe('20');
    expect(loan.customer.lineage.maritalStatus).toMatchObject({
      rule: 'mostRecent',
      system: 'LOAN',
      customerNo: 'L-9',
    });
    expect(loan.customer.ecifNo).toBe(c.ecifNo);
  });

  it('applies a changed survivorship rule from the reference data', async () => {
    const core = newIndividual({ attributes: { name: '冯娟', occupation: '5' } });
    const c = await create(core);
    await t.post('/api/v1/customers', {
      ...core,
      source: { system: 'WEALTH', customerNo: 'W-1' },
      attributes: { ...core.attributes, occupation: '2' },
    });
    expect(json(await t.get(`/api/v1/customers/${c.ecifNo}`)).attributes.occupation).toBe('2');
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/reference/survivorship-rules/occupation',
      payload: { strategy: 'sourcePriority', sourcePriority: ['CORE'], allowManualOverride: true },
    });
    expect(put.statusCode).toBe(200);
    // The rule applies at the next write of this customer.
    const again = json(
      await t.post('/api/v1/customers', {
        ...core,
        source: { system: 'WEALTH', customerNo: 'W-1' },
        attributes: { ...core.attributes, occupation: '3' },
      }),
    );
    expect(again.customer.attributes.occupation).toBe('5');
    expect(again.customer.lineage.occupation).toMatchObject({
      rule: 'sourcePriority',
      system: 'CORE',
    });
  });

  it('merges two customers when a source correction makes them the same person (seed 004)', async () => {
    const person = newIndividual({ attributes: { name: '黄海燕' } });
    const survivor = await create(person);
    const phone = mobile();
    const card = json(
      await t.post('/api/v1/customers', {
        kind: 'individual',
        source: { system: 'CARD', customerNo: 'K-merge' },
        attributes: { name: '黄海燕', idType: 'PASSPORT', idNo: 'E7654321' },
        areas: { contacts: [{ contactType: 'MOBILE', value: phone }] },
      }),
    );
    expect(card.customer.ecifNo).not.toBe(survivor.ecifNo);
    const cardVersion = card.customer.version as number;
    const corrected = await t.post('/api/v1/customers', {
      ...person,
      source: { system: 'CARD', customerNo: 'K-merge' },
      attributes: { ...person.attributes, idType: '01' },
    });
    expect(corrected.statusCode).toBe(200);
    const merged = json(corrected);
    expect(merged.customer.ecifNo).toBe(survivor.ecifNo);
    expect(merged.ruleCode).toBe('P1');
    // One request moves each customer's version exactly once.
    expect(merged.customer.version).toBe(survivor.version + 1);
    const retired = await t.get(`/api/v1/customers/${card.customer.ecifNo}`);
    expect(retired.statusCode).toBe(200);
    expect(json(retired)).toMatchObject({
      ecifNo: survivor.ecifNo,
      resolvedFrom: card.customer.ecifNo,
    });
    expect(
      json(retired)
        .sourceRefs.map((r: { system: string }) => r.system)
        .sort(),
    ).toEqual(['CARD', 'CORE']);
    // The card system's phone moved with it, and the survivor's as-of view shows it.
    const contacts = json(await t.get(`/api/v1/customers/${survivor.ecifNo}/contacts`)).items;
    expect(contacts.map((c: { values: { value: string } }) => c.values.value)).toEqual([phone]);
    const now = json(
      await t.get(
        `/api/v1/customers/${survivor.ecifNo}?asOf=${encodeURIComponent(new Date().toISOString())}`,
      ),
    );
    expect(now.contacts.map((c: { values: { value: string } }) => c.values.value)).toEqual([phone]);
    // The retired number keeps its own trail, ending in the merge, at one new version.
    const trail = json(await t.get(`/api/v1/customers/${card.customer.ecifNo}/history`)).items;
    expect(trail[0]).toMatchObject({ operation: 'merged_into', version: cardVersion + 1 });
    expect(
      new Set(
        trail
          .filter((h: { version: number }) => h.version > cardVersion)
          .map((h: { version: number }) => h.version),
      ),
    ).toEqual(new Set([cardVersion + 1]));
    const write = await t.patch(`/api/v1/customers/${card.customer.ecifNo}`, {
      attributes: { occupation: '5' },
      version: 1,
    });
    expect(write.statusCode).toBe(409);
    expect(json(write).error).toMatchObject({
      code: 'ECIF_CUSTOMER_MERGED',
      details: { survivorEcifNo: survivor.ecifNo },
    });
  });

  it("lists a steward's identity edit that collides with another customer for review, without merging", async () => {
    const a = await create(newIndividual({ attributes: { name: '邓超' } }));
    const b = await create(newIndividual({ attributes: { name: '邓超' } }));
    const res = await t.patch(`/api/v1/customers/${b.ecifNo}`, {
      attributes: { idNo: a.attributes.idNo },
      version: b.version,
    });
    expect(res.statusCode).toBe(200);
    expect(json(res).customer.ecifNo).toBe(b.ecifNo);
    expect(json(await t.get(`/api/v1/customers/${a.ecifNo}`)).status).toBe('active');
    const { rows } = await import('kysely').then(({ sql }) =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM similar_customer`.execute(t.database.db),
    );
    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  it('re-derives birth date and gender when a source corrects the ID number', async () => {
    const input = newIndividual({
      attributes: { name: '唐敏', idNo: residentId('1980-01-01', '360121', true) },
    });
    const c = await create(input);
    const corrected = residentId('1982-07-09', '360121', false);
    const res = json(
      await t.patch(`/api/v1/customers/${c.ecifNo}`, {
        source: input.source,
        attributes: { idNo: corrected },
        version: c.version,
      }),
    );
    expect(res.customer.attributes).toMatchObject({
      idNo: corrected,
      birthDate: '1982-07-09',
      gender: '2',
    });
    expect(res.customer.lineage.birthDate).toMatchObject({ derivedFrom: 'idNo' });
  });

  it('refuses to leave a customer without a name', async () => {
    const input = newIndividual({ attributes: { name: '蒋勇' } });
    const c = await create(input);
    const res = await t.patch(`/api/v1/customers/${c.ecifNo}`, {
      source: input.source,
      attributes: { name: null },
      version: c.version,
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.details.issues[0]).toMatchObject({
      field: 'attributes.name',
      code: 'REQUIRED',
    });
  });
});

describe('deactivation is logical', () => {
  it('deactivates and reactivates, keeping the customer readable and audited', async () => {
    const c = await create();
    const url = `/api/v1/customers/${c.ecifNo}`;
    const off = await t.post(`${url}/deactivate`, { reason: '客户销户', version: c.version });
    expect(off.statusCode).toBe(200);
    expect(json(off).customer).toMatchObject({
      status: 'inactive',
      deactivationReason: '客户销户',
    });
    expect(json(await t.get(url)).status).toBe('inactive');
    const blocked = await t.patch(url, { attributes: { occupation: '5' }, version: c.version + 1 });
    expect(json(blocked).error.code).toBe('ECIF_CUSTOMER_INACTIVE');
    const on = await t.post(
      `${url}/reactivate`,
      { reason: '重新开户' },
      { 'if-match': `"${c.version + 1}"` },
    );
    expect(json(on).customer.status).toBe('active');
    const ops = json(await t.get(`${url}/history`)).items.map(
      (h: { operation: string }) => h.operation,
    );
    expect(ops.slice(0, 2)).toEqual(['reactivate', 'deactivate']);
  });
});

describe('history and as-of (R-E6)', () => {
  it('shows who changed what and the customer as it was at any instant', async () => {
    const phone = mobile();
    const c = await create(
      newIndividual({
        attributes: { name: '林芳', employer: '甲公司' },
        areas: { contacts: [{ contactType: 'MOBILE', value: phone }] },
      }),
    );
    const url = `/api/v1/customers/${c.ecifNo}`;
    await new Promise((r) => setTimeout(r, 20));
    const t1 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await t.patch(
      url,
      { attributes: { employer: '乙公司' }, version: c.version },
      { 'x-ecif-actor': 'steward02', 'x-request-id': 'req-history-1' },
    );
    const contacts = json(await t.get(`${url}/contacts`)).items;
    const removed = await t.del(`${url}/contacts/${contacts[0].id}`, {
      'if-match': `"${c.version + 1}"`,
    });
    expect(removed.statusCode).toBe(200);

    const history = json(await t.get(`${url}/history`)).items;
    const employerChange = history.find((h: { changedFields: string[] }) =>
      h.changedFields.includes('employer'),
    );
    expect(employerChange).toMatchObject({
      actor: 'steward02',
      requestId: 'req-history-1',
      area: 'basic',
      operation: 'update',
      version: c.version + 1,
    });
    expect(employerChange.before.attributes.employer).toBe('甲公司');

    const past = json(await t.get(`${url}?asOf=${encodeURIComponent(t1)}`));
    expect(past.attributes.employer).toBe('甲公司');
    expect(past.contacts.map((x: { values: { value: string } }) => x.values.value)).toEqual([
      phone,
    ]);
    const now = json(await t.get(`${url}?asOf=${encodeURIComponent(new Date().toISOString())}`));
    expect(now.attributes.employer).toBe('乙公司');
    expect(now.contacts).toEqual([]);
    const before = await t.get(`${url}?asOf=2000-01-01T00:00:00Z`);
    expect(before.statusCode).toBe(404);
  });
});

describe('subject-area maintenance', () => {
  it('adds, updates by natural key, patches and removes items under the customer version', async () => {
    const c = await create(newIndividual({ attributes: { idNo: residentId('1990-01-01') } }));
    const url = `/api/v1/customers/${c.ecifNo}/accounts`;
    const add = await t.post(
      url,
      { accountNo: '360101000012345', accountType: 'DEPOSIT', balance: 100 },
      { 'if-match': `"${c.version}"`, 'x-ecif-source-system': 'CORE' },
    );
    expect(add.statusCode).toBe(200);
    const item = json(add).item;
    expect(item.sourceSystem).toBe('CORE');
    const same = await t.post(
      url,
      { accountNo: '360101000012345', accountType: 'DEPOSIT', balance: 250 },
      { 'if-match': `"${json(add).customerVersion}"` },
    );
    expect(json(same).item.id).toBe(item.id);
    expect(json(same).item.values.balance).toBe(250);
    const patched = await t.patch(
      `${url}/${item.id}`,
      { status: 'DORMANT' },
      { 'if-match': `"${json(same).customerVersion}"` },
    );
    expect(json(patched).item.values).toMatchObject({ status: 'DORMANT', balance: 250 });
    const bad = await t.patch(
      `${url}/${item.id}`,
      { status: 'SLEEPY' },
      { 'if-match': `"${json(patched).customerVersion}"` },
    );
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.details.issues[0].field).toBe('accounts.status');
    const gone = await t.del(`${url}/${item.id}`, {
      'if-match': `"${json(patched).customerVersion}"`,
    });
    expect(gone.statusCode).toBe(200);
    expect(json(await t.get(url)).items).toEqual([]);
    const missing = await t.del(`${url}/${item.id}`, {
      'if-match': `"${json(gone).customerVersion}"`,
    });
    expect(json(missing).error.code).toBe('ECIF_ITEM_NOT_FOUND');
  });
});
