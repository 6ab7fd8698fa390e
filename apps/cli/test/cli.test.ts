import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { residentId } from '../../../packages/hub/test/factories.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'ecif-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// The CLI always runs on its own embedded database here: the exit codes and JSON contract are
// the same on PostgreSQL (covered by the HTTP tests through the same hub functions).
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

describe('ecif CLI', () => {
  const id = residentId('1970-01-01');
  let ecifNo = '';

  it('migrates, creates and gets a customer as JSON', () => {
    expect(ecif('migrate').status).toBe(0);
    const body = JSON.stringify({
      kind: 'individual',
      source: { system: 'CORE', customerNo: 'CLI-1' },
      attributes: { name: '钱七', idType: 'RESIDENT_ID', idNo: id },
    });
    const created = ecif('customer', 'create', '--json', body);
    expect(created.status).toBe(0);
    ecifNo = (JSON.parse(created.out) as { customer: { ecifNo: string } }).customer.ecifNo;
    const got = ecif('customer', 'get', ecifNo);
    expect(got.status).toBe(0);
    expect(JSON.parse(got.out)).toMatchObject({ ecifNo, attributes: { name: '钱七', idNo: id } });
    const found = ecif('customer', 'find', '--id-no', id);
    expect((JSON.parse(found.out) as { ecifNo: string }[]).map((c) => c.ecifNo)).toEqual([ecifNo]);
  });

  it('loads an extract with progress, lists the job and writes its rejects', () => {
    const data = join(dataDir, 'card.dat');
    const mappingPath = join(dataDir, 'card.mapping.json');
    const mapping = {
      system: 'CARD',
      encoding: 'UTF-8',
      layout: { type: 'delimited', delimiter: '\u001f' },
      kind: 'individual',
      columns: [
        { name: 'no', target: 'sourceCustomerNo' },
        { name: 'name', target: 'attributes.name' },
        { name: 'idType', target: 'attributes.idType' },
        { name: 'idNo', target: 'attributes.idNo' },
      ],
    };
    writeFileSync(mappingPath, JSON.stringify(mapping));
    writeFileSync(
      data,
      [`K1\u001f钱七\u001f01\u001f${id}`, 'K2\u001f孙八\u001f01\u001f123'].join('\n') + '\n',
    );
    const load = ecif(
      'load',
      '--system',
      'CARD',
      '--mapping',
      mappingPath,
      '--file',
      data,
      '--delta',
    );
    expect(load.status).toBe(0);
    const job = JSON.parse(load.out).job;
    expect(job).toMatchObject({ status: 'succeeded', received: 2, accepted: 1, rejected: 1 });
    // One progress line per phase: the file landed, then its records applied.
    expect(load.err).toMatch(/stage CARD 2\/2 \(100%\)/);
    expect(load.err).toMatch(/apply CARD 2\/2 \(100%\)/);
    expect(JSON.parse(ecif('jobs', job.id).out)).toMatchObject({ id: job.id, status: 'succeeded' });
    const csv = join(dataDir, 'rejects.csv');
    expect(ecif('rejects', job.id, '--out', csv).status).toBe(0);
    expect(readFileSync(csv, 'utf8')).toMatch(/^line,raw,reasons\n2,"K2.*孙八.*ID_FORMAT/s);
    const again = ecif(
      'load',
      '--system',
      'CARD',
      '--mapping',
      mappingPath,
      '--file',
      data,
      '--delta',
    );
    expect(JSON.parse(again.out)).toMatchObject({ alreadyLoaded: true });
  });

  it('exits 2 on invalid input, 4 on not found, 64 on usage, with one JSON error line', () => {
    const bad = ecif(
      'customer',
      'create',
      '--json',
      '{"kind":"individual","source":{"system":"CORE","customerNo":"B"},"attributes":{"name":"x","idType":"RESIDENT_ID","idNo":"123"}}',
    );
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.err)).toMatchObject({ error: { code: 'ECIF_VALIDATION' } });
    const missing = ecif('customer', 'get', '--source', 'CORE', '--source-no', 'nope');
    expect(missing.status).toBe(4);
    expect(JSON.parse(missing.err).error.code).toBe('ECIF_CUSTOMER_NOT_FOUND');
    expect(ecif('frobnicate').status).toBe(64);
  });
});
