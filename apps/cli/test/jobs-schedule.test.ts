import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { businessClock } from '@ecif/hub';
import { afterAll, describe, expect, it } from 'vitest';
import { loanTestMapping } from '../../../packages/hub/test/batch-fixtures.ts';
import { residentId } from '../../../packages/hub/test/factories.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ecif-cli-jobs-'));
const dataDir = join(root, 'db');
const inbox = join(root, 'inbox');
mkdirSync(inbox);
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Like cli.test.ts: the CLI on its own embedded database (the same hub functions are tested on
// PostgreSQL through the HTTP API).
function ecif(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ECIF_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const errorOf = (stderr: string) =>
  JSON.parse(stderr.trim().split('\n').at(-1) ?? '{}') as {
    error: { code: string; details?: Record<string, any> };
  };

const mapping = loanTestMapping();
const mappingPath = join(root, 'LOAN.mapping.json');
writeFileSync(mappingPath, JSON.stringify(mapping));

let seq = 0;
function writeData(name: string, n: number, trailerCount = n): string {
  const path = join(inbox, name);
  const lines = Array.from({ length: n }, () => {
    const i = ++seq;
    return `C${i}|@|客户${i}|@|0|@|${residentId('1966-06-06')}|@|`;
  });
  writeFileSync(path, `${lines.join('\n')}\nT|@|${trailerCount}|@|\n`);
  return path;
}

const load = (file: string) =>
  ecif('load', '--system', 'LOAN', '--mapping', mappingPath, '--file', file, '--delta');

describe('ecif jobs rerun / watch', () => {
  let jobId = '';

  it('re-runs a job that failed for want of its .ok file: fails again until it comes, then succeeds as the same job', () => {
    const file = writeData('LOAN_20261122.dat', 4);
    const first = load(file);
    expect(first.status).toBe(3);
    const failure = errorOf(first.err).error;
    expect(failure.code).toBe('ECIF_INGEST_BAD_FILE');
    jobId = String(failure.details?.jobId);

    const still = ecif('jobs', 'rerun', jobId);
    expect(still.status).toBe(3);
    expect(JSON.parse(still.out)).toMatchObject({ job: { id: jobId, status: 'failed' } });
    expect(errorOf(still.err).error.code).toBe('ECIF_INGEST_BAD_FILE');

    writeFileSync(`${file}.ok`, '4\n');
    const rerun = ecif('jobs', 'rerun', jobId);
    expect(rerun.status).toBe(0);
    expect(JSON.parse(rerun.out)).toMatchObject({
      alreadyLoaded: false,
      rerunOf: jobId,
      job: { id: jobId, status: 'succeeded', received: 4, accepted: 4, rejected: 0 },
    });
    expect(rerun.err).toMatch(/rerun 4\/4 \(100%\)/);

    const twice = ecif('jobs', 'rerun', jobId);
    expect(twice.status).toBe(3);
    expect(errorOf(twice.err).error).toMatchObject({
      code: 'ECIF_JOB_NOT_RERUNNABLE',
      details: { status: 'succeeded' },
    });
  }, 180_000);

  it('watches a job to its end: exit 0 when it succeeded, the job’s code when it failed', () => {
    const done = ecif('jobs', 'watch', jobId, '--interval', '0.1');
    expect(done.status).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ id: jobId, status: 'succeeded' });

    const bad = load(writeData('LOAN_20261123.dat', 2, 7));
    const badId = String(errorOf(bad.err).error.details?.jobId);
    const watched = ecif('jobs', 'watch', badId);
    expect(watched.status).toBe(3);
    expect(JSON.parse(watched.out)).toMatchObject({ id: badId, status: 'failed' });
    expect(errorOf(watched.err).error).toMatchObject({
      code: 'ECIF_INGEST_BAD_FILE',
      details: { jobId: badId },
    });
  }, 120_000);

  it('exits 4 for an unknown job and 64 on usage errors', () => {
    const unknown = ecif('jobs', 'rerun', '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(4);
    expect(errorOf(unknown.err).error.code).toBe('ECIF_JOB_NOT_FOUND');
    expect(ecif('jobs', 'rerun').status).toBe(64);
    expect(ecif('jobs', 'watch', jobId, '--interval', '0').status).toBe(64);
  });
});

describe('ecif schedule', () => {
  const today = businessClock(new Date()).date.replaceAll('-', '');

  it('adds, lists, runs when due (waiting for the file, then once a day) and removes schedules', () => {
    const add = (...extra: string[]) =>
      ecif(
        'schedule',
        'add',
        '--name',
        'loan-daily',
        '--system',
        'LOAN',
        '--mapping',
        mappingPath,
        '--dir',
        inbox,
        '--pattern',
        'SCH_{YYYYMMDD}.dat',
        '--delta',
        ...extra,
      );
    const added = add('--at', '00:00');
    expect(added.status).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({
      created: true,
      schedule: { name: 'loan-daily', runAt: '00:00', directory: inbox, mode: 'delta' },
    });
    const badTime = add('--at', '7pm');
    expect(badTime.status).toBe(2);
    expect(errorOf(badTime.err).error.details?.issues[0].field).toBe('runAt');
    expect(JSON.parse(ecif('schedule', 'list').out)).toEqual([
      expect.objectContaining({ name: 'loan-daily', lastRunDate: null }),
    ]);

    const waiting = ecif('schedule', 'run-due');
    expect(waiting.status).toBe(0);
    expect(JSON.parse(waiting.out)).toEqual([
      expect.objectContaining({
        name: 'loan-daily',
        outcome: 'waiting',
        missing: [`SCH_${today}.dat`, `SCH_${today}.dat.ok`],
      }),
    ]);
    const file = writeData(`SCH_${today}.dat`, 3);
    writeFileSync(`${file}.ok`, '3\n');
    const ran = JSON.parse(ecif('schedule', 'run-due').out);
    expect(ran[0]).toMatchObject({ outcome: 'succeeded' });
    expect(JSON.parse(ecif('jobs', ran[0].jobId).out)).toMatchObject({
      status: 'succeeded',
      accepted: 3,
    });
    expect(JSON.parse(ecif('schedule', 'run-due').out)[0]).toMatchObject({
      outcome: 'ranToday',
      jobId: ran[0].jobId,
    });

    expect(ecif('schedule', 'remove', 'loan-daily').status).toBe(0);
    const gone = ecif('schedule', 'remove', 'loan-daily');
    expect(gone.status).toBe(4);
    expect(errorOf(gone.err).error.code).toBe('ECIF_SCHEDULE_NOT_FOUND');
    expect(ecif('schedule', 'frobnicate').status).toBe(64);
  }, 180_000);
});
