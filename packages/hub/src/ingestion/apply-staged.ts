import { isEcifError, type Issue, type SourceMapping } from '@ecif/core';
import { sql, type Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import { unlinkSourceIn } from '../customers/unlink-source.ts';
import { copyText, openBulkSession } from '../db/bulk-copy.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import { applyChunk, createRecordClock, type StagedRow } from './apply-chunk.ts';
import type { JobRow } from './ingestion-job.repository.ts';
import { createRecordStandardizer } from './standardize-record.ts';

/** Staged records per transaction of the apply phase. */
const APPLY_CHUNK = 2000;
/**
 * Records between two ANALYZE runs. A first load grows the customer table from nothing to
 * millions of rows faster than autovacuum re-reads it, and with stale statistics the planner
 * turns the per-key identification lookups into scans of a whole customer kind.
 */
const ANALYZE_EVERY = 100_000;

export interface ApplyTimings {
  standardizeMs: number;
  identifyMs: number;
  goldenMs: number;
}

type Reject = { lineNo: number; raw: string; sourceNo: string | null; reasons: Issue[] };
type LandedRow = { line_no: number; source_customer_no: string | null; raw: Uint8Array };
type Step =
  (StagedRow & { operation: 'upsert' }) | (Omit<StagedRow, 'record'> & { operation: 'delete' });

/**
 * Phase 2 of a load: the landed lines, in file order, a chunk per transaction: each line is
 * split, mapped, validated and standardized, then the chunk's records are identified and their
 * golden records built. Every chunk commits its changes, its rejects and the job's checkpoint
 * together, so a crash anywhere resumes after the last committed chunk with nothing applied
 * twice and nothing lost.
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
  const timings: ApplyTimings = { standardizeMs: 0, identifyMs: 0, goldenMs: 0 };
  const standardize = createRecordStandardizer(ref, mapping);
  // What a rejected line keeps: its text, decoded leniently so that bad bytes still show.
  const rawText = new TextDecoder(mapping.encoding === 'UTF-8' ? 'utf-8' : 'gb18030');
  const updatable = mapping.updatableFields ? new Set(mapping.updatableFields) : undefined;
  let applied = job.applied_line;
  const session = await openBulkSession(db);
  try {
    let done = job.phase === 'apply' ? job.phase_done : 0;
    let sinceAnalyze = ANALYZE_EVERY;
    for (;;) {
      const { rows } = await sql<LandedRow>`
      SELECT line_no, source_customer_no, raw FROM ingestion_stage
      WHERE job_id = ${job.id} AND line_no > ${applied}
      ORDER BY line_no LIMIT ${chunkSize}`.execute(db);
      if (rows.length === 0) break;
      if (sinceAnalyze >= ANALYZE_EVERY) {
        await sql`ANALYZE customer, customer_xref`.execute(db);
        sinceAnalyze = 0;
      }
      sinceAnalyze += rows.length;
      const last = rows[rows.length - 1] as LandedRow;
      const started = performance.now();
      const steps: Step[] = [];
      const rejects: Reject[] = [];
      for (const row of rows) {
        const outcome = standardize(row.raw);
        const raw = rawText.decode(row.raw);
        if (!outcome.ok) {
          rejects.push({
            lineNo: row.line_no,
            raw,
            sourceNo: outcome.sourceNo,
            reasons: outcome.reasons,
          });
        } else if (outcome.operation === 'delete') {
          steps.push({
            line_no: row.line_no,
            source_customer_no: outcome.sourceNo,
            raw,
            operation: 'delete',
          });
        } else {
          steps.push({
            line_no: row.line_no,
            source_customer_no: outcome.sourceNo,
            raw,
            operation: 'upsert',
            record: outcome.record,
          });
        }
      }
      timings.standardizeMs += performance.now() - started;
      await session.transaction(async (trx, copy) => {
        const counts = { created: 0, linked: 0, updated: 0, unlinked: 0 };
        // Runs of upserts go through set-based; a delete is applied where it stands in the file.
        let run: StagedRow[] = [];
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
        for (const row of steps) {
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
          rejects.sort((x, y) => x.lineNo - y.lineNo);
          await copy(
            'ingestion_reject',
            ['job_id', 'line_no', 'raw', 'reasons', 'source_customer_no'],
            copyText(
              rejects.map((r) => [
                job.id,
                r.lineNo,
                r.raw,
                // jsonb cannot hold NUL (a reason may quote the bad value); COPY shows it as ␀.
                JSON.stringify(r.reasons).replaceAll('\\u0000', '\u2400'),
                r.sourceNo,
              ]),
            ),
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
  row: Omit<StagedRow, 'record'>,
  ctx: OpContext,
): Promise<true | false | Reject> {
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
