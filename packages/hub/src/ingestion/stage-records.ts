import { createReadStream } from 'node:fs';
import {
  splitterFor,
  LineSplitter,
  mapRecord,
  standardizeCustomer,
  type BasicAttributes,
  type BasicField,
  type CustomerKind,
  type ExtAttributes,
  type Issue,
  type ItemAttributes,
  type RawLine,
  type SourceMapping,
  type SubjectArea,
} from '@ecif/core';
import { sql, type Kysely } from 'kysely';
import { copyRows, type CopyValue } from '../db/bulk-copy.ts';
import type { DB } from '../db/schema.generated.ts';
import { standardizeAreas } from '../customers/items.service.ts';
import { nameKeyOf } from '../customers/name-keys.ts';
import { standardizeContext } from '../customers/standardize-context.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import { updateJob, type JobRow } from './ingestion-job.repository.ts';
import type { FileScan } from './scan-file.ts';

/** A record that passed validation and standardization, as the apply phase reads it back. */
export interface StagedRecord {
  readonly kind: CustomerKind;
  readonly attributes: BasicAttributes;
  readonly ext: ExtAttributes;
  readonly derived: readonly BasicField[];
  readonly warnings: readonly Issue[];
  /** The normalized name the identification tiers compare. */
  readonly nameKey: string;
  readonly areas: readonly {
    readonly area: SubjectArea;
    readonly items: readonly { readonly itemKey: string; readonly values: ItemAttributes }[];
  }[];
}

export type StagedOperation = 'upsert' | 'delete';

/** Lines per COPY and per checkpoint of the stage phase. */
const STAGE_BATCH = 5000;
const DELETE_OPERATIONS = new Set(['D', 'DELETE']);
const STAGE_COLUMNS = [
  'job_id',
  'line_no',
  'source_customer_no',
  'operation',
  'record',
  'raw',
] as const;
const REJECT_COLUMNS = ['job_id', 'line_no', 'raw', 'reasons', 'source_customer_no'] as const;

type Outcome =
  | { staged: true; sourceNo: string; operation: StagedOperation; record: StagedRecord | null }
  | { staged: false; sourceNo: string | null; reasons: Issue[] };

/**
 * Phase 1 of a load: streams the file from the last checkpoint, splits, maps, validates and
 * standardizes every record with the same core functions as the online API, and writes accepted
 * records to `ingestion_stage` and rejected ones to `ingestion_reject` with COPY. Rows past the
 * checkpoint (written before a crash, not yet checkpointed) are removed first, so a resumed run
 * stages every line exactly once.
 */
export async function stageRecords(
  db: Kysely<DB>,
  ref: ReferenceData,
  mapping: SourceMapping,
  filePath: string,
  scan: FileScan,
  job: JobRow,
  onProgress: (done: number) => Promise<void>,
): Promise<void> {
  await sql`DELETE FROM ingestion_stage WHERE job_id = ${job.id} AND line_no > ${job.committed_line}`.execute(
    db,
  );
  await sql`DELETE FROM ingestion_reject WHERE job_id = ${job.id} AND line_no > ${job.committed_line}`.execute(
    db,
  );
  const split = splitterFor(mapping);
  // The raw text kept for a rejected record is decoded leniently: it must show what was sent,
  // even bytes that are not valid in the declared encoding.
  const rawText = new TextDecoder(mapping.encoding === 'UTF-8' ? 'utf-8' : 'gb18030');
  const keyColumn = mapping.columns.findIndex((c) => c.target === 'sourceCustomerNo');
  const stdCtx = standardizeContext(ref, mapping.system);
  const today = new Date();
  const headerLines = scan.headerLine ? 1 : 0;
  let done = Math.max(0, job.committed_line - headerLines);

  const classify = (line: RawLine): Outcome => {
    const fields = split(line.bytes);
    if (!fields.ok) {
      return {
        staged: false,
        sourceNo: null,
        reasons: [
          { field: 'record', code: fields.code, message: fields.reason, severity: 'error' },
        ],
      };
    }
    const readableNo = (fields.fields[keyColumn] ?? '').trim() || null;
    const mapped = mapRecord(mapping, fields.fields, today);
    if (!mapped.ok) return { staged: false, sourceNo: readableNo, reasons: mapped.issues };
    const { record } = mapped;
    if (record.operation !== undefined && DELETE_OPERATIONS.has(record.operation.toUpperCase())) {
      return { staged: true, sourceNo: record.sourceCustomerNo, operation: 'delete', record: null };
    }
    if (!record.kind) {
      const reason: Issue = {
        field: 'kind',
        code: 'REQUIRED',
        message: 'the customer kind is unknown',
        severity: 'error',
      };
      return { staged: false, sourceNo: record.sourceCustomerNo, reasons: [reason] };
    }
    const std = standardizeCustomer(record.kind, record.attributes, record.ext, stdCtx, {
      partial: false,
    });
    const areas = standardizeAreas(record.areas, stdCtx);
    const errors = [...std.errors, ...areas.errors];
    if (errors.length > 0) {
      return { staged: false, sourceNo: record.sourceCustomerNo, reasons: errors };
    }
    return {
      staged: true,
      sourceNo: record.sourceCustomerNo,
      operation: 'upsert',
      record: {
        kind: record.kind,
        attributes: std.attributes,
        ext: std.ext,
        derived: std.derived,
        warnings: [...std.warnings, ...areas.warnings],
        nameKey: nameKeyOf(record.kind, String(std.attributes.name)),
        areas: areas.batches.map((b) => ({
          area: b.area,
          items: b.items.map((i) => ({ itemKey: i.itemKey, values: i.values })),
        })),
      },
    };
  };

  let staged: CopyValue[][] = [];
  let rejected: CopyValue[][] = [];
  let last: RawLine | undefined;
  const flush = async () => {
    if (!last) return;
    await copyRows(db, 'ingestion_stage', STAGE_COLUMNS, staged);
    await copyRows(db, 'ingestion_reject', REJECT_COLUMNS, rejected);
    const end =
      last.offset + last.bytes.length + (last.ending === 'CRLF' ? 2 : last.ending === 'LF' ? 1 : 0);
    await updateJob(db, job.id, {
      committed_line: last.lineNo,
      committed_offset: end,
      phase_done: done,
    });
    staged = [];
    rejected = [];
    await onProgress(done);
  };
  const take = (line: RawLine) => {
    last = line;
    if (line.lineNo === scan.headerLine || line.lineNo === scan.trailerLine) return;
    done++;
    const outcome = classify(line);
    const raw = rawText.decode(line.bytes);
    if (outcome.staged) {
      staged.push([
        job.id,
        line.lineNo,
        outcome.sourceNo,
        outcome.operation,
        outcome.record ? JSON.stringify(outcome.record) : '{}',
        raw,
      ]);
    } else {
      // jsonb cannot hold NUL either (a reason may quote the bad value).
      const reasons = JSON.stringify(outcome.reasons).replaceAll('\\u0000', '\u2400');
      rejected.push([job.id, line.lineNo, raw, reasons, outcome.sourceNo]);
    }
  };

  const splitter = new LineSplitter({
    lineNo: job.committed_line + 1,
    offset: job.committed_offset,
  });
  const stream = createReadStream(filePath, { start: job.committed_offset });
  for await (const chunk of stream) {
    for (const line of splitter.push(chunk as Buffer)) {
      take(line);
      if (staged.length + rejected.length >= STAGE_BATCH) await flush();
    }
  }
  const tail = splitter.end();
  if (tail) take(tail);
  await flush();
}
