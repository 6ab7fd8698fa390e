import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { EcifError, ErrorCode } from '@ecif/core';
import {
  findJob,
  findJobById,
  listJobs,
  listRejects,
  loadFile,
  rerunJob,
  type JobRow,
} from '@ecif/hub';
import { openDatabase } from '../open-database.ts';
import { readMapping } from '../read-mapping.ts';
import { printJson, UsageError } from '../output.ts';
import { createProgress } from '../progress.ts';

const LOAD_USAGE =
  'ecif load --system <CODE> --mapping <file.json> --file <data> [--full|--delta] [--max-unlink-share 0.3]';

export async function loadCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      system: { type: 'string' },
      mapping: { type: 'string' },
      file: { type: 'string' },
      full: { type: 'boolean', default: false },
      delta: { type: 'boolean', default: false },
      actor: { type: 'string', default: `cli:${process.env.USER ?? 'operator'}` },
      'apply-chunk': { type: 'string' },
      'max-unlink-share': { type: 'string' },
    },
  });
  if (!values.system || !values.mapping || !values.file || (values.full && values.delta))
    throw new UsageError(LOAD_USAGE);
  const applyChunk =
    values['apply-chunk'] === undefined ? undefined : Number(values['apply-chunk']);
  if (applyChunk !== undefined && !(Number.isInteger(applyChunk) && applyChunk > 0))
    throw new UsageError(`--apply-chunk must be a positive integer\n${LOAD_USAGE}`);
  const share = values['max-unlink-share'];
  const maxUnlinkShare = share === undefined ? undefined : Number(share);
  if (maxUnlinkShare !== undefined && !(maxUnlinkShare >= 0 && maxUnlinkShare <= 1))
    throw new UsageError(`--max-unlink-share must be between 0 and 1\n${LOAD_USAGE}`);
  const mapping = await readMapping(values.mapping);
  const { database, reference } = await openDatabase({ migrate: true });
  // One bar per phase: records/s and ETA mean something only within a phase.
  let phase = '';
  let progress = createProgress('');
  try {
    const outcome = await loadFile(
      database.db,
      reference,
      {
        system: values.system,
        mapping,
        filePath: values.file,
        mode: values.full ? 'full' : 'delta',
        ...(applyChunk ? { tuning: { applyChunk } } : {}),
        ...(maxUnlinkShare === undefined ? {} : { maxUnlinkShare }),
      },
      { actor: values.actor, requestId: `load-${Date.now()}` },
      (p) => {
        if (p.phase !== phase) {
          if (phase) progress.finish();
          phase = p.phase;
          progress = createProgress(`${p.phase} ${values.system}`);
        }
        progress.update(p.done, p.total);
      },
    );
    progress.finish();
    printJson({ alreadyLoaded: outcome.alreadyLoaded, job: jobView(outcome.job) });
  } finally {
    await database.close();
  }
}

function jobView(job: Awaited<ReturnType<typeof findJob>>) {
  if (!job) return null;
  return {
    id: job.id,
    system: job.source_system,
    mode: job.mode,
    file: job.file_name,
    checksum: job.checksum,
    status: job.status,
    received: job.received,
    accepted: job.accepted,
    rejected: job.rejected,
    created: job.created,
    linked: job.linked,
    updated: job.updated,
    unlinked: job.unlinked,
    deactivated: job.deactivated,
    phase: job.phase,
    timings: job.timings,
    expectedRecords: job.expected_records,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
    error: job.error,
  };
}

export async function jobsCommand(args: string[]): Promise<void> {
  if (args[0] === 'rerun') return jobsRerunCommand(args.slice(1));
  if (args[0] === 'watch') return jobsWatchCommand(args.slice(1));
  const { database } = await openDatabase({ migrate: true });
  try {
    if (args[0]) {
      const job = await findJob(database.db, args[0]);
      if (!job) throw new EcifError('ECIF_ITEM_NOT_FOUND', `No job ${args[0]}`);
      printJson(jobView(job));
    } else {
      printJson((await listJobs(database.db, { limit: 50, offset: 0 })).map(jobView));
    }
  } finally {
    await database.close();
  }
}

/** `ecif rejects <job> [--out file.csv]`: what the source must fix and resend (闭环反馈). */
export async function rejectsCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  });
  const jobId = positionals[0];
  if (!jobId) throw new UsageError('ecif rejects <job> [--out rejects.csv]');
  const { database } = await openDatabase({ migrate: true });
  try {
    if (!(await findJob(database.db, jobId)))
      throw new EcifError('ECIF_ITEM_NOT_FOUND', `No job ${jobId}`);
    const rows = await listRejects(database.db, jobId, { limit: 1_000_000, offset: 0 });
    const items = rows.map((r) => ({ line: r.line_no, raw: r.raw, reasons: r.reasons }));
    if (values.out) {
      const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
      const lines = items.map((r) =>
        [r.line, quote(r.raw), quote(JSON.stringify(r.reasons))].join(','),
      );
      await writeFile(values.out, ['line,raw,reasons', ...lines].join('\n') + '\n', 'utf8');
      printJson({ job: jobId, rejects: items.length, out: values.out });
    } else {
      printJson(items);
    }
  } finally {
    await database.close();
  }
}

const RERUN_USAGE = 'ecif jobs rerun <job> [--actor <id>]';
const WATCH_USAGE = 'ecif jobs watch <job> [--interval <seconds>]';

/** One progress bar per phase, as `ecif load` draws them. */
function phaseBars(label: string) {
  let phase = '';
  let bar = createProgress('');
  return {
    update(p: { phase: string; done: number; total: number }): void {
      if (p.phase !== phase) {
        if (phase) bar.finish();
        phase = p.phase;
        bar = createProgress(`${p.phase} ${label}`);
      }
      if (p.total > 0) bar.update(p.done, p.total);
    },
    finish(): void {
      if (phase) bar.finish();
    },
  };
}

const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && Object.hasOwn(ErrorCode, code);

/** A failed job as the CLI's error (its own code, so the exit status says why). */
function jobFailure(job: JobRow): EcifError {
  const error: unknown = job.error;
  const fields: [string, unknown][] =
    typeof error === 'object' && error !== null ? Object.entries(error) : [];
  const code = fields.find(([k]) => k === 'code')?.[1];
  const message = fields.find(([k]) => k === 'message')?.[1];
  return new EcifError(
    isErrorCode(code) ? code : 'ECIF_INTERNAL',
    `Job ${job.id} failed${typeof message === 'string' ? `: ${message}` : ''}`,
    { jobId: job.id, error },
  );
}

/**
 * `ecif jobs rerun <job>`: re-runs a failed job from its file, mapping and mode, here and now
 * (it resumes: same job id). Exits like `ecif load`: 0 when it succeeded, else the job's code.
 */
async function jobsRerunCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { actor: { type: 'string', default: `cli:${process.env.USER ?? 'operator'}` } },
  });
  const jobId = positionals[0];
  if (!jobId || positionals.length > 1) throw new UsageError(RERUN_USAGE);
  const { database, reference } = await openDatabase({ migrate: true });
  const bars = phaseBars('rerun');
  try {
    const started = await rerunJob(
      database.db,
      reference,
      jobId,
      { actor: values.actor, requestId: `rerun-${Date.now()}` },
      { trigger: 'cli', onProgress: (p) => bars.update(p) },
    );
    const end = await started.done;
    bars.finish();
    const job = await findJobById(database.db, end.jobId ?? started.jobId);
    printJson({
      alreadyLoaded: started.alreadyLoaded,
      rerunOf: started.rerunOf,
      job: jobView(job),
    });
    if (!end.ok) throw jobFailure(job);
  } finally {
    await database.close();
  }
}

/**
 * `ecif jobs watch <job>`: follows a job another process runs (the loader writes its phase
 * counters as it goes) with a progress bar per phase; prints the job when it has finished and
 * exits 0 if it succeeded, else with the job's error code. Needs a database that two processes
 * can open: PostgreSQL (embedded PGlite belongs to one process; use GET /api/v1/jobs/{id}).
 */
async function jobsWatchCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { interval: { type: 'string', default: '1' } },
  });
  const jobId = positionals[0];
  const interval = Number(values.interval);
  if (!jobId || positionals.length > 1 || !(interval > 0 && interval <= 3600))
    throw new UsageError(WATCH_USAGE);
  const { database } = await openDatabase({ migrate: false });
  try {
    let job = await findJobById(database.db, jobId);
    const bars = phaseBars(job.source_system);
    for (;;) {
      bars.update({ phase: job.phase, done: job.phase_done, total: job.phase_total });
      if (job.status === 'succeeded' || job.status === 'failed') break;
      await sleep(interval * 1000);
      job = await findJobById(database.db, jobId);
    }
    bars.finish();
    printJson(jobView(job));
    if (job.status === 'failed') throw jobFailure(job);
  } finally {
    await database.close();
  }
}
