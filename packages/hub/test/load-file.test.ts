import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceStore } from '../src/reference/reference-store.ts';
import { loadFile } from '../src/ingestion/load-file.ts';
import { listRejects } from '../src/ingestion/ingestion-job.repository.ts';
import { loanTestMapping, writeLoanExtract } from './batch-fixtures.ts';
import { residentId } from './factories.ts';
import { createTestDatabase } from './test-database.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;
const dir = mkdtempSync(join(tmpdir(), 'ecif-load-'));
const ctx = { actor: 'test:loader', requestId: 'load-test' };

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const mapping = loanTestMapping(
  [
    { name: 'custNo', target: 'sourceCustomerNo' },
    { name: 'op', target: 'operation' },
    { name: 'name', target: 'attributes.name' },
    { name: 'idType', target: 'attributes.idType', codeMap: { '0': 'RESIDENT_ID' } },
    { name: 'idNo', target: 'attributes.idNo' },
    { name: 'sex', target: 'attributes.gender', codeMap: { M: '1', F: '2' } },
    { name: 'birth', target: 'attributes.birthDate', dateFormat: 'YYYYMMDD' },
    { name: 'mobile', target: 'contacts.MOBILE' },
  ],
  { lineEnding: 'LF' },
);

function writeExtract(
  name: string,
  records: string[][],
  options: { trailerCount?: number; ok?: string | false } = {},
) {
  return writeLoanExtract(join(dir, name), records, options);
}

const people = Array.from({ length: 6 }, (_, i) => ({
  no: `L${i}`,
  name: ['王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊'][i] ?? '',
  id: residentId(`198${i}-0${i + 1}-1${i}`, '360121', i % 2 === 0),
  mobile: `1390000000${i}`,
}));
const good = people.map((p) => [p.no, 'I', p.name, '0', p.id, 'M', p.id.slice(6, 14), p.mobile]);

async function customers(): Promise<number> {
  const row = await database.db
    .selectFrom('customer')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n);
}

describe('loadFile', () => {
  it('reports mapping mistakes by key before reading any data', async () => {
    const bad = {
      ...mapping,
      columns: [
        { name: 'custNo', target: 'sourceCustomerNo' },
        { name: 'x', target: 'attributes.shoeSize' },
      ],
    };
    await expect(
      loadFile(
        database.db,
        createReferenceStore(database.db),
        { system: 'LOAN', mapping: bad, filePath: join(dir, 'does-not-exist'), mode: 'delta' },
        ctx,
      ),
    ).rejects.toMatchObject({
      code: 'ECIF_VALIDATION',
      details: { issues: [expect.objectContaining({ field: 'mapping.columns[1].target' })] },
    });
  });

  it('loads, keeps every rejected record with its reason, and reconciles the counts', async () => {
    const records = [
      ...good,
      ['L90', 'I', '坏号码', '0', '110105194912310021', 'M', '19491231', ''], // ID check digit
      ['L91', 'I', '少字段', '0'], // field count
      ['L92', 'I', '坏手机', '0', residentId('1970-01-01'), 'F', '19700101', '12345'],
    ];
    const path = writeExtract('loan_20261121.dat', records);
    const reference = createReferenceStore(database.db);
    const outcome = await loadFile(
      database.db,
      reference,
      { system: 'LOAN', mapping, filePath: path, mode: 'delta' },
      ctx,
    );
    expect(outcome.job).toMatchObject({
      status: 'succeeded',
      received: 9,
      accepted: 6,
      rejected: 3,
    });
    expect(outcome.job.received).toBe(outcome.job.accepted + outcome.job.rejected);
    const rejects = await listRejects(database.db, outcome.job.id, { limit: 10, offset: 0 });
    expect(rejects.map((r) => r.line_no)).toEqual([7, 8, 9]);
    expect(rejects[0]?.raw).toContain('坏号码');
    expect(JSON.stringify(rejects.map((r) => r.reasons))).toMatch(
      /idNo.*FIELD_COUNT.*contacts\[0\]\.value/s,
    );
    expect(await customers()).toBe(6);

    const again = await loadFile(
      database.db,
      reference,
      { system: 'LOAN', mapping, filePath: path, mode: 'delta' },
      ctx,
    );
    expect(again).toMatchObject({ alreadyLoaded: true, job: { id: outcome.job.id } });
    expect(await customers()).toBe(6);
  });

  it('fails the whole file visibly on a wrong trailer count or a missing companion file, applying nothing', async () => {
    const reference = createReferenceStore(database.db);
    const before = await customers();
    const wrongCount = writeExtract(
      'loan_bad_count.dat',
      [[`L-x1`, 'I', '孙悟', '0', residentId('1991-01-01'), 'M', '19910101', '']],
      { trailerCount: 5 },
    );
    await expect(
      loadFile(
        database.db,
        reference,
        { system: 'LOAN', mapping, filePath: wrongCount, mode: 'delta' },
        ctx,
      ),
    ).rejects.toMatchObject({
      code: 'ECIF_INGEST_BAD_FILE',
    });
    const noOk = writeExtract(
      'loan_no_ok.dat',
      [[`L-x2`, 'I', '孙悟', '0', residentId('1991-02-01'), 'M', '19910201', '']],
      { ok: false },
    );
    await expect(
      loadFile(
        database.db,
        reference,
        { system: 'LOAN', mapping, filePath: noOk, mode: 'delta' },
        ctx,
      ),
    ).rejects.toThrow(/companion/);
    expect(await customers()).toBe(before);
    const jobs = await database.db
      .selectFrom('ingestion_job')
      .select(['file_name', 'status'])
      .where('status', '=', 'failed')
      .execute();
    expect(jobs.map((j) => j.file_name).sort()).toEqual(['loan_bad_count.dat', 'loan_no_ok.dat']);
  });

  it('unlinks source records missing from a full snapshot, and deletes from a delta, never deleting customers', async () => {
    const reference = createReferenceStore(database.db);
    const snapshot = writeExtract('loan_full.dat', good.slice(0, 4));
    const full = await loadFile(
      database.db,
      reference,
      { system: 'LOAN', mapping, filePath: snapshot, mode: 'full' },
      ctx,
    );
    expect(full.job.deactivated).toBe(2);
    const links = await database.db
      .selectFrom('customer_xref')
      .select(['source_customer_no', 'active'])
      .where('source_system', '=', 'LOAN')
      .orderBy('source_customer_no')
      .execute();
    expect(links.filter((l) => !l.active).map((l) => l.source_customer_no)).toEqual(['L4', 'L5']);
    const firstRow = good[0] ?? [];
    const delta = writeExtract('loan_delta.dat', [
      [...firstRow.slice(0, 1), 'D', ...firstRow.slice(2)],
    ]);
    await loadFile(
      database.db,
      reference,
      { system: 'LOAN', mapping, filePath: delta, mode: 'delta' },
      ctx,
    );
    const l0 = await database.db
      .selectFrom('customer_xref')
      .select('active')
      .where('source_customer_no', '=', 'L0')
      .executeTakeFirst();
    expect(l0?.active).toBe(false);
    expect(await customers()).toBe(6);
  });

  it('resumes an interrupted load with exactly the result of an uninterrupted one', async () => {
    const many = Array.from({ length: 450 }, (_, i) => [
      `R${i}`,
      'I',
      `客户${i}`,
      '0',
      residentId('1975-05-05', '360124', i % 2 === 0, 1000 + i),
      'M',
      '19750505',
      '',
    ]);
    const path = writeExtract('loan_resume.dat', many);
    const reference = createReferenceStore(database.db);
    const before = await customers();
    const request = {
      system: 'LOAN',
      mapping,
      filePath: path,
      mode: 'delta' as const,
      tuning: { applyChunk: 100 },
    };
    let applied = 0;
    await expect(
      loadFile(database.db, reference, request, ctx, (p) => {
        if (p.phase === 'apply' && ++applied === 2) throw new Error('killed after two chunks');
      }),
    ).rejects.toThrow('killed');
    const partial = await customers();
    expect(partial - before).toBe(200);
    const interrupted = await database.db
      .selectFrom('ingestion_job')
      .selectAll()
      .where('file_name', '=', 'loan_resume.dat')
      .executeTakeFirstOrThrow();
    expect(interrupted).toMatchObject({ status: 'failed', phase: 'apply', applied_line: 200 });
    const resumed = await loadFile(database.db, reference, request, ctx);
    expect(resumed.job.id).toBe(interrupted.id);
    expect(resumed.job).toMatchObject({
      status: 'succeeded',
      received: 450,
      accepted: 450,
      rejected: 0,
    });
    expect((await customers()) - before).toBe(450);
    const refs = await database.db
      .selectFrom('customer_xref')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_customer_no', 'like', 'R%')
      .executeTakeFirst();
    expect(Number(refs?.n)).toBe(450);
  });

  it('refuses a full snapshot that would unlink most of a system, until the operator allows it', async () => {
    const wealthMapping = { ...mapping, system: 'WEALTH' };
    const many = Array.from({ length: 150 }, (_, i) => [
      `W${i}`,
      'I',
      `理财客户${i}`,
      '0',
      residentId('1966-06-06', '360124', i % 2 === 0, 3000 + i),
      'F',
      '19660606',
      '',
    ]);
    const reference = createReferenceStore(database.db);
    const first = await loadFile(
      database.db,
      reference,
      {
        system: 'WEALTH',
        mapping: wealthMapping,
        filePath: writeExtract('wealth_1.dat', many),
        mode: 'full',
      },
      ctx,
    );
    expect(first.job.status).toBe('succeeded');
    const truncated = writeExtract('wealth_2.dat', many.slice(0, 10));
    const request = {
      system: 'WEALTH',
      mapping: wealthMapping,
      filePath: truncated,
      mode: 'full' as const,
    };
    await expect(loadFile(database.db, reference, request, ctx)).rejects.toMatchObject({
      code: 'ECIF_INGEST_MASS_UNLINK',
      details: { missing: 140, active: 150 },
    });
    const active = async () =>
      Number(
        (
          await database.db
            .selectFrom('customer_xref')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('source_system', '=', 'WEALTH')
            .where('active', '=', true)
            .executeTakeFirst()
        )?.n,
      );
    expect(await active()).toBe(150);
    const failed = await database.db
      .selectFrom('ingestion_job')
      .selectAll()
      .where('file_name', '=', 'wealth_2.dat')
      .executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', phase: 'deactivate' });
    const allowed = await loadFile(database.db, reference, { ...request, maxUnlinkShare: 1 }, ctx);
    expect(allowed.job).toMatchObject({ id: failed.id, status: 'succeeded', deactivated: 140 });
    expect(await active()).toBe(10);
  });

  it('lets a known source record update only the fields its mapping lists as updatable', async () => {
    const cardMapping = { ...mapping, system: 'CARD' };
    const id = residentId('1970-07-07', '360124', true, 4242);
    const reference = createReferenceStore(database.db);
    await loadFile(
      database.db,
      reference,
      {
        system: 'CARD',
        mapping: cardMapping,
        filePath: writeExtract('card_1.dat', [
          ['C1', 'I', '周杰', '0', id, 'M', '19700707', '13900001111'],
        ]),
        mode: 'delta',
      },
      ctx,
    );
    const second = await loadFile(
      database.db,
      reference,
      {
        system: 'CARD',
        mapping: { ...cardMapping, updatableFields: ['attributes.gender', 'attributes.birthDate'] },
        filePath: writeExtract('card_2.dat', [
          ['C1', 'I', '周杰伦', '0', id, 'M', '19700707', '13900002222'],
        ]),
        mode: 'delta',
      },
      ctx,
    );
    expect(second.job).toMatchObject({ status: 'succeeded', updated: 1 });
    const xref = await database.db
      .selectFrom('customer_xref')
      .select('attributes')
      .where('source_system', '=', 'CARD')
      .where('source_customer_no', '=', 'C1')
      .executeTakeFirstOrThrow();
    // The name is not this mapping's to update; the new mobile number (an item) is added.
    expect(xref.attributes).toMatchObject({ name: '周杰' });
    const contacts = await database.db
      .selectFrom('customer_contact')
      .innerJoin('customer_xref', 'customer_xref.customer_id', 'customer_contact.customer_id')
      .select('customer_contact.value')
      .where('customer_xref.source_customer_no', '=', 'C1')
      .execute();
    expect(contacts.map((c) => c.value).sort()).toEqual(['13900001111', '13900002222']);
  });
});
