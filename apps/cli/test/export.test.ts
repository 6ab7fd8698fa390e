import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId } from '../../../packages/hub/test/factories.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'ecif-cli-export-'));
const outDir = join(dataDir, 'out');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Like cli.test.ts, the CLI runs on its own embedded database: the exit codes and the JSON
// contract do not depend on the database (the hub tests run the export on both).
function ecif(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ECIF_DATA_DIR: join(dataDir, 'pglite') };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const mapping = {
  system: 'CORE',
  encoding: 'GBK',
  lineEnding: 'CRLF',
  layout: { type: 'fixed' },
  trailer: { type: 'control', marker: 'T', recordCountField: 2 },
  companion: { suffix: '.ok', required: true, contents: 'recordCount' },
  kind: 'individual',
  columns: [
    { name: 'NO', target: 'sourceCustomerNo', width: 12 },
    { name: 'NAME', target: 'attributes.name', width: 20 },
    { name: 'SEX', target: 'attributes.gender', width: 1, codeMap: { M: '1', F: '2' } },
  ],
};
const mappingPath = join(dataDir, 'core.mapping.json');
const out = join(outDir, 'CORE_export.dat');
const ecifNos: string[] = [];

function create(customerNo: string, name: string, idNo: string) {
  const body = JSON.stringify({
    kind: 'individual',
    source: { system: 'CORE', customerNo },
    attributes: { name, idType: 'RESIDENT_ID', idNo, gender: '1' },
  });
  const created = ecif('customer', 'create', '--json', body);
  expect(created.status, created.err).toBe(0);
  return (JSON.parse(created.out) as { customer: { ecifNo: string } }).customer.ecifNo;
}

beforeAll(() => {
  writeFileSync(mappingPath, JSON.stringify(mapping));
  expect(ecif('migrate').status).toBe(0);
  ecifNos.push(create('X-1', '钱七', residentId('1970-01-01', '360121', true)));
  ecifNos.push(create('X-2', '王𠀀', residentId('1971-01-01', '360121', true)));
  mkdirSync(outDir);
}, 120_000);

describe('ecif export', () => {
  it('fails with exit 2 on a character outside GBK, naming customer and field, and writes nothing', () => {
    const r = ecif('export', 'customers', '--full', '--format', mappingPath, '--out', out);
    expect(r.status).toBe(2);
    const error = JSON.parse(r.err.trim().split('\n').at(-1) ?? '{}').error;
    expect(error).toMatchObject({
      code: 'ECIF_VALIDATION',
      details: { ecifNo: ecifNos[1], codePoint: 'U+20000', issues: [{ field: 'NAME' }] },
    });
    expect(error.message).toContain(ecifNos[1]);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('exports with --unencodable skip: progress on stderr, JSON summary on stdout, .ok last', () => {
    const r = ecif(
      'export',
      'customers',
      '--full',
      '--format',
      mappingPath,
      '--out',
      out,
      '--unencodable',
      'skip',
    );
    expect(r.status, r.err).toBe(0);
    expect(r.err).toMatch(/export customers 2\/2 \(100%\)/);
    const summary = JSON.parse(r.out);
    const data = readFileSync(out);
    expect(summary).toMatchObject({
      file: out,
      records: 1,
      skipped: 1,
      bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      companion: `${out}.ok`,
      unencodableFile: `${out}.unencodable.csv`,
      mode: 'full',
    });
    expect(new TextDecoder('gbk').decode(data)).toBe(
      `${ecifNos[0]}钱七${' '.repeat(16)}M\r\nT 1\r\n`,
    );
    expect(readFileSync(`${out}.ok`, 'utf8')).toBe('1\n');
    expect(readFileSync(`${out}.unencodable.csv`, 'utf8')).toContain(
      `${ecifNos[1]},NAME,U+20000,skipped,UNENCODABLE`,
    );
    expect(readdirSync(outDir).sort()).toEqual(
      ['CORE_export.dat', 'CORE_export.dat.ok', 'CORE_export.dat.unencodable.csv'].sort(),
    );
  });

  it('exports changes since an instant, replacing the character on request', () => {
    const r = ecif(
      'export',
      'customers',
      '--since',
      '2000-01-01T00:00:00+08:00',
      '--format',
      mappingPath,
      '--out',
      out,
      '--unencodable',
      'replace:*',
    );
    expect(r.status, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      records: 2,
      skipped: 0,
      replaced: 1,
      mode: 'since',
      since: '1999-12-31T16:00:00.000Z',
    });
    expect(new TextDecoder('gbk').decode(readFileSync(out))).toContain('王*');
    const later = ecif(
      'export',
      'customers',
      '--since',
      '2999-01-01T00:00:00Z',
      '--format',
      mappingPath,
      '--out',
      out,
    );
    expect(JSON.parse(later.out)).toMatchObject({ records: 0, unencodableFile: null });
    expect(existsSync(`${out}.unencodable.csv`)).toBe(false);
  });

  it('writes the cross-reference CSV', () => {
    const csv = join(outDir, 'xref.csv');
    const r = ecif('export', 'xref', '--out', csv);
    expect(r.status, r.err).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe(
      `system,source_customer_no,ecif_no\nCORE,X-1,${ecifNos[0]}\nCORE,X-2,${ecifNos[1]}\n`,
    );
    expect(JSON.parse(r.out)).toMatchObject({ file: csv, records: 2 });
    expect(r.err).toMatch(/export xref 2\/2/);
  });

  it('exits 64 on usage errors and 2 on invalid mappings, instants and paths', () => {
    const usage = [
      ['export'],
      ['export', 'golden'],
      ['export', 'customers', '--format', mappingPath, '--out', out],
      [
        'export',
        'customers',
        '--full',
        '--since',
        '2026-01-01T00:00:00Z',
        '--format',
        mappingPath,
        '--out',
        out,
      ],
      ['export', 'customers', '--full', '--format', mappingPath],
      ['export', 'customers', '--full', '--format', mappingPath, '--out', out, '--bogus'],
      ['export', 'xref'],
    ];
    for (const args of usage) expect(ecif(...args).status, args.join(' ')).toBe(64);

    const bad = join(dataDir, 'bad.mapping.json');
    writeFileSync(
      bad,
      JSON.stringify({
        ...mapping,
        layout: { type: 'fixed' },
        columns: [{ name: 'NO', target: 'sourceCustomerNo' }],
      }),
    );
    const invalid = ecif('export', 'customers', '--full', '--format', bad, '--out', out);
    expect(invalid.status).toBe(2);
    expect(JSON.stringify(JSON.parse(invalid.err).error.details)).toContain(
      'mapping.columns[0].width',
    );

    const since = ecif(
      'export',
      'customers',
      '--since',
      '2026-01-01',
      '--format',
      mappingPath,
      '--out',
      out,
    );
    expect(since.status).toBe(2);
    expect(JSON.parse(since.err).error.details.issues[0].field).toBe('since');

    const missing = ecif(
      'export',
      'customers',
      '--full',
      '--format',
      join(dataDir, 'none.json'),
      '--out',
      out,
    );
    expect(missing.status).toBe(2);

    const nowhere = ecif('export', 'xref', '--out', join(dataDir, 'no', 'such', 'dir.csv'));
    expect(nowhere.status).toBe(2);
    expect(JSON.parse(nowhere.err).error.details.issues[0].field).toBe('out');
  });
});
