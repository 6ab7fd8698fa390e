import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGbk, parseSourceMapping, type SourceMapping } from '@ecif/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrIdentify } from '../src/customers/create-or-identify.ts';
import { setCustomerActive } from '../src/customers/update-customer.ts';
import { exportCustomers } from '../src/export/export-customers.ts';
import { exportXref } from '../src/export/export-xref.ts';
import { loadFile } from '../src/ingestion/load-file.ts';
import { scanFile } from '../src/ingestion/scan-file.ts';
import { createReferenceStore, type ReferenceStore } from '../src/reference/reference-store.ts';
import { mobile, newCorporate, newIndividual, residentId } from './factories.ts';
import { createTestDatabase } from './test-database.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;
let reference: ReferenceStore;
const dir = mkdtempSync(join(tmpdir(), 'ecif-export-'));
const ctx = { actor: 'test:export', requestId: 'export-test' };
const gbk = new TextDecoder('gbk', { fatal: true });

// A downstream core-banking layout: GBK, fixed byte widths, CRLF, trailer with count and
// balance sum, `.ok` with the record count.
const fixedMapping = {
  system: 'CORE',
  encoding: 'GBK',
  lineEnding: 'CRLF',
  layout: { type: 'fixed' },
  trailer: {
    type: 'control',
    marker: 'T',
    recordCountField: 2,
    amountSumField: 3,
    amountColumn: 'BAL',
  },
  companion: { suffix: '.ok', required: true, contents: 'recordCount' },
  defaults: { 'accounts.accountType': 'LOAN' },
  columns: [
    { name: 'NO', target: 'sourceCustomerNo', width: 12 },
    { name: 'TYPE', target: 'kind', width: 1, codeMap: { '1': 'individual', '2': 'corporate' } },
    { name: 'NAME', target: 'attributes.name', width: 40 },
    { name: 'SEX', target: 'attributes.gender', width: 1, codeMap: { M: '1', F: '2' } },
    { name: 'CERT_TYPE', target: 'attributes.idType', width: 2, codeMap: { '10': 'RESIDENT_ID' } },
    { name: 'CERT_NO', target: 'attributes.idNo', width: 18 },
    { name: 'BIRTH', target: 'attributes.birthDate', width: 8, dateFormat: 'YYYYMMDD' },
    { name: 'USCC', target: 'attributes.creditCode', width: 18 },
    { name: 'MOBILE', target: 'contacts.MOBILE', width: 11 },
    { name: 'ADDR', target: 'addresses.RESIDENTIAL', width: 60 },
    { name: 'ACCT', target: 'accounts.accountNo', width: 20 },
    { name: 'BAL', target: 'accounts.balance', width: 15, impliedDecimals: 2 },
    { name: 'OPEN_DT', target: 'ext.openDate', width: 8, dateFormat: 'YYYYMMDD' },
    { name: 'BRANCH', target: 'ext.branchCode', width: 6 },
  ],
};
const WIDTHS = fixedMapping.columns.map((c) => c.width);
const RECORD_BYTES = WIDTHS.reduce((a, b) => a + b, 0);

const people = {
  zhang: newIndividual({
    customerNo: 'EXP-ZHANG',
    attributes: { name: '张三丰', gender: '1', birthDate: '1985-06-15' },
    ext: { openDate: '2010-03-01', branchCode: '360121' },
    areas: {
      contacts: [{ contactType: 'MOBILE', value: mobile(1001) }],
      addresses: [
        { addressType: 'RESIDENTIAL', fullText: '江西省南昌市南昌县莲塘镇澄湖北大道1号' },
      ],
      accounts: [
        { accountNo: 'LN0000000001', accountType: 'LOAN', balance: 1234.5 },
        { accountNo: '6217990000000001', accountType: 'DEBIT_CARD', balance: 99 },
      ],
    },
  }),
  // 𠀀 (U+20000) is a GB18030 four-byte character: not in GBK.
  wang: newIndividual({
    customerNo: 'EXP-WANG',
    attributes: {
      name: '王𠀀明',
      gender: '2',
      birthDate: '1990-02-03',
      idNo: residentId('1990-02-03', '360121', false),
    },
    areas: { accounts: [{ accountNo: 'LN0000000002', accountType: 'LOAN', balance: 0.05 }] },
  }),
  li: newIndividual({
    customerNo: 'EXP-LI',
    attributes: {
      name: '李四',
      gender: '1',
      birthDate: '1972-11-30',
      idNo: residentId('1972-11-30', '360121', true),
    },
  }),
};
const ecifNos: Record<string, string> = {};
const SIDE_HEADER = 'ecif_no,field,code_point,action,reason,detail';
const NOT_GBK = 'character 𠀀 (U+20000) is not in GBK';

beforeAll(async () => {
  database = await createTestDatabase();
  reference = createReferenceStore(database.db);
  const ref = await reference.get();
  for (const [key, input] of Object.entries(people)) {
    const result = await createOrIdentify(database.db, ref, input, ctx);
    ecifNos[key] = result.customer.ecifNo;
  }
  const corp = await createOrIdentify(
    database.db,
    ref,
    newCorporate({ customerNo: 'EXP-CORP', attributes: { name: '南昌县荷塘水稻种植专业合作社' } }),
    ctx,
  );
  ecifNos.corp = corp.customer.ecifNo;
  const gone = await createOrIdentify(
    database.db,
    ref,
    newIndividual({
      customerNo: 'EXP-GONE',
      attributes: { name: '赵六', idNo: residentId('1960-01-01', '360121', true) },
    }),
    ctx,
  );
  await setCustomerActive(
    database.db,
    ref,
    gone.customer.ecifNo,
    { active: false, reason: 'closed', expectedVersion: gone.customer.version },
    ctx,
  );
  ecifNos.gone = gone.customer.ecifNo;
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

function mappingOf(document: unknown): SourceMapping {
  const parsed = parseSourceMapping(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.mapping;
}

/** Data lines of a file (CRLF), without the trailer. */
function lines(path: string, eol = '\r\n'): Buffer[] {
  const bytes = readFileSync(path);
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = bytes.indexOf(eol, at);
    if (end < 0) break;
    out.push(bytes.subarray(at, end));
    at = end + eol.length;
  }
  expect(at).toBe(bytes.length); // every line, the last included, ends with the terminator
  return out;
}

function fields(line: Buffer): string[] {
  let at = 0;
  return WIDTHS.map((w) => {
    const text = gbk.decode(line.subarray(at, at + w));
    at += w;
    return text;
  });
}

const padGbk = (text: string, width: number) => {
  const bytes = encodeGbk(text);
  return Buffer.concat([bytes, Buffer.alloc(width - bytes.length, 0x20)]);
};

describe('exportCustomers', () => {
  it('reports mapping mistakes by key before writing anything', async () => {
    const out = join(dir, 'bad.dat');
    const bad = { ...fixedMapping, columns: [{ name: 'NO', target: 'customerNumber', width: 1 }] };
    await expect(
      exportCustomers(database.db, { mapping: bad, outPath: out, mode: { type: 'full' } }),
    ).rejects.toMatchObject({
      code: 'ECIF_VALIDATION',
      details: { issues: [expect.objectContaining({ field: 'mapping.columns[0].target' })] },
    });
    const noWidth = {
      ...fixedMapping,
      columns: [{ name: 'NO', target: 'sourceCustomerNo' }],
    };
    await expect(
      exportCustomers(database.db, { mapping: noWidth, outPath: out, mode: { type: 'full' } }),
    ).rejects.toMatchObject({
      details: {
        issues: expect.arrayContaining([
          expect.objectContaining({ field: 'mapping.columns[0].width' }),
        ]),
      },
    });
    await expect(
      exportCustomers(database.db, {
        mapping: fixedMapping,
        outPath: out,
        mode: { type: 'full' },
        unencodable: 'replace:𠀀',
      }),
    ).rejects.toMatchObject({ details: { issues: [{ field: 'unencodable' }] } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails on a character outside GBK by default, naming customer, field and character, and leaves no file', async () => {
    const out = join(dir, 'CORE_fail.dat');
    const error = await exportCustomers(database.db, {
      mapping: fixedMapping,
      outPath: out,
      mode: { type: 'full' },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ECIF_VALIDATION',
      details: {
        ecifNo: ecifNos.wang,
        codePoint: 'U+20000',
        issues: [{ field: 'NAME', code: 'UNENCODABLE' }],
      },
    });
    expect((error as Error).message).toContain(ecifNos.wang);
    expect((error as Error).message).toContain('NAME');
    expect((error as Error).message).toContain('U+20000');
    expect(readdirSync(dir).filter((f) => f.startsWith('CORE_fail'))).toEqual([]);
  });

  it('writes GBK fixed width byte-exact with trailer and .ok, skipping (and listing) the unencodable record', async () => {
    const out = join(dir, 'CORE_skip.dat');
    const progress: { done: number; total: number }[] = [];
    const summary = await exportCustomers(
      database.db,
      {
        mapping: fixedMapping,
        outPath: out,
        mode: { type: 'full' },
        unencodable: 'skip',
        pageSize: 2,
      },
      (p) => progress.push(p),
    );
    // Active individuals and the company; the deactivated customer is not exported.
    const expected = [ecifNos.zhang, ecifNos.li, ecifNos.corp].sort();
    expect(summary).toMatchObject({
      records: 3,
      skipped: 1,
      replaced: 0,
      encoding: 'GBK',
      amountSum: '123450',
      companion: `${out}.ok`,
      unencodableFile: `${out}.unencodable.csv`,
    });
    expect(progress.at(-1)).toEqual({ done: 4, total: 4 });
    expect(progress.length).toBe(2); // pages of two

    const data = readFileSync(out);
    expect(summary.bytes).toBe(data.length);
    expect(summary.sha256).toMatch(/^[0-9a-f]{64}$/);
    const all = lines(out);
    expect(all).toHaveLength(4);
    const records = all.slice(0, 3);
    for (const line of records) expect(line.length).toBe(RECORD_BYTES);
    expect(records.map((l) => fields(l)[0])).toEqual(expected);
    expect(gbk.decode(all[3])).toBe('T 3 123450');

    const zhang = records.find((l) => fields(l)[0] === ecifNos.zhang)!;
    const values = [
      ecifNos.zhang,
      '1',
      '张三丰',
      'M',
      '10',
      people.zhang.attributes.idNo,
      '19850615',
      '',
      mobile(1001),
      '江西省南昌市南昌县莲塘镇澄湖北大道1号',
      'LN0000000001',
      '123450',
      '20100301',
      '360121',
    ];
    expect(zhang).toEqual(Buffer.concat(values.map((v, i) => padGbk(v ?? '', WIDTHS[i]!))));
    const corp = records.find((l) => fields(l)[0] === ecifNos.corp)!;
    expect(fields(corp)[1]).toBe('2');
    expect(fields(corp)[4]).toBe('  ');
    expect(fields(corp)[7]?.trimEnd()).toMatch(/^91360121/);

    expect(readFileSync(`${out}.ok`, 'utf8')).toBe('3\n');
    expect(readFileSync(`${out}.unencodable.csv`, 'utf8')).toBe(
      `${SIDE_HEADER}\n${ecifNos.wang},NAME,U+20000,skipped,UNENCODABLE,${NOT_GBK}\n`,
    );
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // The loader's own scan reads it back: control total, line endings, companion.
    const scan = await scanFile(out, mappingOf(fixedMapping));
    expect(scan).toMatchObject({ problems: [], dataLines: 3, declaredCount: 3, trailerLine: 4 });
    expect(scan.checksum).toBe(summary.sha256);
  });

  it('replaces an unencodable character with the given one and still lists it', async () => {
    const out = join(dir, 'CORE_replace.dat');
    const summary = await exportCustomers(database.db, {
      mapping: fixedMapping,
      outPath: out,
      mode: { type: 'full' },
      unencodable: 'replace:＊',
    });
    expect(summary).toMatchObject({ records: 4, skipped: 0, replaced: 1, amountSum: '123455' });
    const wang = lines(out).find((l) => fields(l)[0] === ecifNos.wang)!;
    expect(fields(wang).slice(2, 7)).toEqual([
      '王＊明' + ' '.repeat(34),
      'F',
      '10',
      people.wang.attributes.idNo,
      '19900203',
    ]);
    expect(readFileSync(`${out}.unencodable.csv`, 'utf8')).toBe(
      `${SIDE_HEADER}\n${ecifNos.wang},NAME,U+20000,replaced,UNENCODABLE,${NOT_GBK}\n`,
    );
    expect(readFileSync(`${out}.ok`, 'utf8')).toBe('4\n');
  });

  it('treats an overlong value under the policy instead of truncating it', async () => {
    const narrow = {
      ...fixedMapping,
      columns: fixedMapping.columns.map((c) => (c.name === 'ADDR' ? { ...c, width: 10 } : c)),
    };
    const out = join(dir, 'CORE_narrow.dat');
    await expect(
      exportCustomers(database.db, { mapping: narrow, outPath: out, mode: { type: 'full' } }),
    ).rejects.toMatchObject({
      details: { ecifNo: ecifNos.zhang, issues: [expect.objectContaining({ code: 'TOO_LONG' })] },
    });
    expect(existsSync(out)).toBe(false);
    const summary = await exportCustomers(database.db, {
      mapping: narrow,
      outPath: out,
      mode: { type: 'full' },
      unencodable: 'skip',
    });
    expect(summary).toMatchObject({ records: 2, skipped: 2 });
    expect(readFileSync(`${out}.unencodable.csv`, 'utf8')).toMatch(
      new RegExp(`\\n${ecifNos.zhang},ADDR,,skipped,TOO_LONG,"is \\d+ bytes, the column is 10"\\n`),
    );
  });

  it('writes any delimiter in UTF-8 and GB18030 (every character) with a control header re-read by the scan', async () => {
    for (const encoding of ['UTF-8', 'GB18030'] as const) {
      const mapping = {
        system: 'WEALTH',
        encoding,
        lineEnding: 'LF',
        layout: { type: 'delimited', delimiter: '|@|', trailingDelimiter: true },
        header: { type: 'control', marker: 'H', recordCountField: 2 },
        trailer: { type: 'control', marker: 'T', recordCountField: 2 },
        companion: { suffix: '.flg', required: true, contents: 'size' },
        kind: 'individual',
        columns: [
          { name: 'NO', target: 'sourceCustomerNo' },
          { name: 'NAME', target: 'attributes.name' },
          { name: 'SEX', target: 'attributes.gender', codeMap: { '01': '1', '02': '2' } },
          { name: 'BIRTH', target: 'attributes.birthDate', dateFormat: 'YYYY/MM/DD' },
        ],
      };
      const out = join(dir, `WEALTH_${encoding}.dat`);
      const summary = await exportCustomers(database.db, {
        mapping,
        outPath: out,
        mode: { type: 'full' },
      });
      // `kind: individual` applies to every record: the company is not written.
      expect(summary).toMatchObject({ records: 3, skipped: 0, unencodableFile: null });
      const text = new TextDecoder(encoding === 'UTF-8' ? 'utf-8' : 'gb18030', {
        fatal: true,
      }).decode(readFileSync(out));
      expect(text.split('\n')).toEqual([
        'H|@|3|@|',
        `${ecifNos.zhang}|@|张三丰|@|01|@|1985/06/15|@|`,
        `${ecifNos.wang}|@|王𠀀明|@|02|@|1990/02/03|@|`,
        `${ecifNos.li}|@|李四|@|01|@|1972/11/30|@|`,
        'T|@|3|@|',
        '',
      ]);
      expect(readFileSync(`${out}.flg`, 'utf8')).toBe(`${summary.bytes}\n`);
      const scan = await scanFile(out, mappingOf(mapping));
      expect(scan).toMatchObject({ problems: [], dataLines: 3, headerLine: 1, declaredCount: 3 });
    }
  });

  it('exports only customers changed since the given instant', async () => {
    const row = await database.db
      .selectFrom('customer')
      .select(sql<Date>`max(updated_at)`.as('at'))
      .executeTakeFirstOrThrow();
    const since = new Date(new Date(row.at).getTime() + 1);
    const out = join(dir, 'CORE_since.dat');
    const none = await exportCustomers(database.db, {
      mapping: fixedMapping,
      outPath: out,
      mode: { type: 'since', since },
    });
    expect(none.records).toBe(0);
    expect(readFileSync(out, 'latin1')).toBe('T 0 0\r\n');
    await new Promise((r) => setTimeout(r, 5));
    const ref = await reference.get();
    const changed = await createOrIdentify(
      database.db,
      ref,
      { ...people.li, attributes: { ...people.li.attributes, nameEn: 'Li Si' } },
      ctx,
    );
    expect(changed.changed).toBe(true);
    const summary = await exportCustomers(database.db, {
      mapping: fixedMapping,
      outPath: out,
      mode: { type: 'since', since },
    });
    expect(summary.records).toBe(1);
    expect(lines(out).map((l) => gbk.decode(l).slice(0, 12))).toEqual([ecifNos.li, 'T 1 0']);
    expect(readFileSync(`${out}.ok`, 'utf8')).toBe('1\n');
  });

  it('writes a file the loader loads back onto the same customers (codes mapped again)', async () => {
    const out = join(dir, 'CORE_roundtrip.dat');
    await exportCustomers(database.db, {
      mapping: fixedMapping,
      outPath: out,
      mode: { type: 'full' },
      unencodable: 'skip',
    });
    const before = await database.db
      .selectFrom('customer')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const loan = { ...fixedMapping, system: 'LOAN' };
    const outcome = await loadFile(
      database.db,
      reference,
      { system: 'LOAN', mapping: loan, filePath: out, mode: 'delta' },
      ctx,
    );
    expect(outcome.job).toMatchObject({
      status: 'succeeded',
      received: 3,
      accepted: 3,
      rejected: 0,
    });
    const after = await database.db
      .selectFrom('customer')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const linked = await database.db
      .selectFrom('customer_xref as x')
      .innerJoin('customer as c', 'c.id', 'x.customer_id')
      .select(['x.source_customer_no', 'c.ecif_no', 'c.gender'])
      .where('x.source_system', '=', 'LOAN')
      .orderBy('x.source_customer_no')
      .execute();
    // The LOAN number is the ECIF number it was exported with: identified, not created.
    expect(linked.map((l) => [l.source_customer_no, l.ecif_no])).toEqual(
      [ecifNos.zhang, ecifNos.li, ecifNos.corp].sort().map((n) => [n, n]),
    );
    expect(linked.find((l) => l.ecif_no === ecifNos.zhang)?.gender).toBe('1');
  });
});

describe('exportXref', () => {
  it('writes every source record, active or not, as quoted CSV with the current ECIF number', async () => {
    const ref = await reference.get();
    const quoted = await createOrIdentify(
      database.db,
      ref,
      newIndividual({
        system: 'CARD',
        customerNo: 'Q,"1"',
        attributes: { name: '孙八', idNo: residentId('1980-08-08', '360121', true) },
      }),
      ctx,
    );
    const out = join(dir, 'xref.csv');
    const progress: number[] = [];
    const summary = await exportXref(database.db, { outPath: out, pageSize: 3 }, (p) =>
      progress.push(p.done),
    );
    const text = readFileSync(out, 'utf8');
    const rows = text.trimEnd().split('\n');
    expect(rows[0]).toBe('system,source_customer_no,ecif_no');
    const count = await database.db
      .selectFrom('customer_xref')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(summary).toMatchObject({
      file: out,
      records: Number(count.n),
      bytes: Buffer.byteLength(text),
    });
    expect(rows).toHaveLength(Number(count.n) + 1);
    expect(rows).toContain(`CARD,"Q,""1""",${quoted.customer.ecifNo}`);
    expect(rows).toContain(`CORE,EXP-GONE,${ecifNos.gone}`);
    expect(rows).toContain(`CORE,EXP-WANG,${ecifNos.wang}`);
    expect(rows).toContain(`LOAN,${ecifNos.li},${ecifNos.li}`);
    expect(progress.at(-1)).toBe(Number(count.n));
    expect(summary.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
