import { isEcifError, type Issue, type SourceMapping } from '@ecif/core';
import { sql, type Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import { unlinkSourceIn } from '../customers/unlink-source.ts';
import { openBulkSession } from '../db/bulk-copy.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import { applyChunk, createRecordClock, type StagedRow } from './apply-chunk.ts';
import type { JobRow } from './ingestion-job.repository.ts';
import type { StagedOperation } from './stage-records.ts';

/** Staged records per transaction of the apply phase. */
const APPLY_CHUNK = 2000;

export interface ApplyTimings {
  identifyMs: number;
  goldenMs: number;
}

type StageRow = StagedRow & { readonly operation: StagedOperation };

/**
 * Phase 2 of a load: the staged records, in file order, a chunk per transaction. Every chunk
 * commits its changes, its rejects and the job's checkpoint together, so a crash anywhere
 * resumes after the last committed chunk with nothing applied twice and nothing lost.
 */
export async function applyStaged(
  db: Kysely<DB>,
  ref: ReferenceData,
  mapping: SourceMapping,
  job: JobRow,
  ctx: OpContext,
  onProgress: (applied: number) => Promise<void>,
  options: { chunk?: number | undefined } = {},
): Promise<ApplyTimings> {
  const chunkSize = options.chunk ?? APPLY_CHUNK;
  const clock = createRecordClock();
  const timings: ApplyTimings = { identifyMs: 0, goldenMs: 0 };
  const updatable = mapping.updatableFields ? new Set(mapping.updatableFields) : undefined;
  let applied = job.applied_line;
  const session = await openBulkSession(db);
  try {
    let done = job.phase === 'apply' ? job.phase_done : 0;
    for (;;) {
      const { rows } = await sql<StageRow>`
      SELECT line_no, source_customer_no, operation, record, raw FROM ingestion_stage
      WHERE job_id = ${job.id} AND line_no > ${applied}
      ORDER BY line_no LIMIT ${chunkSize}`.execute(db);
      if (rows.length === 0) break;
      const last = rows[rows.length - 1] as StageRow;
      await session.transaction(async (trx, copy) => {
        const counts = { created: 0, linked: 0, updated: 0, unlinked: 0 };
        const rejects: { lineNo: number; raw: string; sourceNo: string; reasons: Issue[] }[] = [];
        // Runs of upserts go through set-based; a delete is applied where it stands in the file.
        let run: StageRow[] = [];
        const flushRun = async () => {
          if (run.length === 0) return;
          const outcome = await applyChunk(trx, ref, job.source_system, run, ctx, copy, {
            updatableFields: updatable,
            clock,
          });
          counts.created += outcome.created;
          counts.linked += outcome.linked;
          counts.updated += outcome.updated;
          rejects.push(...outcome.rejects);
          timings.identifyMs += outcome.identifyMs;
          timings.goldenMs += outcome.goldenMs;
          run = [];
        };
        for (const row of rows) {
          if (row.operation === 'upsert') {
            run.push(row);
            continue;
          }
          await flushRun();
          const unlinked = await deleteOne(trx, ref, job.source_system, row, ctx);
          if (unlinked === true) counts.unlinked++;
          else if (unlinked) rejects.push(unlinked);
        }
        await flushRun();
        if (rejects.length > 0) {
          await sql`
          INSERT INTO ingestion_reject (job_id, line_no, raw, reasons, source_customer_no)
          SELECT ${job.id}::uuid, line_no, raw, reasons, source_customer_no
          FROM jsonb_to_recordset(${JSON.stringify(
            rejects.map((r) => ({
              line_no: r.lineNo,
              raw: r.raw,
              reasons: r.reasons,
              source_customer_no: r.sourceNo,
            })),
          )}::jsonb) AS r(line_no int, raw text, reasons jsonb, source_customer_no text)`.execute(
            trx,
          );
        }
        await sql`
        UPDATE ingestion_job SET
          applied_line = ${last.line_no},
          phase_done = phase_done + ${rows.length},
          created = created + ${counts.created},
          linked = linked + ${counts.linked},
          updated = updated + ${counts.updated},
          unlinked = unlinked + ${counts.unlinked},
          updated_at = now()
        WHERE id = ${job.id}`.execute(trx);
      });
      applied = last.line_no;
      done += rows.length;
      await onProgress(done);
    }
  } finally {
    await session.close();
  }
  return timings;
}

/** A delete record: true when unlinked, a reject when the source record is unknown. */
async function deleteOne(
  trx: Kysely<DB>,
  ref: ReferenceData,
  system: string,
  row: StageRow,
  ctx: OpContext,
): Promise<true | false | { lineNo: number; raw: string; sourceNo: string; reasons: Issue[] }> {
  try {
    return await unlinkSourceIn(
      trx,
      ref,
      { system, customerNo: row.source_customer_no },
      { ...ctx, requestId: `${ctx.requestId}:${row.line_no}` },
    );
  } catch (error) {
    // Only errors raised before anything was written are a record's fault.
    if (!isEcifError(error) || error.code !== 'ECIF_CUSTOMER_NOT_FOUND') throw error;
    return {
      lineNo: row.line_no,
      raw: row.raw,
      sourceNo: row.source_customer_no,
      reasons: [
        {
          field: 'sourceCustomerNo',
          code: error.code,
          message: `${system} customer ${row.source_customer_no} is not known to the hub`,
          severity: 'error',
        },
      ],
    };
  }
}
