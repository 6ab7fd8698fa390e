import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { businessClock, createReferenceStore } from '@ecif/hub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loanTestMapping, writeLoanExtract } from '../../../packages/hub/test/batch-fixtures.ts';
import { residentId } from '../../../packages/hub/test/factories.ts';
import { buildApp } from '../src/app.ts';
import { createTestApp, json, type TestApp } from './test-app.ts';

let t: TestApp;
const dir = mkdtempSync(join(tmpdir(), 'ecif-jobs-api-'));
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const mapping = loanTestMapping();

let seq = 0;
/** `good` valid people then the given bad lines; a trailer (count overridable) and a .ok file. */
function writeExtract(
  name: string,
  good: number,
  bad: string[][] = [],
  options: { trailerCount?: number; ok?: boolean } = {},
): string {
  const path = join(dir, name);
  const records = [
    ...Array.from({ length: good }, () => {
      const n = ++seq;
      return [`J${n}`, `客户${n}`, '0', residentId('1975-03-04')];
    }),
    ...bad,
  ];
  return writeLoanExtract(path, records, {
    ...(options.trailerCount === undefined ? {} : { trailerCount: options.trailerCount }),
    ...(options.ok === false ? { ok: false } : {}),
  });
}

function writeOk(path: string, count: number): void {
  writeFileSync(`${path}.ok`, `${count}\n`);
}

const start = (filePath: string, mode: 'full' | 'delta' = 'delta') =>
  t.post('/api/v1/jobs', { system: 'LOAN', mapping, filePath, mode });

/** Polls the live status until the job has finished. */
async function finished(id: string): Promise<Record<string, any>> {
  const end = Date.now() + 45_000;
  for (;;) {
    const res = await t.get(`/api/v1/jobs/${id}`);
    expect(res.statusCode).toBe(200);
    const job = json(res);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > end) throw new Error(`job ${id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('jobs API', () => {
  let loadedId = '';

  it('starts a load of a server file, answers 202 with the job, and reports it finished', async () => {
    const path = writeExtract('LOAN_20261122.dat', 5, [
      ['J-BAD1', '坏号码', '0', '110105194912310021'],
      ['J-BAD2', '少字段'],
    ]);
    const res = await start(path);
    expect(res.statusCode).toBe(202);
    const body = json(res);
    expect(body.alreadyLoaded).toBe(false);
    loadedId = body.job.id;
    expect(res.headers.location).toBe(`/api/v1/jobs/${loadedId}`);
    expect(body.job).toMatchObject({ system: 'LOAN', trigger: 'api', filePath: path });

    const job = await finished(loadedId);
    expect(job).toMatchObject({
      status: 'succeeded',
      mode: 'delta',
      file: 'LOAN_20261122.dat',
      counts: { received: 7, accepted: 5, rejected: 2, expected: 7 },
      progress: { percent: 100, etaSeconds: 0 },
      error: null,
    });
    expect(job.finishedAt).not.toBeNull();

    const again = await start(path);
    expect(again.statusCode).toBe(200);
    expect(json(again)).toMatchObject({ alreadyLoaded: true, job: { id: loadedId } });
  });

  it('lists jobs by system and status, newest first, paged', async () => {
    const all = json(await t.get('/api/v1/jobs?system=LOAN'));
    expect(all.items.map((j: { id: string }) => j.id)).toContain(loadedId);
    const succeeded = json(await t.get('/api/v1/jobs?system=LOAN&status=succeeded&limit=1'));
    expect(succeeded).toMatchObject({ limit: 1, offset: 0 });
    expect(succeeded.items).toHaveLength(1);
    expect(succeeded.total).toBeGreaterThanOrEqual(1);
    expect(json(await t.get('/api/v1/jobs?system=CARD')).items).toEqual([]);
    expect(json(await t.get('/api/v1/jobs?status=finished')).error.code).toBe('ECIF_VALIDATION');
  });

  it('gives the rejects as JSON pages and as a CSV to send back to the source', async () => {
    const page = json(await t.get(`/api/v1/jobs/${loadedId}/rejects`));
    expect(page).toMatchObject({ total: 2, limit: 20, offset: 0 });
    expect(page.items.map((r: { lineNo: number }) => r.lineNo)).toEqual([6, 7]);
    expect(page.items[0].raw).toContain('坏号码');
    expect(page.items[0].reasons[0]).toMatchObject({ field: 'idNo', severity: 'error' });
    expect(page.items[1].reasons[0]).toMatchObject({ code: 'FIELD_COUNT' });
    const second = json(await t.get(`/api/v1/jobs/${loadedId}/rejects?limit=1&offset=1`));
    expect(second.items.map((r: { lineNo: number }) => r.lineNo)).toEqual([7]);

    for (const res of [
      await t.get(`/api/v1/jobs/${loadedId}/rejects`, { accept: 'text/csv' }),
      await t.get(`/api/v1/jobs/${loadedId}/rejects?format=csv`),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="LOAN_20261122.dat.rejects.csv"',
      );
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe('line_no,raw,reasons');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(/^6,"J-BAD1\|@\|坏号码\|@\|0\|@\|110105194912310021\|@\|","idNo: /);
      expect(lines[2]).toMatch(/^7,"J-BAD2\|@\|少字段\|@\|",".*FIELD_COUNT/);
    }
    expect(
      (await t.get('/api/v1/jobs/00000000-0000-4000-8000-000000000000/rejects')).statusCode,
    ).toBe(404);
  });

  it('fails a file whose trailer count is wrong; re-running it unchanged fails the same job again', async () => {
    const path = writeExtract('LOAN_20261123.dat', 3, [], { trailerCount: 9 });
    const res = await start(path);
    expect(res.statusCode).toBe(202);
    const id = json(res).job.id;
    const failed = await finished(id);
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'ECIF_INGEST_BAD_FILE' },
      counts: { accepted: 0 },
    });
    expect(JSON.stringify(failed.error)).toMatch(/9/);

    const rerun = await t.post(`/api/v1/jobs/${id}/rerun`, undefined);
    expect(rerun.statusCode).toBe(202);
    expect(json(rerun).job.id).toBe(id);
    expect(await finished(id)).toMatchObject({ status: 'failed' });

    // The source resends the file, fixed, under the same name: the re-run loads the new content
    // as a new job that says which one it re-ran.
    writeExtract('LOAN_20261123.dat', 3);
    const fixed = await t.post(`/api/v1/jobs/${id}/rerun`, undefined);
    expect(fixed.statusCode).toBe(202);
    const newId = json(fixed).job.id;
    expect(newId).not.toBe(id);
    expect(await finished(newId)).toMatchObject({
      status: 'succeeded',
      rerunOf: id,
      counts: { accepted: 3 },
    });
  });

  it('re-runs a job that failed for want of its .ok file, once it has come: same job, succeeded', async () => {
    const path = writeExtract('LOAN_20261124.dat', 4, [], { ok: false });
    const res = await start(path);
    expect(res.statusCode).toBe(202);
    const id = json(res).job.id;
    const failed = await finished(id);
    expect(failed.status).toBe('failed');
    expect(JSON.stringify(failed.error)).toMatch(/LOAN_20261124\.dat\.ok/);

    writeOk(path, 4);
    const rerun = await t.post(`/api/v1/jobs/${id}/rerun`, undefined);
    expect(rerun.statusCode).toBe(202);
    expect(rerun.headers.location).toBe(`/api/v1/jobs/${id}`);
    expect(json(rerun)).toMatchObject({ alreadyLoaded: false, job: { id } });
    expect(await finished(id)).toMatchObject({
      status: 'succeeded',
      counts: { received: 4, accepted: 4, rejected: 0 },
      rerunOf: null,
    });

    const twice = await t.post(`/api/v1/jobs/${id}/rerun`, undefined);
    expect(twice.statusCode).toBe(409);
    expect(json(twice).error).toMatchObject({
      code: 'ECIF_JOB_NOT_RERUNNABLE',
      details: { status: 'succeeded' },
    });
  });

  it('shows a running job live (phase, percent, records/s, ETA) and refuses to re-run it', async () => {
    const now = Date.now();
    const running = await t.database.db
      .insertInto('ingestion_job')
      .values({
        source_system: 'LOAN',
        mode: 'full',
        file_name: 'LOAN_BIG.dat',
        file_path: join(dir, 'LOAN_BIG.dat'),
        file_size: 123_456,
        checksum: 'f'.repeat(64),
        mapping: JSON.stringify(mapping),
        status: 'running',
        phase: 'apply',
        phase_done: 500,
        phase_total: 2000,
        received: 2000,
        timings: JSON.stringify({ scanMs: 4000, stageMs: 6000, identifyMs: 999 }),
        created_by: 'test',
        started_at: new Date(now - 60_000),
        updated_at: new Date(now),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const job = json(await t.get(`/api/v1/jobs/${running.id}`));
    // The apply phase began 10 s after the start (scan + stage) and ran 50 s: 10 records/s.
    expect(job).toMatchObject({
      status: 'running',
      progress: {
        phase: 'apply',
        done: 500,
        total: 2000,
        percent: 25,
        recordsPerSecond: 10,
        etaSeconds: 150,
      },
      timings: { scanMs: 4000, stageMs: 6000 },
    });
    const rerun = await t.post(`/api/v1/jobs/${running.id}/rerun`, undefined);
    expect(rerun.statusCode).toBe(409);
    expect(json(rerun).error).toMatchObject({
      code: 'ECIF_JOB_NOT_RERUNNABLE',
      details: { status: 'running' },
    });
    expect(json(await t.get('/api/v1/jobs?status=running')).items[0].id).toBe(running.id);
  });

  it('answers 404 for an unknown job and 400 for a bad load request, naming the field', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect(json(await t.get(`/api/v1/jobs/${id}`)).error.code).toBe('ECIF_JOB_NOT_FOUND');
      const rerun = await t.post(`/api/v1/jobs/${id}/rerun`, undefined);
      expect(rerun.statusCode).toBe(404);
    }
    const path = writeExtract('LOAN_20261125.dat', 1);
    const badMapping = await t.post('/api/v1/jobs', {
      system: 'LOAN',
      mapping: { ...mapping, columns: [{ name: 'x', target: 'attributes.shoeSize' }] },
      filePath: path,
      mode: 'delta',
    });
    expect(badMapping.statusCode).toBe(400);
    expect(json(badMapping).error.details.issues.map((i: { field: string }) => i.field)).toContain(
      'mapping.columns[0].target',
    );
    const relativePath = await start('LOAN_20261125.dat');
    expect(json(relativePath).error.details.issues[0]).toMatchObject({
      field: 'filePath',
      code: 'NOT_ABSOLUTE',
    });
    const missing = await start(join(dir, 'nope.dat'));
    expect(missing.statusCode).toBe(400);
    expect(json(missing).error.details.issues[0]).toMatchObject({
      field: 'filePath',
      code: 'FILE_NOT_FOUND',
    });
    const unknownSystem = await t.post('/api/v1/jobs', {
      system: 'NOPE',
      mapping: { ...mapping, system: 'NOPE' },
      filePath: path,
      mode: 'delta',
    });
    expect(json(unknownSystem).error.code).toBe('ECIF_UNKNOWN_SOURCE_SYSTEM');
    expect(json(await t.get('/api/v1/jobs?system=NOPE')).total).toBe(0);
  });

  it('reads only inside ECIF_BATCH_DIR when it is set, links resolved', async () => {
    const inbox = mkdtempSync(join(dir, 'inbox-'));
    const outside = writeExtract('LOAN_OUTSIDE.dat', 1);
    symlinkSync(outside, join(inbox, 'link.dat'));
    const inside = join(inbox, 'LOAN_INSIDE.dat');
    writeFileSync(inside, 'T|@|0|@|\n');
    const app = await buildApp({
      database: t.database,
      reference: createReferenceStore(t.database.db),
      logLevel: false,
      batchDir: inbox,
    });
    try {
      const post = (filePath: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/jobs',
          payload: { system: 'LOAN', mapping, filePath, mode: 'delta' },
        });
      for (const path of [
        outside,
        join(inbox, 'link.dat'),
        join(inbox, '..', 'LOAN_OUTSIDE.dat'),
      ]) {
        const res = await post(path);
        expect(res.statusCode, path).toBe(400);
        expect(json(res).error.details.issues[0]).toMatchObject({
          field: 'filePath',
          code: 'OUTSIDE_BATCH_DIR',
        });
      }
      // Inside it loads (and fails here only for want of its .ok file).
      expect((await post(inside)).statusCode).toBe(202);
      const schedule = await app.inject({
        method: 'PUT',
        url: '/api/v1/schedules/outside',
        payload: { ...scheduleBody, directory: dir },
      });
      expect(json(schedule).error.details.issues[0]).toMatchObject({
        field: 'directory',
        code: 'OUTSIDE_BATCH_DIR',
      });
    } finally {
      await app.close();
    }
  });

  it('refuses a second load of a file this server is loading right now', async () => {
    const path = writeExtract('LOAN_20261126.dat', 40);
    const [a, b] = await Promise.all([start(path), start(path)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([202, 409]);
    const busy = a.statusCode === 409 ? a : b;
    expect(json(busy).error.code).toBe('ECIF_JOB_RUNNING');
    const ok = a.statusCode === 202 ? a : b;
    expect(await finished(json(ok).job.id)).toMatchObject({ status: 'succeeded' });
  });
});

const scheduleBody = {
  system: 'LOAN',
  mapping,
  directory: dir,
  filePattern: 'SCHED_{YYYYMMDD}.dat',
  mode: 'delta',
  runAt: '00:00',
};

describe('schedules API', () => {
  const today = businessClock(new Date()).date.replaceAll('-', '');
  const body = scheduleBody;

  it('creates, replaces, reads, lists and removes schedules; the mapping is checked by key', async () => {
    const created = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/schedules/loan-nightly',
      payload: { ...body, runAt: '23:59' },
    });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({ name: 'loan-nightly', runAt: '23:59', enabled: true });
    const replaced = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/schedules/loan-nightly',
      payload: body,
    });
    expect(replaced.statusCode).toBe(200);
    expect(json(await t.get('/api/v1/schedules/loan-nightly'))).toMatchObject({
      runAt: '00:00',
      lastRunDate: null,
    });
    expect(
      json(await t.get('/api/v1/schedules')).items.map((s: { name: string }) => s.name),
    ).toEqual(['loan-nightly']);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/schedules/bad',
      payload: { ...body, mapping: { ...mapping, encoding: 'EBCDIC' }, filePattern: 'a/b.dat' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      json(bad)
        .error.details.issues.map((i: { field: string }) => i.field)
        .sort(),
    ).toEqual(['filePattern', 'mapping.encoding']);
    expect((await t.get('/api/v1/schedules/bad')).statusCode).toBe(404);
  });

  it('runs the due schedules now: waits for the file, then loads it once for the day', async () => {
    const waiting = json(await t.post('/api/v1/schedules/run-due', undefined));
    expect(waiting.runs).toEqual([
      expect.objectContaining({
        name: 'loan-nightly',
        outcome: 'waiting',
        missing: [`SCHED_${today}.dat`, `SCHED_${today}.dat.ok`],
      }),
    ]);
    writeExtract(`SCHED_${today}.dat`, 2);
    const ran = json(await t.post('/api/v1/schedules/run-due', undefined));
    expect(ran.runs[0]).toMatchObject({ outcome: 'succeeded' });
    const job = json(await t.get(`/api/v1/jobs/${ran.runs[0].jobId}`));
    expect(job).toMatchObject({
      status: 'succeeded',
      trigger: 'schedule',
      scheduleName: 'loan-nightly',
    });
    expect(json(await t.post('/api/v1/schedules/run-due', undefined)).runs[0]).toMatchObject({
      outcome: 'ranToday',
      jobId: job.id,
    });
    expect(json(await t.get('/api/v1/schedules/loan-nightly'))).toMatchObject({
      lastJobId: job.id,
      lastJobStatus: 'succeeded',
    });

    expect((await t.del('/api/v1/schedules/loan-nightly')).statusCode).toBe(200);
    const gone = await t.del('/api/v1/schedules/loan-nightly');
    expect(gone.statusCode).toBe(404);
    expect(json(gone).error.code).toBe('ECIF_SCHEDULE_NOT_FOUND');
  });

  it('documents the jobs and schedules endpoints in OpenAPI, with the CSV rejects', async () => {
    const spec = json(await t.get('/openapi.json'));
    for (const path of [
      '/api/v1/jobs',
      '/api/v1/jobs/{id}',
      '/api/v1/jobs/{id}/rejects',
      '/api/v1/jobs/{id}/rerun',
      '/api/v1/schedules',
      '/api/v1/schedules/{name}',
      '/api/v1/schedules/run-due',
    ])
      expect(spec.paths[path], path).toBeDefined();
    expect(spec.paths['/api/v1/jobs'].post.responses['202']).toBeDefined();
    for (const [path, methods] of Object.entries(spec.paths as Record<string, any>))
      if (/^\/api\/v1\/(jobs|schedules)/.test(path))
        for (const [method, op] of Object.entries(methods as Record<string, any>)) {
          expect(op.tags, `${method} ${path}`).toEqual(['jobs']);
          const success = op.responses['200'] ?? op.responses['201'];
          expect(success?.content, `${method} ${path}`).toBeDefined();
        }
    expect(
      Object.keys(spec.paths['/api/v1/jobs/{id}/rejects'].get.responses['200'].content),
    ).toEqual(['application/json', 'text/csv']);
  });
});
