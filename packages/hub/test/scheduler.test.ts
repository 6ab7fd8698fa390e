import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJob } from '../src/ingestion/ingestion-job.repository.ts';
import {
  businessClock,
  getSchedule,
  listSchedules,
  removeSchedule,
  runDueSchedules,
  saveSchedule,
  Scheduler,
  type ScheduleInput,
} from '../src/ingestion/scheduler.ts';
import { createReferenceStore } from '../src/reference/reference-store.ts';
import type { ReferenceStore } from '../src/reference/reference-store.ts';
import { residentId } from './factories.ts';
import { loanTestMapping } from './batch-fixtures.ts';
import { createTestDatabase } from './test-database.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;
let reference: ReferenceStore;
const dir = mkdtempSync(join(tmpdir(), 'ecif-schedule-'));
const ctx = { actor: 'test:scheduler', requestId: 'schedule-test' };

beforeAll(async () => {
  database = await createTestDatabase();
  reference = createReferenceStore(database.db);
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const mapping = loanTestMapping();

const schedule: ScheduleInput = {
  name: 'loan-daily',
  system: 'LOAN',
  mapping,
  directory: dir,
  filePattern: 'LOAN_{YYYYMMDD}.dat',
  mode: 'delta',
  runAt: '06:00',
};

/** A data file of `n` people (the trailer says `trailerCount`), without its `.ok` companion. */
function writeData(name: string, n: number, prefix: string, trailerCount = n): string {
  const path = join(dir, name);
  const lines = Array.from(
    { length: n },
    (_, i) => `${prefix}${i}|@|客户${i}|@|0|@|${residentId('1980-02-02')}|@|`,
  );
  writeFileSync(path, `${lines.join('\n')}\nT|@|${trailerCount}|@|\n`);
  return path;
}

/** Instants as the bank sees them: Asia/Shanghai is UTC+8, so 05:59 on the 24th is the 23rd UTC. */
const at = (shanghai: string) => new Date(`${shanghai}:00+08:00`);

async function jobsOf(name: string) {
  return database.db
    .selectFrom('ingestion_job')
    .selectAll()
    .where('schedule_name', '=', name)
    .execute();
}

const outcomeOf = async (now: Date, name = schedule.name) =>
  (await runDueSchedules(database.db, reference, now, ctx)).find((r) => r.name === name);

describe('load schedules', () => {
  it('checks a schedule field by field, the mapping by its own key, and the source system', async () => {
    await expect(
      saveSchedule(database.db, reference, {
        ...schedule,
        mapping: { ...mapping, columns: [{ name: 'x', target: 'attributes.shoeSize' }] },
        filePattern: '../LOAN_{YYYYMMDD}.dat',
        runAt: '24:00',
        directory: 'relative/dir',
      }),
    ).rejects.toMatchObject({
      code: 'ECIF_VALIDATION',
      details: {
        issues: expect.arrayContaining([
          expect.objectContaining({ field: 'mapping.columns[0].target' }),
          expect.objectContaining({ field: 'filePattern', code: 'NOT_A_FILE_NAME' }),
          expect.objectContaining({ field: 'runAt' }),
          expect.objectContaining({ field: 'directory' }),
        ]),
      },
    });
    await expect(
      saveSchedule(database.db, reference, { ...schedule, filePattern: 'LOAN_{YYMMDD}.dat' }),
    ).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ code: 'PLACEHOLDER_UNKNOWN' })] },
    });
    await expect(
      saveSchedule(database.db, reference, {
        ...schedule,
        system: 'NOPE',
        mapping: { ...mapping, system: 'NOPE' },
      }),
    ).rejects.toMatchObject({ code: 'ECIF_UNKNOWN_SOURCE_SYSTEM' });
    await expect(
      saveSchedule(database.db, reference, { ...schedule, system: 'CARD' }),
    ).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ field: 'mapping.system' })] },
    });
    await expect(getSchedule(database.db, 'loan-daily')).rejects.toMatchObject({
      code: 'ECIF_SCHEDULE_NOT_FOUND',
    });
  });

  it('creates, replaces, lists and removes schedules', async () => {
    const first = await saveSchedule(database.db, reference, { ...schedule, name: 'tmp' });
    expect(first).toMatchObject({ created: true, schedule: { name: 'tmp', enabled: true } });
    const again = await saveSchedule(database.db, reference, {
      ...schedule,
      name: 'tmp',
      runAt: '07:30',
      enabled: false,
    });
    expect(again).toMatchObject({ created: false, schedule: { runAt: '07:30', enabled: false } });
    expect((await listSchedules(database.db)).map((s) => s.name)).toContain('tmp');
    await removeSchedule(database.db, 'tmp');
    await expect(removeSchedule(database.db, 'tmp')).rejects.toMatchObject({
      code: 'ECIF_SCHEDULE_NOT_FOUND',
    });
  });

  it('tells the business date and time in Asia/Shanghai, whatever the server zone', () => {
    expect(businessClock(new Date('2026-11-23T22:10:00Z'))).toEqual({
      date: '2026-11-24',
      time: '06:10',
    });
    expect(businessClock(new Date('2026-11-23T15:59:00Z'))).toEqual({
      date: '2026-11-23',
      time: '23:59',
    });
  });

  it('is not due before its time, waits for the file and its .ok, loads once, not twice a day', async () => {
    await saveSchedule(database.db, reference, schedule);
    await saveSchedule(database.db, reference, {
      ...schedule,
      name: 'off',
      enabled: false,
    });

    expect(await outcomeOf(at('2026-11-24T05:59'))).toMatchObject({
      outcome: 'notYet',
      businessDate: '2026-11-24',
    });
    expect(await outcomeOf(at('2026-11-24T06:00'), 'off')).toMatchObject({ outcome: 'disabled' });

    // Due, but the source has not sent anything yet: nothing is recorded, the next look retries.
    expect(await outcomeOf(at('2026-11-24T06:00'))).toMatchObject({
      outcome: 'waiting',
      file: join(dir, 'LOAN_20261124.dat'),
      missing: ['LOAN_20261124.dat', 'LOAN_20261124.dat.ok'],
    });
    // The data file is there but the source is still writing it (no .ok yet): still waiting.
    writeData('LOAN_20261124.dat', 3, 'A');
    expect(await outcomeOf(at('2026-11-24T06:01'))).toMatchObject({
      outcome: 'waiting',
      missing: ['LOAN_20261124.dat.ok'],
    });
    expect(await getSchedule(database.db, schedule.name)).toMatchObject({
      lastRunDate: null,
      lastJobId: null,
    });
    expect(await jobsOf(schedule.name)).toHaveLength(0);

    // The .ok arrives: two looks at the same moment (two processes, say) load it exactly once.
    writeFileSync(join(dir, 'LOAN_20261124.dat.ok'), '3\n');
    const [a, b] = await Promise.all([
      outcomeOf(at('2026-11-24T06:02')),
      outcomeOf(at('2026-11-24T06:02')),
    ]);
    expect([a?.outcome, b?.outcome].sort()).toEqual(['ranToday', 'succeeded']);
    const loaded = a?.outcome === 'succeeded' ? a : b;
    const jobs = await jobsOf(schedule.name);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      id: loaded?.jobId,
      status: 'succeeded',
      trigger: 'schedule',
      received: 3,
      accepted: 3,
      file_path: join(dir, 'LOAN_20261124.dat'),
    });
    expect(await getSchedule(database.db, schedule.name)).toMatchObject({
      lastRunDate: '2026-11-24',
      lastJobId: loaded?.jobId,
      lastJobStatus: 'succeeded',
    });

    // Later the same day: done for today, nothing runs again.
    expect(await outcomeOf(at('2026-11-24T18:00'))).toMatchObject({
      outcome: 'ranToday',
      jobId: loaded?.jobId,
    });
    expect(await jobsOf(schedule.name)).toHaveLength(1);
  });

  it('counts a failed job as the day run (the operator re-runs it), and picks up the next day', async () => {
    writeData('LOAN_20261125.dat', 2, 'B', 5);
    writeFileSync(join(dir, 'LOAN_20261125.dat.ok'), '2\n');
    const failed = await outcomeOf(at('2026-11-25T06:30'));
    expect(failed).toMatchObject({
      outcome: 'failed',
      error: { code: 'ECIF_INGEST_BAD_FILE' },
    });
    expect((await findJob(database.db, failed?.jobId ?? ''))?.status).toBe('failed');
    expect(await getSchedule(database.db, schedule.name)).toMatchObject({
      lastRunDate: '2026-11-25',
      lastJobId: failed?.jobId,
      lastJobStatus: 'failed',
    });
    expect(await outcomeOf(at('2026-11-25T07:30'))).toMatchObject({ outcome: 'ranToday' });
    expect(await jobsOf(schedule.name)).toHaveLength(2);
  });

  it('ticks in the background with an injected clock, one look at a time, and stops', async () => {
    await saveSchedule(database.db, reference, {
      ...schedule,
      name: 'card-daily',
      system: 'CARD',
      mapping: { ...mapping, system: 'CARD' },
      filePattern: 'CARD_{YYYYMMDD}.dat',
      runAt: '05:00',
    });
    const lines: string[] = [];
    const log = {
      info: (_: object, message: string) => lines.push(message),
      warn: (_: object, message: string) => lines.push(message),
      error: (_: object, message: string) => lines.push(message),
    };
    let now = at('2026-11-26T04:59');
    let looks = 0;
    const scheduler = new Scheduler(database.db, reference, {
      intervalSeconds: 0.02,
      clock: () => {
        looks++;
        return now;
      },
      log,
    });
    scheduler.start();
    await until(() => looks >= 3);
    expect(lines).toEqual(['scheduler.started']); // not due yet
    now = at('2026-11-26T05:00');
    await until(() => lines.includes('schedule.waiting'));
    const waitingSince = looks;
    await until(() => looks >= waitingSince + 3);
    writeData('CARD_20261126.dat', 4, 'C');
    writeFileSync(join(dir, 'CARD_20261126.dat.ok'), '4\n');
    await until(() => lines.includes('schedule.ran'));
    const ranAt = looks;
    await until(() => looks >= ranAt + 3);
    await scheduler.stop();
    const stoppedAt = looks;
    expect(scheduler.started).toBe(false);
    expect(lines.filter((l) => l === 'schedule.waiting')).toHaveLength(1); // once a day, not per look
    expect(lines.filter((l) => l === 'schedule.ran')).toHaveLength(1);
    const jobs = await jobsOf('card-daily');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: 'succeeded', accepted: 4, trigger: 'schedule' });
    await new Promise((r) => setTimeout(r, 100));
    expect(looks).toBe(stoppedAt);
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
