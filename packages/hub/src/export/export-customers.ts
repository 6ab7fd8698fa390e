import { rm } from 'node:fs/promises';
import {
  codePointLabel,
  createFileEncoder,
  EcifError,
  isBasicField,
  parseExportMapping,
  parseUnencodablePolicy,
  type ExportValue,
  type FileEncoder,
  type RecordProblem,
  type SourceMapping,
  type UnencodablePolicy,
} from '@ecif/core';
import type { Kysely } from 'kysely';
import { BASIC_COLUMNS } from '../customers/customer-row.ts';
import type { Customer, DB } from '../db/schema.generated.ts';
import {
  appendFile,
  checkOutputPath,
  csvField,
  openPendingFile,
  type PendingFile,
  type WrittenFile,
} from './export-file.ts';
import {
  countExportCustomers,
  listExportCustomers,
  listFirstAccounts,
  listFirstAddresses,
  listFirstContacts,
  type CustomerExportFilter,
  type ExportCustomerRow,
} from './export.repository.ts';

export interface CustomerExportRequest {
  /** The mapping document (parsed JSON), the same format the loader reads. */
  readonly mapping: unknown;
  readonly outPath: string;
  /** `full`: every active customer; `since`: those with `updated_at >= since`. */
  readonly mode: { readonly type: 'full' } | { readonly type: 'since'; readonly since: Date };
  /** `fail` (default), `skip` or `replace:<char>`. */
  readonly unencodable?: string;
  /** Customers read per query (keyset pages); default 500. */
  readonly pageSize?: number;
}

export interface ExportProgress {
  readonly done: number;
  readonly total: number;
}

export interface CustomerExportSummary {
  readonly file: string;
  readonly records: number;
  readonly skipped: number;
  /** Records written with at least one replaced character (`replace:<char>`). */
  readonly replaced: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly encoding: string;
  /** The control-record amount sum, when the mapping has one. */
  readonly amountSum: string | null;
  readonly companion: string | null;
  /** `<out>.unencodable.csv`, when a record was skipped or had a character replaced. */
  readonly unencodableFile: string | null;
}

type Plan = ReturnType<typeof planColumns>;

/** What each column reads from a golden record, decided once per export. */
function planColumns(mapping: SourceMapping) {
  const basic: (keyof Customer)[] = [];
  const contactTypes = new Set<string>();
  const addressTypes = new Set<string>();
  let ext = false;
  let accounts = false;
  for (const { target } of mapping.columns) {
    const [head, name = ''] = target.split('.');
    if (head === 'attributes' && isBasicField(name)) basic.push(BASIC_COLUMNS[name]);
    if (head === 'ext') ext = true;
    if (head === 'contacts') contactTypes.add(name);
    if (head === 'addresses') addressTypes.add(name);
    if (head === 'accounts') accounts = true;
  }
  const columns = new Set<keyof Customer>(['kind', ...basic]);
  if (ext) columns.add('ext');
  return {
    columns: [...columns],
    contactTypes: [...contactTypes],
    addressTypes: [...addressTypes],
    accounts,
    accountType: mapping.defaults?.['accounts.accountType'],
  };
}

interface PageItems {
  readonly contacts: Map<string, string>;
  readonly addresses: Map<string, string>;
  readonly accounts: Map<string, Record<string, ExportValue>>;
}

async function loadPageItems(
  db: Kysely<DB>,
  plan: Plan,
  ids: readonly string[],
): Promise<PageItems> {
  const [contacts, addresses, accounts] = await Promise.all([
    listFirstContacts(db, ids, plan.contactTypes),
    listFirstAddresses(db, ids, plan.addressTypes),
    plan.accounts ? listFirstAccounts(db, ids, plan.accountType) : [],
  ]);
  return {
    contacts: new Map(contacts.map((c) => [`${c.customer_id}|${c.contact_type}`, c.value])),
    addresses: new Map(addresses.map((a) => [`${a.customer_id}|${a.address_type}`, a.full_text])),
    accounts: new Map(
      accounts.map((a) => [
        a.customer_id,
        { accountNo: a.account_no, accountType: a.account_type, balance: a.balance },
      ]),
    ),
  };
}

/** The golden value a column target stands for; `sourceCustomerNo` is the ECIF number. */
function valueOf(target: string, row: ExportCustomerRow, items: PageItems): ExportValue {
  const [head, name = ''] = target.split('.');
  switch (head) {
    case 'sourceCustomerNo':
      return row.ecif_no;
    case 'kind':
      return row.kind as string;
    case 'attributes':
      return isBasicField(name) ? (row[BASIC_COLUMNS[name]] as ExportValue) : undefined;
    case 'ext':
      return ((row.ext ?? {}) as Record<string, ExportValue>)[name];
    case 'contacts':
      return items.contacts.get(`${row.id}|${name}`);
    case 'addresses':
      return items.addresses.get(`${row.id}|${name}`);
    case 'accounts':
      return items.accounts.get(row.id)?.[name];
    default:
      // operation, ignore: nothing to say (an empty operation is an upsert for the loader).
      return undefined;
  }
}

function invalid(field: string, code: string, message: string): EcifError {
  return new EcifError('ECIF_VALIDATION', `Export refused: ${field} ${message}`, {
    issues: [{ field, code, message, severity: 'error' }],
  });
}

function recordError(ecifNo: string, problems: readonly RecordProblem[]): EcifError {
  const first = problems[0];
  const where = first ? `column ${first.column} (${first.target}) ${first.message}` : 'invalid';
  return new EcifError(
    'ECIF_VALIDATION',
    `Customer ${ecifNo}: ${where}. Nothing was written; --unencodable skip or replace:<char> exports the other records`,
    {
      ecifNo,
      ...(first?.character
        ? { character: first.character, codePoint: codePointLabel(first.character) }
        : {}),
      issues: problems.map((p) => ({
        field: p.column,
        code: p.reason,
        message: p.message,
        severity: 'error',
      })),
    },
  );
}

type SideFile = ReturnType<typeof openSideFile>;

/** `<out>.unencodable.csv`: what was left out or changed, for the data owners to fix. */
function openSideFile(path: string) {
  let file: PendingFile | undefined;
  const utf8 = new TextEncoder();
  return {
    async add(ecifNo: string, problems: readonly RecordProblem[], action: 'skipped' | 'replaced') {
      if (!file) {
        file = await openPendingFile(path);
        await file.write(utf8.encode('ecif_no,field,code_point,action,reason,detail\n'));
      }
      for (const p of problems) {
        const cp = p.character ? codePointLabel(p.character) : '';
        const line = [ecifNo, p.column, cp, action, p.reason, p.message].map(csvField).join(',');
        await file.write(utf8.encode(`${line}\n`));
      }
    },
    /** Publishes the side file, or removes one left by an earlier export of the same file. */
    async publish(): Promise<string | null> {
      if (!file) {
        await rm(path, { force: true });
        return null;
      }
      await file.close();
      await file.publish();
      return path;
    },
    discard: () => file?.discard(),
  };
}

function companionText(
  contents: NonNullable<SourceMapping['companion']>['contents'],
  records: number,
  data: WrittenFile,
): string {
  switch (contents) {
    case 'none':
      return '';
    case 'recordCount':
      return `${records}\n`;
    case 'size':
      return `${data.bytes}\n`;
    case 'md5':
      return `${data.md5}\n`;
  }
}

function prepare(request: CustomerExportRequest): {
  mapping: SourceMapping;
  policy: UnencodablePolicy;
} {
  const parsed = parseExportMapping(request.mapping);
  if (!parsed.ok) {
    throw new EcifError(
      'ECIF_VALIDATION',
      `The mapping is invalid: ${parsed.issues.map((i) => i.field).join(', ')}`,
      { issues: parsed.issues },
    );
  }
  const policy = parseUnencodablePolicy(request.unencodable ?? 'fail', parsed.mapping);
  if (!policy.ok) throw invalid('unencodable', policy.issue.code, policy.issue.message);
  if (request.mode.type === 'since' && Number.isNaN(request.mode.since.getTime()))
    throw invalid('since', 'DATETIME', 'is not a valid instant');
  return { mapping: parsed.mapping, policy: policy.policy };
}

interface WriteContext {
  readonly mapping: SourceMapping;
  readonly policy: UnencodablePolicy;
  readonly encoder: FileEncoder;
  readonly body: PendingFile;
  readonly side: SideFile;
}

/** Streams the selected customers into the body file, page by page, in one snapshot. */
async function writeRecords(
  db: Kysely<DB>,
  w: WriteContext,
  filter: CustomerExportFilter,
  pageSize: number,
  onProgress: (p: ExportProgress) => void,
): Promise<{ skipped: number; replaced: number }> {
  const plan = planColumns(w.mapping);
  let skipped = 0;
  let replaced = 0;
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const total = await countExportCustomers(trx, filter);
      let done = 0;
      let after: string | undefined;
      for (;;) {
        const rows = await listExportCustomers(trx, filter, plan.columns, after, pageSize);
        if (rows.length === 0) break;
        const items = await loadPageItems(
          trx,
          plan,
          rows.map((r) => r.id),
        );
        for (const row of rows) {
          const encoded = w.encoder.record(
            w.mapping.columns.map((c) => valueOf(c.target, row, items)),
          );
          if (encoded.ok) {
            await w.body.write(Buffer.concat([encoded.bytes, w.encoder.eol]));
            if (encoded.replaced.length > 0) {
              replaced++;
              await w.side.add(row.ecif_no, encoded.replaced, 'replaced');
            }
          } else if (w.policy.action === 'fail') {
            throw recordError(row.ecif_no, encoded.problems);
          } else {
            skipped++;
            await w.side.add(row.ecif_no, encoded.problems, 'skipped');
          }
        }
        done += rows.length;
        after = rows[rows.length - 1]?.ecif_no;
        onProgress({ done, total: Math.max(total, done) });
        if (rows.length < pageSize) break;
      }
      if (done === 0) onProgress({ done: 0, total: 0 });
    });
  return { skipped, replaced };
}

/**
 * Completes the data file (header before a separately written body, trailer), publishes the
 * side file, renames the data file into place and writes the companion last.
 */
async function publishFiles(
  w: WriteContext,
  data: PendingFile,
  outPath: string,
): Promise<{ written: WrittenFile; unencodableFile: string | null; companion: string | null }> {
  if (w.body !== data) {
    await w.body.close();
    const header = w.encoder.header();
    if (header) await data.write(Buffer.concat([header, w.encoder.eol]));
    await appendFile(data, w.body.tempPath);
    await w.body.discard();
  }
  const trailer = w.encoder.trailer();
  if (trailer) await data.write(Buffer.concat([trailer, w.encoder.eol]));
  const written = await data.close();
  const unencodableFile = await w.side.publish();
  const companion = w.mapping.companion;
  if (!companion) {
    await data.publish();
    return { written, unencodableFile, companion: null };
  }
  const companionPath = `${outPath}${companion.suffix}`;
  // An older companion must not vouch for the new data while it is being renamed into place.
  await rm(companionPath, { force: true });
  await data.publish();
  const file = await openPendingFile(companionPath);
  await file.write(
    new TextEncoder().encode(companionText(companion.contents, w.encoder.count, written)),
  );
  await file.close();
  await file.publish();
  return { written, unencodableFile, companion: companionPath };
}

/**
 * `ecif export customers`: writes the active golden records for a downstream system in the
 * format its mapping describes (the loader's mapping format, read in reverse). Records stream
 * from the database in keyset pages inside one read-only snapshot; the data file is written
 * under a temporary name and renamed when complete, and the companion file comes last. A
 * record that cannot be written as it is (a character outside GBK, a value too long for its
 * width, the delimiter inside a value) fails the export under `fail` and leaves no output;
 * under `skip` and `replace:<char>` it is listed in `<out>.unencodable.csv`.
 */
export async function exportCustomers(
  db: Kysely<DB>,
  request: CustomerExportRequest,
  onProgress: (p: ExportProgress) => void = () => {},
): Promise<CustomerExportSummary> {
  const { mapping, policy } = prepare(request);
  const outPath = await checkOutputPath(request.outPath);
  const kindColumn = mapping.columns.some((c) => c.target === 'kind');
  const filter: CustomerExportFilter = {
    since: request.mode.type === 'since' ? request.mode.since : undefined,
    kind: kindColumn ? undefined : mapping.kind,
  };
  const encoder = createFileEncoder(mapping, policy);
  const data = await openPendingFile(outPath);
  // A control header carries the count, known only at the end: the records go to a body file
  // first and are copied behind the header.
  const body = mapping.header.type === 'control' ? await openPendingFile(`${outPath}.body`) : data;
  const w: WriteContext = {
    mapping,
    policy,
    encoder,
    body,
    side: openSideFile(`${outPath}.unencodable.csv`),
  };
  try {
    const header = body === data ? encoder.header() : undefined;
    if (header) await data.write(Buffer.concat([header, encoder.eol]));
    const counts = await writeRecords(db, w, filter, request.pageSize ?? 500, onProgress);
    const files = await publishFiles(w, data, outPath);
    const control = mapping.trailer.type === 'control' ? mapping.trailer : mapping.header;
    return {
      file: outPath,
      records: encoder.count,
      ...counts,
      bytes: files.written.bytes,
      sha256: files.written.sha256,
      encoding: mapping.encoding,
      amountSum:
        control.type === 'control' && control.amountSumField !== undefined
          ? encoder.amountSum
          : null,
      companion: files.companion,
      unencodableFile: files.unencodableFile,
    };
  } catch (error) {
    await Promise.all([...new Set([data, body])].map((f) => f.discard()));
    await w.side.discard();
    throw error;
  }
}
