import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EcifError, isEcifError } from '@ecif/core';
import type { Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceStore } from '../reference/reference-store.ts';
import {
  findJob,
  jobMarksForFile,
  setJobRerunOf,
  type JobRow,
} from './ingestion-job.repository.ts';
import { loadFile, type LoadProgress, type LoadRequest } from './load-file.ts';

/** How a load started in the background ended. Never rejects: failures are data here. */
export type LoadEnd =
  | { readonly ok: true; readonly jobId: string; readonly alreadyLoaded: boolean }
  | { readonly ok: false; readonly jobId: string | undefined; readonly error: unknown };

export interface StartedLoad {
  readonly jobId: string;
  /** This exact file was already loaded successfully: nothing ran, `jobId` is that load. */
  readonly alreadyLoaded: boolean;
  /** Settles when the load has finished (at once when it already had). */
  readonly done: Promise<LoadEnd>;
}

/** How often the job table is looked at while waiting for the loader to create its row. */
const POLL_MS = 50;

/** Loads running in this process, by source system and file path: one at a time per file. */
const active = new Set<string>();

/**
 * Starts `loadFile` in the background and resolves as soon as its job id is known, so the API can
 * answer 202 with it while a long file keeps loading.
 *
 * The loader creates (or, to resume, reuses) the job row itself, so the id is learnt from the
 * outside without touching the loader: the jobs that read this file path are noted before the
 * start, and the first job of that path that appears or changes afterwards is this load's (a
 * second load of the same file in this process is refused, so nothing else touches them). The
 * progress callback and the loader's own result or error (`details.jobId`) say it too, whichever
 * comes first. When the load ends before any job exists (invalid mapping, unknown system, file
 * already loaded) that outcome is the answer: the error is thrown, or `alreadyLoaded` returned.
 */
export async function startLoad(
  db: Kysely<DB>,
  reference: ReferenceStore,
  request: LoadRequest,
  ctx: OpContext,
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<StartedLoad> {
  const filePath = resolve(request.filePath);
  const key = `${request.system}|${filePath}`;
  if (active.has(key))
    throw new EcifError('ECIF_JOB_RUNNING', `${basename(filePath)} is being loaded right now`, {
      file: basename(filePath),
    });
  active.add(key);
  let before: Map<string, number>;
  try {
    const marks = await jobMarksForFile(db, request.system, filePath);
    before = new Map(marks.map((j) => [j.id, j.updated_at.getTime()]));
  } catch (error) {
    active.delete(key);
    throw error;
  }
  const touched = async (): Promise<string | undefined> => {
    const marks = await jobMarksForFile(db, request.system, filePath).catch(() => []);
    return marks
      .filter((j) => before.get(j.id) !== j.updated_at.getTime())
      .sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime())[0]?.id;
  };
  let reported: string | undefined;
  let ended: LoadEnd | undefined;
  const done = loadFile(db, reference, { ...request, filePath }, ctx, (p) => {
    reported ??= p.jobId;
    onProgress(p);
  })
    .then(
      (outcome): LoadEnd => ({
        ok: true,
        jobId: outcome.job.id,
        alreadyLoaded: outcome.alreadyLoaded,
      }),
      async (error: unknown): Promise<LoadEnd> => ({
        ok: false,
        jobId: jobIdOf(error) ?? reported ?? (await touched()),
        error,
      }),
    )
    .then((end) => {
      active.delete(key);
      ended = end;
      return end;
    });
  while (!ended) {
    const seen = reported ?? (await touched());
    if (seen && !ended) return { jobId: seen, alreadyLoaded: false, done };
    await Promise.race([sleep(POLL_MS), done]);
  }
  const end: LoadEnd = ended;
  if (end.ok) return { jobId: end.jobId, alreadyLoaded: end.alreadyLoaded, done };
  if (end.jobId) return { jobId: end.jobId, alreadyLoaded: false, done };
  throw end.error;
}

function jobIdOf(error: unknown): string | undefined {
  const id = isEcifError(error) ? error.details?.jobId : undefined;
  return typeof id === 'string' ? id : undefined;
}

export interface RerunResult extends StartedLoad {
  /** The job that was asked for. `jobId` is the same job, resumed, unless the file changed. */
  readonly rerunOf: string;
}

/**
 * Re-runs a failed job from its stored file path, mapping and mode. The loader finds the job by
 * file checksum and resumes it (same job id). When the source has replaced the file in the
 * meantime, its new content is a new job, which records `rerun_of`; when that content was loaded
 * already, nothing runs (`alreadyLoaded`). A succeeded or running job is not re-run.
 */
export async function rerunJob(
  db: Kysely<DB>,
  reference: ReferenceStore,
  jobId: string,
  ctx: OpContext,
  options: {
    readonly trigger?: LoadRequest['trigger'];
    readonly onProgress?: (p: LoadProgress) => void;
  } = {},
): Promise<RerunResult> {
  const job = await findJobById(db, jobId);
  if (job.status !== 'failed')
    throw new EcifError(
      'ECIF_JOB_NOT_RERUNNABLE',
      job.status === 'succeeded'
        ? `Job ${job.id} succeeded; there is nothing to re-run`
        : `Job ${job.id} is ${job.status}; only a failed job can be re-run`,
      { jobId: job.id, status: job.status },
    );
  if (!job.file_path)
    throw new EcifError(
      'ECIF_JOB_NOT_RERUNNABLE',
      `Job ${job.id} does not record its file path; load ${job.file_name} again`,
      { jobId: job.id, status: job.status, reason: 'NO_FILE_PATH' },
    );
  const present = await stat(job.file_path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!present)
    throw new EcifError(
      'ECIF_JOB_NOT_RERUNNABLE',
      `The file of job ${job.id} (${job.file_name}) is no longer there`,
      { jobId: job.id, status: job.status, reason: 'FILE_MISSING' },
    );
  const started = await startLoad(
    db,
    reference,
    {
      system: job.source_system,
      mapping: job.mapping,
      filePath: job.file_path,
      mode: job.mode === 'full' ? 'full' : 'delta',
      trigger: options.trigger ?? 'cli',
      ...(job.schedule_name ? { scheduleName: job.schedule_name } : {}),
    },
    ctx,
    options.onProgress,
  );
  if (started.jobId !== job.id && !started.alreadyLoaded)
    await setJobRerunOf(db, started.jobId, job.id);
  return { ...started, rerunOf: job.id };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The job, or ECIF_JOB_NOT_FOUND (also for a malformed id, which no job can have). */
export async function findJobById(db: Kysely<DB>, jobId: string): Promise<JobRow> {
  const job = UUID_RE.test(jobId) ? await findJob(db, jobId) : undefined;
  if (!job) throw new EcifError('ECIF_JOB_NOT_FOUND', `No job ${jobId}`, { jobId });
  return job;
}
