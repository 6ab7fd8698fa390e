import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  createRecordSplitter,
  EcifError,
  isEcifError,
  LineSplitter,
  mapRecord,
  parseSourceMapping,
  type Issue,
  type RawLine,
  type SourceMapping,
} from '@ecif/core';
import { sql, type Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import { createOrIdentify } from '../customers/create-or-identify.ts';
import { unlinkSource } from '../customers/unlink-source.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceStore } from '../reference/reference-store.ts';
import {
  countRejects,
  findJobByChecksum,
  insertJob,
  insertReject,
  updateJob,
  type JobRow,
} from './ingestion-job.repository.ts';
import { scanFile, type FileScan } from './scan-file.ts';

export interface LoadRequest {
  readonly system: string;
  /** The mapping document (parsed JSON); checked before any data is read. */
  readonly mapping: unknown;
  readonly filePath: string;
  readonly mode: 'full' | 'delta';
  /** Who started it: the CLI (default), the API or the scheduler (with the schedule's name). */
  readonly trigger?: 'cli' | 'api' | 'schedule';
  readonly scheduleName?: string;
}

export interface LoadProgress {
  readonly jobId: string;
  readonly done: number;
  readonly total: number;
}

export interface LoadOutcome {
  readonly job: JobRow;
  /** This exact file was already loaded successfully; nothing was changed. */
  readonly alreadyLoaded: boolean;
}

/** Records applied between two progress checkpoints (the resume point moves once per chunk). */
const CHUNK = 200;
const DELETE_OPERATIONS = new Set(['D', 'DELETE']);

/**
 * `ecif load`: checks the mapping, the companion file and the control totals, then applies every
 * record through the same create-or-identify and survivorship rules as the online services.
 * Rejected records are kept with line, raw text and reasons. The job records its progress per
 * chunk; running the same load again resumes after the last checkpoint (re-applying a record is
 * idempotent), and loading a file that already succeeded changes nothing.
 */
export async function loadFile(
  db: Kysely<DB>,
  reference: ReferenceStore,
  request: LoadRequest,
  ctx: OpContext,
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<LoadOutcome> {
  const parsed = parseSourceMapping(request.mapping);
  if (!parsed.ok) {
    throw new EcifError(
      'ECIF_VALIDATION',
      `The mapping is invalid: ${parsed.issues.map((i) => i.field).join(', ')}`,
      {
        issues: parsed.issues.map((i) => ({ ...i, field: `mapping.${i.field}` })),
      },
    );
  }
  const mapping = parsed.mapping;
  if (mapping.system !== request.system) {
    throw new EcifError(
      'ECIF_VALIDATION',
      `The mapping is for ${mapping.system}, not ${request.system}`,
      {
        issues: [
          {
            field: 'mapping.system',
            code: 'SYSTEM_MISMATCH',
            message: `is ${mapping.system}`,
            severity: 'error',
          },
        ],
      },
    );
  }
  const ref = await reference.get();
  if (!ref.sourceSystems.get(request.system)?.active) {
    throw new EcifError(
      'ECIF_UNKNOWN_SOURCE_SYSTEM',
      `Unknown or inactive source system '${request.system}'`,
    );
  }
  const scan = await scanFile(request.filePath, mapping);
  const companionProblem = await checkCompanion(request.filePath, mapping, scan);
  const previous = await findJobByChecksum(db, request.system, scan.checksum);
  if (previous?.status === 'succeeded') return { job: previous, alreadyLoaded: true };
  const job =
    previous ??
    (await insertJob(db, {
      source_system: request.system,
      mode: request.mode,
      file_name: basename(request.filePath),
      file_path: resolve(request.filePath),
      trigger: request.trigger ?? 'cli',
      schedule_name: request.scheduleName ?? null,
      file_size: scan.size,
      checksum: scan.checksum,
      mapping: JSON.stringify(mapping),
      status: 'running',
      expected_records: scan.declaredCount ?? null,
      created_by: ctx.actor,
    }));
  const problems = [...scan.problems, ...(companionProblem ? [companionProblem] : [])];
  if (problems.length > 0) {
    const failed = await updateJob(db, job.id, {
      status: 'failed',
      received: scan.dataLines,
      error: JSON.stringify({ code: 'ECIF_INGEST_BAD_FILE', problems }),
      finished_at: new Date(),
    });
    throw new EcifError('ECIF_INGEST_BAD_FILE', `File rejected: ${problems.join('; ')}`, {
      jobId: failed.id,
      problems,
    });
  }
  await updateJob(db, job.id, { status: 'running', error: null, received: scan.dataLines });
  try {
    await applyRecords(db, reference, request, mapping, scan, job, ctx, onProgress);
    let deactivated = 0;
    if (request.mode === 'full')
      deactivated = await deactivateMissing(db, reference, request.system, job, ctx);
    const rejected = await countRejects(db, job.id);
    const done = await updateJob(db, job.id, {
      status: 'succeeded',
      received: scan.dataLines,
      rejected,
      accepted: scan.dataLines - rejected,
      deactivated,
      finished_at: new Date(),
    });
    return { job: done, alreadyLoaded: false };
  } catch (error) {
    await updateJob(db, job.id, {
      status: 'failed',
      error: JSON.stringify({
        code: isEcifError(error) ? error.code : 'ECIF_INTERNAL',
        message: error instanceof Error ? error.message : String(error),
      }),
    });
    throw error;
  }
}

async function checkCompanion(
  path: string,
  mapping: SourceMapping,
  scan: FileScan,
): Promise<string | undefined> {
  const companion = mapping.companion;
  if (!companion) return undefined;
  const companionPath = `${path}${companion.suffix}`;
  const exists = await stat(companionPath).then(
    () => true,
    () => false,
  );
  if (!exists)
    return companion.required
      ? `the companion file ${basename(companionPath)} is missing`
      : undefined;
  if (companion.contents === 'recordCount') {
    const text = (await readFile(companionPath, 'utf8')).trim();
    if (Number(text.split(/\s+/)[0]) !== scan.dataLines)
      return `the companion file says ${text}, the file has ${scan.dataLines} records`;
  }
  if (companion.contents === 'size') {
    const text = (await readFile(companionPath, 'utf8')).trim();
    if (Number(text.split(/\s+/)[0]) !== scan.size)
      return `the companion file says ${text} bytes, the file has ${scan.size}`;
  }
  return undefined;
}

async function applyRecords(
  db: Kysely<DB>,
  reference: ReferenceStore,
  request: LoadRequest,
  mapping: SourceMapping,
  scan: FileScan,
  job: JobRow,
  ctx: OpContext,
  onProgress: (p: LoadProgress) => void,
): Promise<void> {
  const split = createRecordSplitter(
    mapping.layout.type === 'delimited'
      ? {
          type: 'delimited',
          delimiter: mapping.layout.delimiter,
          trailingDelimiter: mapping.layout.trailingDelimiter,
          fieldCount: mapping.columns.length,
        }
      : { type: 'fixed', widths: mapping.columns.map((c) => c.width ?? 0) },
    mapping.encoding,
  );
  const rawText = new TextDecoder('utf-8');
  const ref = await reference.get();
  const today = new Date();
  let done = Math.max(0, job.committed_line - (scan.headerLine ? 1 : 0));
  let sinceCheckpoint = 0;
  const splitter = new LineSplitter({
    lineNo: job.committed_line + 1,
    offset: job.committed_offset,
  });
  const apply = async (line: RawLine): Promise<void> => {
    if (line.lineNo === scan.headerLine || line.lineNo === scan.trailerLine) return;
    const reasons = await applyOne(db, ref, request, mapping, split, line, today, ctx);
    if (reasons) {
      await insertReject(db, {
        jobId: job.id,
        lineNo: line.lineNo,
        raw: rawText.decode(line.bytes),
        reasons,
      });
    }
    done++;
  };
  const checkpoint = async (line: RawLine) => {
    const end =
      line.offset + line.bytes.length + (line.ending === 'CRLF' ? 2 : line.ending === 'LF' ? 1 : 0);
    await updateJob(db, job.id, { committed_line: line.lineNo, committed_offset: end });
    onProgress({ jobId: job.id, done, total: scan.dataLines });
  };
  let last: RawLine | undefined;
  const stream = createReadStream(request.filePath, { start: job.committed_offset });
  for await (const chunk of stream) {
    for (const line of splitter.push(chunk as Buffer)) {
      await apply(line);
      last = line;
      if (++sinceCheckpoint >= CHUNK) {
        await checkpoint(line);
        sinceCheckpoint = 0;
      }
    }
  }
  const tail = splitter.end();
  if (tail) {
    await apply(tail);
    last = tail;
  }
  if (last) await checkpoint(last);
}

/** One record: its reasons for rejection, or undefined when it was applied. */
async function applyOne(
  db: Kysely<DB>,
  ref: Awaited<ReturnType<ReferenceStore['get']>>,
  request: LoadRequest,
  mapping: SourceMapping,
  split: ReturnType<typeof createRecordSplitter>,
  line: RawLine,
  today: Date,
  ctx: OpContext,
): Promise<Issue[] | undefined> {
  const fields = split(line.bytes);
  if (!fields.ok)
    return [{ field: 'record', code: fields.code, message: fields.reason, severity: 'error' }];
  const mapped = mapRecord(mapping, fields.fields, today);
  if (!mapped.ok) return mapped.issues;
  const { record } = mapped;
  const source = { system: request.system, customerNo: record.sourceCustomerNo };
  const recordCtx = { ...ctx, requestId: `${ctx.requestId}:${line.lineNo}` };
  try {
    if (record.operation !== undefined && DELETE_OPERATIONS.has(record.operation.toUpperCase())) {
      await unlinkSource(db, ref, source, recordCtx);
      return undefined;
    }
    if (!record.kind)
      return [
        {
          field: 'kind',
          code: 'REQUIRED',
          message: 'the customer kind is unknown',
          severity: 'error',
        },
      ];
    await createOrIdentify(
      db,
      ref,
      {
        kind: record.kind,
        source,
        attributes: record.attributes,
        ext: record.ext,
        areas: record.areas,
      },
      recordCtx,
    );
    return undefined;
  } catch (error) {
    if (!isEcifError(error) || error.status >= 500) throw error;
    // Still in the snapshot, even if rejected: a full load must not unlink it.
    await touchSourceRecord(db, request.system, record.sourceCustomerNo);
    const issues = (error.details?.issues as Issue[] | undefined) ?? [];
    return issues.length > 0
      ? issues
      : [{ field: 'record', code: error.code, message: error.message, severity: 'error' }];
  }
}

const SOURCE_KEY_UNKNOWN = 'SOURCE_KEY_UNKNOWN';

async function touchSourceRecord(
  db: Kysely<DB>,
  system: string,
  customerNo: string,
): Promise<void> {
  await db
    .updateTable('customer_xref')
    .set({ updated_at: new Date() })
    .where('source_system', '=', system)
    .where('source_customer_no', '=', customerNo)
    .execute();
}

/**
 * A full snapshot: every source record of this system the file did not touch is unlinked. When
 * some rejected line's customer number could not even be read, nothing is unlinked (that record
 * may be one of them) and the job says so.
 */
async function deactivateMissing(
  db: Kysely<DB>,
  reference: ReferenceStore,
  system: string,
  job: JobRow,
  ctx: OpContext,
): Promise<number> {
  const ref = await reference.get();
  const unreadable = await db
    .selectFrom('ingestion_reject')
    .select('line_no')
    .where('job_id', '=', job.id)
    .where(sql<boolean>`reasons::text LIKE ${`%${SOURCE_KEY_UNKNOWN}%`}`)
    .limit(1)
    .execute();
  if (unreadable.length > 0) return 0;
  const missing = await db
    .selectFrom('customer_xref')
    .select('source_customer_no')
    .where('source_system', '=', system)
    .where('active', '=', true)
    .where('updated_at', '<', job.started_at)
    .execute();
  let count = 0;
  for (const row of missing) {
    if (await unlinkSource(db, ref, { system, customerNo: row.source_customer_no }, ctx)) count++;
  }
  return count;
}
