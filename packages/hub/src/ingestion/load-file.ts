import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { EcifError, isEcifError, parseSourceMapping, type SourceMapping } from '@ecif/core';
import { sql, type Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import { unlinkSourceIn } from '../customers/unlink-source.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import type { ReferenceStore } from '../reference/reference-store.ts';
import { applyStaged } from './apply-staged.ts';
import {
  countRejects,
  findJobByChecksum,
  insertJob,
  updateJob,
  type JobRow,
} from './ingestion-job.repository.ts';
import { scanFile, type FileScan } from './scan-file.ts';
import { stageRecords } from './stage-records.ts';

export interface LoadRequest {
  readonly system: string;
  /** The mapping document (parsed JSON); checked before any data is read. */
  readonly mapping: unknown;
  readonly filePath: string;
  readonly mode: 'full' | 'delta';
  /** Who started it: the CLI (default), the API or the scheduler (with the schedule's name). */
  readonly trigger?: 'cli' | 'api' | 'schedule';
  readonly scheduleName?: string;
  /**
   * Full snapshots: the largest share of the system's active source records the file may unlink
   * (default 0.3) once more than 100 would go; beyond it the job fails before unlinking any.
   */
  readonly maxUnlinkShare?: number;
  /** Staged records per apply transaction (default 2,000); tests use small chunks. */
  readonly tuning?: { readonly applyChunk?: number };
}

export interface LoadProgress {
  readonly jobId: string;
  /** stage: records read, checked and staged; apply: staged records identified and built. */
  readonly phase: 'stage' | 'apply';
  readonly done: number;
  readonly total: number;
}

export interface LoadOutcome {
  readonly job: JobRow;
  /** This exact file was already loaded successfully; nothing was changed. */
  readonly alreadyLoaded: boolean;
}

/**
 * `ecif load`: checks the mapping, the companion file and the control totals; stages every
 * accepted record (validated and standardized) with COPY; then applies the staged records chunk
 * by chunk, set-based, with the same identification and survivorship rules as the online
 * services. Rejected records are kept with line, raw text and reasons. Running the same load
 * again resumes after the last checkpoint of its phase, and loading a file that already
 * succeeded changes nothing.
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
    const done = await runPhases(db, ref, request, mapping, scan, job, ctx, onProgress);
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

type Timings = Record<string, number>;

/**
 * stage → apply → deactivate (full snapshots) → done. Each phase resumes from the job row:
 * the stage phase from its line/offset checkpoint, the apply phase after the last committed
 * chunk; the deactivate phase recomputes what is still missing. Phase times add up across runs.
 */
async function runPhases(
  db: Kysely<DB>,
  ref: ReferenceData,
  request: LoadRequest,
  mapping: SourceMapping,
  scan: FileScan,
  initial: JobRow,
  ctx: OpContext,
  onProgress: (p: LoadProgress) => void,
): Promise<JobRow> {
  let job = initial;
  const timings: Timings = { ...(job.timings as Timings) };
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = Math.round((timings[phase] ?? 0) + performance.now() - started);
      await updateJob(db, job.id, { timings: JSON.stringify(timings) });
    }
  };
  const report = (phase: LoadProgress['phase'], total: number) => (done: number) => {
    onProgress({ jobId: job.id, phase, done, total });
    return Promise.resolve();
  };

  if (job.phase === 'scan' || job.phase === 'stage') {
    job = await updateJob(db, job.id, { phase: 'stage', phase_total: scan.dataLines });
    const staging = job;
    await timed('stageMs', () =>
      stageRecords(db, mapping, request.filePath, scan, staging, report('stage', scan.dataLines)),
    );
    const staged = await countStaged(db, job.id);
    job = await updateJob(db, job.id, { phase: 'apply', phase_done: 0, phase_total: staged });
  }
  if (job.phase === 'apply') {
    const applying = job;
    const split = await timed('applyMs', () =>
      applyStaged(db, ref, mapping, applying, ctx, report('apply', applying.phase_total), {
        chunk: request.tuning?.applyChunk,
      }),
    );
    timings.standardizeMs = Math.round((timings.standardizeMs ?? 0) + split.standardizeMs);
    timings.identifyMs = Math.round((timings.identifyMs ?? 0) + split.identifyMs);
    timings.goldenMs = Math.round((timings.goldenMs ?? 0) + split.goldenMs);
    job = await updateJob(db, job.id, { phase: 'deactivate', phase_done: 0, phase_total: 0 });
  }
  let note: string | undefined;
  if (job.phase === 'deactivate' && request.mode === 'full') {
    const deactivating = job;
    const result = await timed('deactivateMs', () =>
      deactivateMissing(db, ref, deactivating, ctx, request.maxUnlinkShare ?? MAX_UNLINK_SHARE),
    );
    note = result.note;
    job = await updateJob(db, job.id, { deactivated: job.deactivated + result.count });
  }
  await timed('cleanupMs', () => dropStaged(db, job.id));
  const rejected = await countRejects(db, job.id);
  return updateJob(db, job.id, {
    status: 'succeeded',
    phase: 'done',
    received: scan.dataLines,
    rejected,
    accepted: scan.dataLines - rejected,
    error: note ? JSON.stringify({ code: 'UNLINK_SKIPPED', message: note }) : null,
    finished_at: new Date(),
  });
}

async function countStaged(db: Kysely<DB>, jobId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ingestion_stage WHERE job_id = ${jobId}`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Staged rows are only needed until the job is done; TRUNCATE when no other job has any. */
async function dropStaged(db: Kysely<DB>, jobId: string): Promise<void> {
  const { rows } = await sql`
    SELECT 1 FROM ingestion_stage WHERE job_id <> ${jobId} LIMIT 1`.execute(db);
  if (rows.length === 0) await sql`TRUNCATE ingestion_stage`.execute(db);
  else await sql`DELETE FROM ingestion_stage WHERE job_id = ${jobId}`.execute(db);
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

const UNLINK_BATCH = 500;
const MAX_UNLINK_SHARE = 0.3;
/** Below this many, a snapshot may unlink any share (a small system's file can drop half). */
const UNLINK_GUARD_FLOOR = 100;

/**
 * A full snapshot: every active source record of this system that the file held neither as an
 * accepted nor as a rejected record is unlinked. When some rejected line's customer number could
 * not even be read, nothing is unlinked (that record may be one of them) and the job says so.
 */
async function deactivateMissing(
  db: Kysely<DB>,
  ref: ReferenceData,
  job: JobRow,
  ctx: OpContext,
  maxShare: number,
): Promise<{ count: number; note?: string }> {
  const { rows: unreadable } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ingestion_reject
    WHERE job_id = ${job.id} AND source_customer_no IS NULL`.execute(db);
  const n = unreadable[0]?.n ?? 0;
  if (n > 0) {
    return {
      count: 0,
      note: `${n} rejected line(s) had no readable customer number, so no source record was unlinked`,
    };
  }
  const { rows: missing } = await sql<{ source_customer_no: string }>`
    SELECT x.source_customer_no FROM customer_xref AS x
    WHERE x.source_system = ${job.source_system} AND x.active
      AND NOT EXISTS (SELECT 1 FROM ingestion_stage AS s
                      WHERE s.job_id = ${job.id} AND s.source_customer_no = x.source_customer_no)
      AND NOT EXISTS (SELECT 1 FROM ingestion_reject AS r
                      WHERE r.job_id = ${job.id} AND r.source_customer_no = x.source_customer_no)
    ORDER BY x.source_customer_no`.execute(db);
  const { rows: active } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM customer_xref
    WHERE source_system = ${job.source_system} AND active`.execute(db);
  const activeCount = active[0]?.n ?? 0;
  if (missing.length > UNLINK_GUARD_FLOOR && missing.length > maxShare * activeCount) {
    throw new EcifError(
      'ECIF_INGEST_MASS_UNLINK',
      `The full snapshot lacks ${missing.length} of the ${activeCount} active ${job.source_system} source records (more than ${Math.round(maxShare * 100)}%); nothing was unlinked`,
      { jobId: job.id, missing: missing.length, active: activeCount, maxUnlinkShare: maxShare },
    );
  }
  let count = 0;
  for (let i = 0; i < missing.length; i += UNLINK_BATCH) {
    const batch = missing.slice(i, i + UNLINK_BATCH);
    count += await db.transaction().execute(async (trx) => {
      let unlinked = 0;
      for (const row of batch) {
        const source = { system: job.source_system, customerNo: row.source_customer_no };
        if (await unlinkSourceIn(trx, ref, source, ctx)) unlinked++;
      }
      return unlinked;
    });
  }
  return { count };
}
