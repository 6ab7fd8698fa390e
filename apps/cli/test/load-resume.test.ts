import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '@ecif/hub';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ecif-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function env(dataDir: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, ECIF_DATA_DIR: dataDir };
  delete e.DATABASE_URL;
  return e;
}

function ecif(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    env: env(dataDir),
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/**
 * Starts a load and kills it (SIGKILL, no clean-up) as soon as it reports a checkpoint of the
 * given phase: `stage` (file being read and staged) or `apply` (customers being written).
 */
function loadAndKill(dataDir: string, args: string[], phase: 'stage' | 'apply'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: env(dataDir) });
    child.stderr.on('data', (chunk: Buffer) => {
      if (new RegExp(`${phase} \\w+ [1-9]\\d*/\\d+`).test(chunk.toString())) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`load finished before the kill (exit ${code})`)),
    );
  });
}

async function snapshot(dataDir: string) {
  const database = await createDatabase({ dataDir });
  try {
    const { rows } = await sql<{ customers: number; refs: number; rejects: number }>`
      SELECT (SELECT count(*) FROM customer)::int AS customers,
             (SELECT count(*) FROM customer_xref)::int AS refs,
             (SELECT count(*) FROM ingestion_reject)::int AS rejects`.execute(database.db);
    return rows[0];
  } finally {
    await database.close();
  }
}

describe('a load killed mid-way', () => {
  it('finishes on the next run with exactly the result of an uninterrupted run: no lost record, no twin', async () => {
    const synthDir = join(root, 'synth');
    expect(
      ecif(
        join(root, 'unused'),
        'synth',
        '--people',
        '1500',
        '--companies',
        '50',
        '--out',
        synthDir,
        '--seed',
        '11',
      ).status,
    ).toBe(0);
    const data = join(synthDir, readdirSync(synthDir).find((f) => /^CORE_\d+\.dat$/.test(f)) ?? '');
    const args = [
      'load',
      '--system',
      'CORE',
      '--mapping',
      join(synthDir, 'CORE.mapping.json'),
      '--file',
      data,
      '--full',
      '--apply-chunk',
      '150',
    ];

    const clean = join(root, 'clean');
    const uninterrupted = ecif(clean, ...args);
    expect(uninterrupted.status).toBe(0);
    const expectedJob = JSON.parse(uninterrupted.out).job;

    const crashed = join(root, 'crashed');
    expect(ecif(crashed, 'migrate').status).toBe(0);
    // Killed once while reading the file, then the resumed run killed while writing customers.
    await loadAndKill(crashed, args, 'stage');
    expect((await snapshot(crashed))?.customers).toBe(0);
    await loadAndKill(crashed, args, 'apply');
    const partial = await snapshot(crashed);
    expect(partial?.customers).toBeGreaterThan(0);
    expect(partial?.customers).toBeLessThan((await snapshot(clean))?.customers ?? 0);
    const resumed = ecif(crashed, ...args);
    expect(resumed.status).toBe(0);
    const job = JSON.parse(resumed.out).job;
    expect(job).toMatchObject({
      status: 'succeeded',
      received: expectedJob.received,
      accepted: expectedJob.accepted,
      rejected: expectedJob.rejected,
    });
    expect(job.received).toBe(job.accepted + job.rejected);
    expect(await snapshot(crashed)).toEqual(await snapshot(clean));
  }, 300_000);
});
