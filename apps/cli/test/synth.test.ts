import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSourceMapping } from '../../../packages/core/src/batch/source-mapping.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'ecif-synth-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const LABEL = { 'UTF-8': 'utf-8', GBK: 'gbk', GB18030: 'gb18030' } as const;

function lines(bytes: Buffer, eol: string): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(eol, start); i >= 0; i = bytes.indexOf(eol, start)) {
    parts.push(bytes.subarray(start, i));
    start = i + eol.length;
  }
  expect(start, 'file ends with a line terminator').toBe(bytes.length);
  return parts;
}

describe('ecif synth', () => {
  const run = spawnSync(
    process.execPath,
    [
      MAIN,
      'synth',
      '--people',
      '300',
      '--companies',
      '40',
      '--out',
      out,
      '--seed',
      '3',
      '--date',
      '20260115',
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const summary = JSON.parse(run.stdout || '{}') as {
    files: string[];
    records: Record<string, number>;
  };

  it('writes data, companion, mapping and truth files and a one-line JSON summary', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    for (const system of ['CORE', 'LOAN', 'CARD', 'WEALTH', 'CORP']) {
      expect(summary.files).toContain(`${system}_20260115.dat`);
      expect(summary.files).toContain(`${system}.mapping.json`);
    }
    expect(readFileSync(join(out, 'CORE_20260115.dat.ok'), 'utf8').trim()).toBe(
      String(summary.records['CORE_20260115.dat']),
    );
    const truth = readFileSync(join(out, 'truth.csv'), 'utf8').trim().split('\n');
    expect(truth[0]).toBe('system,source_customer_no,entity_id');
    const total = Object.values(summary.records).reduce((a, b) => a + b, 0);
    expect(truth).toHaveLength(total + 1);
  });

  it('encodes every file strictly in its mapping encoding and layout', () => {
    for (const system of ['CORE', 'LOAN', 'CARD', 'WEALTH', 'CORP']) {
      const parsed = parseSourceMapping(
        JSON.parse(readFileSync(join(out, `${system}.mapping.json`), 'utf8')),
      );
      if (!parsed.ok) throw new Error(`${system} mapping invalid`);
      const mapping = parsed.mapping;
      const bytes = readFileSync(join(out, `${system}_20260115.dat`));
      const decoder = new TextDecoder(LABEL[mapping.encoding], { fatal: true });
      expect(() => decoder.decode(bytes), system).not.toThrow();
      const eol = mapping.lineEnding === 'CRLF' ? '\r\n' : '\n';
      if (eol === '\n') expect(bytes.includes('\r'), system).toBe(false);
      let records = lines(bytes, eol);
      if (mapping.header.type !== 'none') records = records.slice(1);
      const control = mapping.trailer;
      if (control.type === 'control') {
        const trailer = decoder.decode(records.pop());
        const delimiter = mapping.layout.type === 'delimited' ? mapping.layout.delimiter : '';
        const fields = trailer.split(delimiter);
        expect(fields[0]).toBe(control.marker);
        expect(Number(fields[control.recordCountField - 1])).toBe(records.length);
        // The amount sum reconciles with the amount column of the records.
        const amountAt = mapping.columns.findIndex((c) => c.name === control.amountColumn);
        const sum = records.reduce(
          (s, r) => s + BigInt(decoder.decode(r).split(delimiter)[amountAt] || '0'),
          0n,
        );
        expect(fields[(control.amountSumField ?? 0) - 1]).toBe(sum.toString());
      }
      expect(records.length, system).toBe(summary.records[`${system}_20260115.dat`]);
      if (mapping.layout.type === 'fixed') {
        const width = mapping.columns.reduce((a, c) => a + (c.width ?? 0), 0);
        for (const r of records) expect(r.length).toBe(width);
      } else {
        const { delimiter, trailingDelimiter } = mapping.layout;
        for (const r of records) {
          const fields = decoder.decode(r).split(delimiter);
          expect(fields).toHaveLength(mapping.columns.length + (trailingDelimiter ? 1 : 0));
        }
      }
    }
  });

  it('exits 64 without --out', () => {
    const r = spawnSync(process.execPath, [MAIN, 'synth', '--people', '1'], { encoding: 'utf8' });
    expect(r.status).toBe(64);
  });
});
