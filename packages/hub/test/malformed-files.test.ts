import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSourceMapping } from '@ecif/core';
import { encodeGbk } from '@ecif/core/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../src/ingestion/load-file.ts';
import { scanFile } from '../src/ingestion/scan-file.ts';
import { createReferenceStore } from '../src/reference/reference-store.ts';
import { residentId } from './factories.ts';
import { createTestDatabase } from './test-database.ts';

// The malformed-file corpus (docs/batch.md, "Malformed files"): every file is built here byte by
// byte, loaded through `loadFile`, and must end in exactly one of two ways: the job succeeds
// with the bad records rejected (line number, raw text, reason; received = accepted + rejected),
// or the file is rejected whole (ECIF_INGEST_BAD_FILE, job failed, nothing applied).

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;
const dir = mkdtempSync(join(tmpdir(), 'ecif-malformed-'));
const ctx = { actor: 'test:malformed', requestId: 'malformed-test' };

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const D = '|@|';
const columns = [
  { name: 'custNo', target: 'sourceCustomerNo' },
  { name: 'op', target: 'operation' },
  { name: 'name', target: 'attributes.name' },
  { name: 'idType', target: 'attributes.idType', codeMap: { '0': 'RESIDENT_ID' } },
  { name: 'idNo', target: 'attributes.idNo' },
  { name: 'sex', target: 'attributes.gender', codeMap: { M: '1', F: '2' } },
  { name: 'birth', target: 'attributes.birthDate', dateFormat: 'YYYYMMDD' },
];
/** UTF-8, LF, `|@|` with a trailing delimiter, a counting trailer and a counting `.ok` file. */
const base = {
  system: 'LOAN',
  encoding: 'UTF-8',
  lineEnding: 'LF',
  layout: { type: 'delimited', delimiter: D, trailingDelimiter: true },
  trailer: { type: 'control', marker: 'T', recordCountField: 2 },
  companion: { suffix: '.ok', required: true, contents: 'recordCount' },
  kind: 'individual',
  columns,
};
const withAmounts = {
  ...base,
  trailer: {
    type: 'control',
    marker: 'T',
    recordCountField: 2,
    amountSumField: 3,
    amountColumn: 'bal',
  },
  defaults: { 'accounts.accountType': 'LOAN' },
  columns: [
    ...columns,
    { name: 'acct', target: 'accounts.accountNo' },
    { name: 'bal', target: 'accounts.balance', impliedDecimals: 2 },
  ],
};

/** A valid person's fields in `base` column order (a fresh ID number each time). */
function person(no: string, name = '王芳'): string[] {
  const id = residentId('1980-03-15');
  return [no, 'I', name, '0', id, 'M', id.slice(6, 14)];
}

const utf8 = new TextEncoder();
type Part = string | Uint8Array;
function bytes(...parts: Part[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? utf8.encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
const line = (fields: readonly string[], delimiter = D) => `${fields.join(delimiter)}${delimiter}`;

/** Writes a corpus file (and its `.ok` with `ok` as contents, unless `ok` is false). */
function corpus(name: string, content: Uint8Array | string, ok: string | false): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  if (ok !== false) writeFileSync(`${path}.ok`, ok);
  return path;
}

function load(path: string, mapping: unknown) {
  return loadFile(
    database.db,
    createReferenceStore(database.db),
    { system: 'LOAN', mapping, filePath: path, mode: 'delta' },
    ctx,
  );
}

async function linkedSourceNos(prefix: string): Promise<string[]> {
  const rows = await database.db
    .selectFrom('customer_xref')
    .select('source_customer_no')
    .where('source_system', '=', 'LOAN')
    .where('source_customer_no', 'like', `${prefix}%`)
    .orderBy('source_customer_no')
    .execute();
  return rows.map((r) => r.source_customer_no);
}

async function rejectsOf(jobId: string) {
  const rows = await database.db
    .selectFrom('ingestion_reject')
    .select(['line_no', 'raw', 'reasons'])
    .where('job_id', '=', jobId)
    .orderBy('line_no')
    .execute();
  return rows.map((r) => ({ line: r.line_no, raw: r.raw, reasons: JSON.stringify(r.reasons) }));
}

interface ExpectedReject {
  readonly line: number;
  /** A reason code the reject must carry (ENCODING, FIELD_COUNT, …). */
  readonly code: string;
  /** The raw text kept: the exact line, or a pattern when it holds bytes no text can show. */
  readonly raw: string | RegExp;
}

/** The job succeeds; exactly these lines are rejected; every other data line is applied. */
async function expectRecordRejects(
  path: string,
  mapping: unknown,
  expected: { received: number; rejects: readonly ExpectedReject[] },
) {
  const { job, alreadyLoaded } = await load(path, mapping);
  expect(alreadyLoaded).toBe(false);
  expect(job).toMatchObject({
    status: 'succeeded',
    received: expected.received,
    accepted: expected.received - expected.rejects.length,
    rejected: expected.rejects.length,
  });
  const rejects = await rejectsOf(job.id);
  expect(rejects.map((r) => r.line)).toEqual(expected.rejects.map((r) => r.line));
  for (const [i, want] of expected.rejects.entries()) {
    const got = rejects[i];
    expect(got?.reasons, `line ${want.line}`).toContain(`"code":"${want.code}"`);
    if (typeof want.raw === 'string') expect(got?.raw, `line ${want.line}`).toBe(want.raw);
    else expect(got?.raw, `line ${want.line}`).toMatch(want.raw);
  }
  return job;
}

/** The file is rejected whole: ECIF_INGEST_BAD_FILE naming the problem, job failed, nothing applied. */
async function expectFileRejected(
  path: string,
  mapping: unknown,
  problem: RegExp,
  sourcePrefix: string,
) {
  const error: unknown = await load(path, mapping).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: 'ECIF_INGEST_BAD_FILE' });
  expect(error instanceof Error ? error.message : '').toMatch(problem);
  const job = await database.db
    .selectFrom('ingestion_job')
    .selectAll()
    .where('file_path', '=', path)
    .orderBy('started_at', 'desc')
    .executeTakeFirstOrThrow();
  expect(job.status).toBe('failed');
  expect(JSON.stringify(job.error)).toMatch(/ECIF_INGEST_BAD_FILE/);
  expect(await rejectsOf(job.id)).toEqual([]);
  expect(await linkedSourceNos(sourcePrefix)).toEqual([]);
  return job;
}

describe('malformed files: encoding', () => {
  it('a GBK file declared UTF-8: every line with GBK bytes is an ENCODING reject, ASCII lines load', async () => {
    const rows = [person('EA1', '王芳'), person('EA2', 'ZHANG SAN'), person('EA3', '刘洋')];
    const text = `${rows.map((r) => line(r)).join('\n')}\nT${D}3${D}\n`;
    const path = corpus('ea_gbk_as_utf8.dat', encodeGbk(text), '3');
    await expectRecordRejects(path, base, {
      received: 3,
      rejects: [
        // The raw text is kept as sent; bytes that are not UTF-8 show as U+FFFD.
        {
          line: 1,
          code: 'ENCODING',
          raw: new RegExp(`^EA1\\|@\\|I\\|@\\|\uFFFD.*${rows[0]?.[4]}`),
        },
        { line: 3, code: 'ENCODING', raw: /^EA3\|@\|I\|@\|\uFFFD/ },
      ],
    });
    expect(await linkedSourceNos('EA')).toEqual(['EA2']);
  });

  it('a UTF-8 file declared GBK is rejected whole: it would decode as valid, garbled GBK', async () => {
    // 王芳 in UTF-8 is valid GBK (鐜嬭姵): strict decoding alone would load garbled names.
    const rows = [person('EB1', '王芳'), person('EB2', '李娜'), person('EB3', '陈静')];
    const text = `${rows.map((r) => line(r)).join('\n')}\nT${D}3${D}\n`;
    const path = corpus('eb_utf8_as_gbk.dat', text, '3');
    await expectFileRejected(
      path,
      { ...base, encoding: 'GBK' },
      /mapping says GBK but the file is valid UTF-8/,
      'EB',
    );
  });

  it('bytes that are not GBK in a GBK file reject that record only', async () => {
    const rows = [person('EC1', '王芳'), person('EC2', '李娜')];
    const text = bytes(
      encodeGbk(line(rows[0] ?? [])),
      '\n',
      // 0xFF is never a GBK byte.
      encodeGbk(`EC2${D}I${D}李`),
      new Uint8Array([0xff]),
      encodeGbk(`${D}${line(rows[1]?.slice(3) ?? [])}\n`),
      `T${D}2${D}\n`,
    );
    const path = corpus('ec_bad_gbk_byte.dat', text, '2');
    await expectRecordRejects(
      path,
      { ...base, encoding: 'GBK' },
      {
        received: 2,
        rejects: [{ line: 2, code: 'ENCODING', raw: /^EC2\|@\|I\|@\|李\uFFFD/ }],
      },
    );
    expect(await linkedSourceNos('EC')).toEqual(['EC1']);
  });

  it('a GBK character whose trail byte is 0x7C next to a | delimiter never splits', async () => {
    // 珅 (AB 7C), 弢 (8F 7C) and 瓅 (AD 7C) end or open a name: the bytes read '…|' followed
    // by the '|' delimiter. Splitting bytes on 0x7C would cut the character and shift fields.
    const pipe = { ...base, layout: { type: 'delimited', delimiter: '|' }, encoding: 'GBK' };
    const names = ['和珅', '弢文', '李瓅'];
    for (const n of names) expect([...encodeGbk(n)]).toContain(0x7c);
    const rows = names.map((n, i) => person(`ED${i + 1}`, n));
    const text = `${rows.map((r) => r.join('|')).join('\n')}\nT|3\n`;
    const path = corpus('ed_gbk_trail_7c.dat', encodeGbk(text), '3');
    await expectRecordRejects(path, pipe, { received: 3, rejects: [] });
    const stored = await database.db
      .selectFrom('customer_xref')
      .innerJoin('customer', 'customer.id', 'customer_xref.customer_id')
      .select(['customer_xref.source_customer_no', 'customer.name'])
      .where('customer_xref.source_customer_no', 'like', 'ED%')
      .orderBy('customer_xref.source_customer_no')
      .execute();
    expect(stored.map((s) => s.name)).toEqual(names);
  });
});

describe('malformed files: truncation and control totals', () => {
  it('a truncated last line without a trailer: the short record is rejected, the rest loads', async () => {
    const rows = [person('TA1'), person('TA2'), person('TA3', '刘洋')];
    const cut = line(rows[2] ?? []).slice(0, 12);
    const text = `${line(rows[0] ?? [])}\n${line(rows[1] ?? [])}\n${cut}`;
    const path = corpus('ta_truncated.dat', text, '3');
    await expectRecordRejects(
      path,
      { ...base, trailer: { type: 'none' } },
      { received: 3, rejects: [{ line: 3, code: 'TRAILING_DELIMITER', raw: cut }] },
    );
    expect(await linkedSourceNos('TA')).toEqual(['TA1', 'TA2']);
  });

  it('a file truncated inside its last record, or inside its trailer, is rejected whole', async () => {
    const rows = [person('TB1'), person('TB2')];
    const full = `${line(rows[0] ?? [])}\n${line(rows[1] ?? [])}\nT${D}2${D}\n`;
    // The last line left is TB2's, which starts with 'T' like the trailer: the marker is the
    // whole first field, so it is not mistaken for a trailer with an unreadable count.
    const inRecord = corpus('tb_cut_in_record.dat', full.slice(0, full.indexOf('\nT') - 5), '2');
    await expectFileRejected(inRecord, base, /trailer record .* is missing/, 'TB');
    // Cut inside the trailer: its count still reads 2, only the missing line end tells.
    const inTrailer = corpus('tb_cut_in_trailer.dat', full.slice(0, -4), '2');
    await expectFileRejected(inTrailer, base, /without a newline after the trailer/, 'TB');
  });

  it('a trailer count that disagrees with the data lines', async () => {
    const rows = [person('TC1'), person('TC2')];
    const text = `${line(rows[0] ?? [])}\n${line(rows[1] ?? [])}\nT${D}5${D}\n`;
    const path = corpus('tc_bad_count.dat', text, '2');
    await expectFileRejected(path, base, /trailer says 5 records, the file has 2/, 'TC');
  });

  it('a header count that disagrees, even when the trailer agrees', async () => {
    const headed = { ...base, header: { type: 'control', marker: 'H', recordCountField: 2 } };
    const rows = [person('TD1'), person('TD2')];
    const body = `${line(rows[0] ?? [])}\n${line(rows[1] ?? [])}\n`;
    const both = corpus('td_header_count.dat', `H${D}5${D}\n${body}T${D}2${D}\n`, '2');
    await expectFileRejected(both, headed, /header says 5 records, the file has 2/, 'TD');
    const headerOnly = corpus('td_header_only.dat', `H${D}3${D}\n${body}`, '2');
    await expectFileRejected(
      headerOnly,
      { ...headed, trailer: { type: 'none' } },
      /header says 3 records, the file has 2/,
      'TD',
    );
    // The control: the same header with the right count loads both records.
    const right = corpus('td_header_right.dat', `H${D}2${D}\n${body}T${D}2${D}\n`, '2');
    await expectRecordRejects(right, headed, { received: 2, rejects: [] });
  });

  it('an empty file with a trailer of 0 loads nothing and succeeds; a zero-byte file is rejected', async () => {
    const empty = corpus('te_empty.dat', `T${D}0${D}\n`, '0');
    await expectRecordRejects(empty, base, { received: 0, rejects: [] });
    const zero = corpus('te_zero_bytes.dat', '', '0');
    await expectFileRejected(zero, base, /trailer record .* is missing/, 'TE');
  });
});

describe('malformed files: the amount control total', () => {
  const amountRow = (no: string, balance: string) => [...person(no), `ACCT${no}`, balance];

  it('loads when the trailer sum equals the records (fen, or yuan with a decimal point)', async () => {
    const rows = [amountRow('MA1', '123456'), amountRow('MA2', '-6'), amountRow('MA3', '')];
    const body = rows.map((r) => line(r)).join('\n');
    const fen = corpus('ma_sum_fen.dat', `${body}\nT${D}3${D}123450${D}\n`, '3');
    await expectRecordRejects(fen, withAmounts, { received: 3, rejects: [] });
    const balances = await database.db
      .selectFrom('customer_account')
      .select(['account_no', 'balance'])
      .where('account_no', 'like', 'ACCTMA%')
      .orderBy('account_no')
      .execute();
    expect(
      balances.map((b) => [b.account_no, b.balance === null ? null : Number(b.balance)]),
    ).toEqual([
      ['ACCTMA1', 1234.56],
      ['ACCTMA2', -0.06],
      ['ACCTMA3', null],
    ]);
    const yuan = corpus('ma_sum_yuan.dat', `${body}\nT${D}3${D}1234.50${D}\n`, '3');
    await expectRecordRejects(yuan, withAmounts, { received: 3, rejects: [] });
  });

  it('a trailer amount sum that disagrees names the expected and the actual sum', async () => {
    const rows = [amountRow('MB1', '100000'), amountRow('MB2', '2345')];
    const text = `${rows.map((r) => line(r)).join('\n')}\nT${D}2${D}102346${D}\n`;
    const path = corpus('mb_bad_sum.dat', text, '2');
    await expectFileRejected(
      path,
      withAmounts,
      /trailer says the bal amounts sum to 1023\.46, the records sum to 1023\.45/,
      'MB',
    );
  });

  it('an unreadable amount counts as 0: the record is rejected if the sums agree, the file if not', async () => {
    const rows = [amountRow('MC1', '500'), amountRow('MC2', '12x'), amountRow('MC3', '250')];
    const body = rows.map((r) => line(r)).join('\n');
    const agrees = corpus('mc_unreadable_agrees.dat', `${body}\nT${D}3${D}750${D}\n`, '3');
    await expectRecordRejects(agrees, withAmounts, {
      received: 3,
      rejects: [{ line: 2, code: 'FORMAT', raw: line(rows[1] ?? []) }],
    });
    const others = [amountRow('MD1', '500'), amountRow('MD2', '12x'), amountRow('MD3', '250')];
    const disagrees = corpus(
      'md_unreadable_disagrees.dat',
      `${others.map((r) => line(r)).join('\n')}\nT${D}3${D}762${D}\n`,
      '3',
    );
    await expectFileRejected(
      disagrees,
      withAmounts,
      /sum to 7\.62, the records sum to 7\.50 \(1 line\(s\) with no readable bal count as 0: line 2\)/,
      'MD',
    );
  });
});

describe('malformed files: record shape', () => {
  it('a fixed-width line longer or shorter than the layout is a RECORD_LENGTH reject', async () => {
    const fixed = {
      ...base,
      layout: { type: 'fixed' },
      trailer: { type: 'none' },
      columns: columns.map((c) => ({
        ...c,
        width: { custNo: 6, op: 1, name: 12, idType: 1, idNo: 18, sex: 1, birth: 8 }[c.name],
      })),
    };
    const fixedLine = (f: readonly string[]) => {
      const widths = [6, 1, 12, 1, 18, 1, 8];
      return f
        .map((v, i) => {
          const width = widths[i] ?? 0;
          return v + ' '.repeat(width - utf8.encode(v).length);
        })
        .join('');
    };
    const ok = fixedLine(person('FA1', '王芳'));
    const long = `${fixedLine(person('FA2', '李娜'))}X`;
    const short = fixedLine(person('FA3', '陈静')).slice(0, -1);
    const path = corpus('fa_fixed_lengths.dat', `${ok}\n${long}\n${short}\n`, '3');
    await expectRecordRejects(path, fixed, {
      received: 3,
      rejects: [
        { line: 2, code: 'RECORD_LENGTH', raw: long },
        { line: 3, code: 'RECORD_LENGTH', raw: short },
      ],
    });
    expect(await linkedSourceNos('FA')).toEqual(['FA1']);
  });

  it('a delimited value beyond the standard field length is a TOO_LONG reject', async () => {
    const rows = [person('FB1'), person('FB2', '张'.repeat(201))];
    const text = `${line(rows[0] ?? [])}\n${line(rows[1] ?? [])}\nT${D}2${D}\n`;
    const path = corpus('fb_too_long.dat', text, '2');
    await expectRecordRejects(path, base, {
      received: 2,
      rejects: [{ line: 2, code: 'TOO_LONG', raw: line(rows[1] ?? []) }],
    });
  });

  it('an embedded delimiter (one field too many) is a FIELD_COUNT reject', async () => {
    const rows = [person('FC1'), person('FC2', `王${D}芳`)];
    const text = `${line(rows[0] ?? [])}\n${line(rows[1] ?? [])}\nT${D}2${D}\n`;
    const path = corpus('fc_embedded_delimiter.dat', text, '2');
    await expectRecordRejects(path, base, {
      received: 2,
      rejects: [{ line: 2, code: 'FIELD_COUNT', raw: line(rows[1] ?? []) }],
    });
  });

  it('a NUL byte in a record is a NUL_BYTE reject; the raw text keeps the rest of the line', async () => {
    const rows = [person('FD1'), person('FD2', '王\u0000芳')];
    const text = `${line(rows[0] ?? [])}\n${line(rows[1] ?? [])}\nT${D}2${D}\n`;
    const path = corpus('fd_nul.dat', text, '2');
    const id = rows[1]?.[4] ?? '';
    await expectRecordRejects(path, base, {
      received: 2,
      // PostgreSQL text cannot hold NUL: whatever stands for it, the rest of the line is kept.
      rejects: [{ line: 2, code: 'NUL_BYTE', raw: new RegExp(`^FD2\\|@\\|I\\|@\\|王.?芳.*${id}`) }],
    });
  });

  it('mixed line endings when the mapping says CRLF reject the file', async () => {
    const rows = [person('FE1'), person('FE2'), person('FE3')];
    const text = `${line(rows[0] ?? [])}\r\n${line(rows[1] ?? [])}\n${line(rows[2] ?? [])}\r\nT${D}3${D}\r\n`;
    const path = corpus('fe_mixed_endings.dat', text, '3');
    await expectFileRejected(
      path,
      { ...base, lineEnding: 'CRLF' },
      /line 2 ends with LF, the mapping says CRLF/,
      'FE',
    );
  });
});

describe('malformed files: the companion file', () => {
  it('a missing required .ok, or one with the wrong count, rejects the file', async () => {
    const rows = [person('OA1'), person('OA2')];
    const text = `${line(rows[0] ?? [])}\n${line(rows[1] ?? [])}\nT${D}2${D}\n`;
    const missing = corpus('oa_no_ok.dat', text, false);
    await expectFileRejected(missing, base, /companion file oa_no_ok\.dat\.ok is missing/, 'OA');
    const wrong = corpus('oa_wrong_ok.dat', `${text}\n`, '7\n');
    await expectFileRejected(wrong, base, /companion file says 7/, 'OA');
  });
});

describe('scanFile: the amount sum is exact decimal arithmetic', () => {
  const mapping = (overrides: Record<string, unknown> = {}) => {
    const parsed = parseSourceMapping({ ...withAmounts, companion: undefined, ...overrides });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.mapping;
  };
  const scan = (name: string, balances: string[], trailerSum: string, m = mapping()) => {
    const rows = balances.map((b, i) => line([...person(`S${i}`), `ACCT${i}`, b]));
    const path = corpus(
      name,
      `${rows.join('\n')}\nT${D}${rows.length}${D}${trailerSum}${D}\n`,
      false,
    );
    return scanFile(path, m);
  };

  it('sums beyond 2^53 fen without rounding', async () => {
    // 2^53 + 1 is not a double: a floating-point sum would be off by one fen.
    const ok = await scan('s_big.dat', ['9007199254740993', '1'], '9007199254740994');
    expect(ok.problems).toEqual([]);
    const off = await scan('s_big_off.dat', ['9007199254740993', '1'], '9007199254740993');
    expect(off.problems).toEqual([
      'the trailer says the bal amounts sum to 90071992547409.93, the records sum to 90071992547409.94',
    ]);
  });

  it('reads columns without implied decimals as decimals (0.1 + 0.2 is 0.3)', async () => {
    const m = mapping({
      columns: [...withAmounts.columns.slice(0, -1), { name: 'bal', target: 'accounts.balance' }],
    });
    expect((await scan('s_plain.dat', ['0.1', '0.2'], '0.3', m)).problems).toEqual([]);
    expect((await scan('s_plain_int.dat', ['1', '2.50'], '3.5', m)).problems).toEqual([]);
  });

  it('checks a sum carried by the header as well', async () => {
    const m = mapping({
      header: {
        type: 'control',
        marker: 'H',
        recordCountField: 2,
        amountSumField: 3,
        amountColumn: 'bal',
      },
      trailer: { type: 'none' },
    });
    const path = corpus(
      's_header.dat',
      `H${D}1${D}99${D}\n${line([...person('SH'), 'ASH', '100'])}\n`,
      false,
    );
    expect((await scanFile(path, m)).problems).toEqual([
      'the header says the bal amounts sum to 0.99, the records sum to 1.00',
    ]);
  });

  it('does not count a one-line file as both header and trailer', async () => {
    const m = mapping({
      header: { type: 'control', marker: 'H', recordCountField: 2 },
      trailer: { type: 'control', marker: 'T', recordCountField: 2 },
    });
    const scanned = await scanFile(corpus('s_one_line.dat', `H${D}0${D}\n`, false), m);
    expect(scanned).toMatchObject({ headerLine: 1, trailerLine: undefined, dataLines: 0 });
    expect(scanned.problems).toEqual(["the trailer record (starting with 'T') is missing"]);
  });

  it('reports a sum field that is not a number, and a sum with no column to check it against', async () => {
    expect((await scan('s_nan.dat', ['1'], '1,00')).problems).toEqual([
      "the trailer amount sum (field 3) '1,00' is not a number",
    ]);
    const noColumn = mapping({
      trailer: { type: 'control', marker: 'T', recordCountField: 2, amountSumField: 3 },
    });
    expect((await scan('s_no_column.dat', ['1'], '1', noColumn)).problems).toEqual([
      'the trailer carries an amount sum (field 3) but the mapping names no amountColumn to check it against',
    ]);
  });
});
