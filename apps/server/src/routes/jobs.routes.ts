import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { EcifError, type Issue } from '@ecif/core';
import {
  countRejects,
  findJobById,
  listRejects,
  listRejectsAfter,
  rerunJob,
  searchJobs,
  startLoad,
  type JobRow,
  type LoadEnd,
} from '@ecif/hub';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { opContext } from '../http/op-context.ts';
import { errorResponses, issueSchema, list, pageQuery } from './common.schemas.ts';

const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
/** The loader's phases in order; its timings name them (`stageMs`), sub-timings aside. */
const PHASES = ['scan', 'stage', 'apply', 'deactivate', 'done'];
const TRIGGERS = ['cli', 'api', 'schedule'] as const;
const systemCode = z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/);

export const jobSchema = z
  .object({
    id: z.string(),
    system: z.string(),
    mode: z.enum(['full', 'delta']),
    file: z.string().describe('File name'),
    filePath: z.string().nullable().describe('Absolute path the file was read from'),
    fileSize: z.number(),
    checksum: z.string().describe('SHA-256 of the file: the same file is recognized by it'),
    trigger: z.enum(TRIGGERS),
    scheduleName: z.string().nullable(),
    rerunOf: z.string().nullable().describe('The failed job this one re-ran (its file changed)'),
    createdBy: z.string(),
    status: z.enum(JOB_STATUSES),
    progress: z.object({
      phase: z.string().describe(`Current phase: ${PHASES.join(' → ')}`),
      done: z.number().describe('Units done in the current phase'),
      total: z.number().describe('Units of the current phase (0: not known yet)'),
      percent: z.number().nullable().describe('Of the current phase; 100 once succeeded'),
      recordsPerSecond: z
        .number()
        .nullable()
        .describe('Running: rate of the current phase; finished: received records per second'),
      etaSeconds: z.number().nullable().describe('Running: seconds left in the current phase'),
      secondsSinceUpdate: z
        .number()
        .describe(
          'Since the loader last wrote progress: a running job that stays silent long was interrupted',
        ),
    }),
    counts: z.object({
      expected: z.number().nullable().describe('Record count the trailer or header declared'),
      received: z.number(),
      accepted: z.number(),
      rejected: z.number(),
      created: z.number(),
      linked: z.number(),
      updated: z.number(),
      unlinked: z.number(),
      deactivated: z.number(),
    }),
    timings: z.record(z.string(), z.number()).describe('Milliseconds per finished phase'),
    error: z.unknown().nullable().describe('Why it failed: { code, message | problems }'),
    startedAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Job' });

const jobOutcomeSchema = z.object({
  alreadyLoaded: z
    .boolean()
    .describe('This exact file (same checksum) was loaded before: nothing ran, job is that load'),
  job: jobSchema,
});

const rejectSchema = z.object({
  lineNo: z.number(),
  raw: z.string().describe('The line as received'),
  reasons: list(issueSchema),
});

function oneOf<T extends string>(values: readonly T[], value: string, fallback: T): T {
  return (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

function numbers(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The live status of a job, read from its row alone (the loader writes its phase counters as it
 * goes, from whatever process runs it). Rate and ETA are those of the current phase: units done
 * since the phase began (start + the timings of the phases before it) up to the last update.
 */
export function jobView(job: JobRow, now = new Date()) {
  const status = oneOf(JOB_STATUSES, job.status, 'failed');
  const phase = job.phase;
  const timings = numbers(job.timings);
  let done = job.phase_done;
  let total = job.phase_total;
  if (total === 0 && job.committed_line > 0 && job.received > 0) {
    // A loader that only records its resume point: lines committed of the lines received.
    done = Math.min(job.committed_line, job.received);
    total = job.received;
  }
  const started = job.started_at.getTime();
  const updated = job.updated_at.getTime();
  const earlier = new Set(PHASES.slice(0, Math.max(0, PHASES.indexOf(phase))));
  const before = Object.entries(timings)
    .filter(([name]) => earlier.has(name.replace(/Ms$/, '')))
    .reduce((sum, [, ms]) => sum + ms, 0);
  const phaseSeconds = (updated - Math.min(updated, started + before)) / 1000;
  let recordsPerSecond: number | null = null;
  let etaSeconds: number | null = null;
  if (status === 'running' || status === 'queued') {
    if (done > 0 && phaseSeconds > 0) {
      recordsPerSecond = round1(done / phaseSeconds);
      etaSeconds = total >= done ? Math.ceil((total - done) / (done / phaseSeconds)) : null;
    }
  } else if (job.finished_at) {
    const seconds = (job.finished_at.getTime() - started) / 1000;
    recordsPerSecond = seconds > 0 ? round1(job.received / seconds) : null;
    etaSeconds = 0;
  }
  return {
    id: job.id,
    system: job.source_system,
    mode: job.mode === 'full' ? ('full' as const) : ('delta' as const),
    file: job.file_name,
    filePath: job.file_path,
    fileSize: job.file_size,
    checksum: job.checksum,
    trigger: oneOf(TRIGGERS, job.trigger, 'cli'),
    scheduleName: job.schedule_name,
    rerunOf: job.rerun_of,
    createdBy: job.created_by,
    status,
    progress: {
      phase,
      done,
      total,
      percent:
        status === 'succeeded' || phase === 'done'
          ? 100
          : total > 0
            ? Math.min(100, Math.floor((done / total) * 1000) / 10)
            : null,
      recordsPerSecond,
      etaSeconds,
      secondsSinceUpdate: Math.max(0, Math.round((now.getTime() - updated) / 1000)),
    },
    counts: {
      expected: job.expected_records,
      received: job.received,
      accepted: job.accepted,
      rejected: job.rejected,
      created: job.created,
      linked: job.linked,
      updated: job.updated,
      unlinked: job.unlinked,
      deactivated: job.deactivated,
    },
    timings,
    error: job.error ?? null,
    startedAt: job.started_at.toISOString(),
    updatedAt: job.updated_at.toISOString(),
    finishedAt: job.finished_at?.toISOString() ?? null,
  };
}

/** A stored reason, whatever shape the loader gave it, as an issue. */
function toIssue(reason: unknown): Issue {
  const r = (typeof reason === 'object' && reason !== null ? reason : {}) as Record<
    string,
    unknown
  >;
  const text = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  return {
    field: text(r.field, 'record'),
    code: text(r.code, 'REJECTED'),
    message: text(r.message, typeof reason === 'string' ? reason : ''),
    severity: r.severity === 'warning' ? 'warning' : 'error',
  };
}

function reasonsOf(value: unknown): Issue[] {
  return (Array.isArray(value) ? value : [value]).map(toIssue);
}

const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;
const REJECTS_CSV_PAGE = 2000;

/** `line_no,raw,reasons`, read page by page so a file with a million rejects streams. */
function rejectsCsv(deps: AppDeps, jobId: string): Readable {
  const { db } = deps.database;
  return Readable.from(
    (async function* () {
      // The byte order mark makes Excel read the Chinese text as UTF-8.
      yield '\uFEFFline_no,raw,reasons\r\n';
      let after = 0;
      for (;;) {
        const rows = await listRejectsAfter(db, jobId, after, REJECTS_CSV_PAGE);
        if (rows.length > 0)
          yield rows
            .map((r) => {
              const reasons = reasonsOf(r.reasons)
                .map((i) => `${i.field}: ${i.code} ${i.message}`.trim())
                .join('; ');
              return `${r.line_no},${csvCell(r.raw)},${csvCell(reasons)}\r\n`;
            })
            .join('');
        if (rows.length < REJECTS_CSV_PAGE) return;
        after = rows[rows.length - 1]?.line_no ?? after;
      }
    })(),
  );
}

function fileIssue(field: string, code: string, message: string): never {
  throw new EcifError('ECIF_VALIDATION', `${field} ${message}`, {
    issues: [{ field, code, message, severity: 'error' }],
  });
}

/**
 * A server-side path the API may read: absolute and, when `ECIF_BATCH_DIR` is set, inside it
 * (after resolving links), so a caller cannot have any file of the server loaded and its lines
 * shown back as rejects.
 */
export async function checkServerPath(
  deps: AppDeps,
  field: string,
  path: string,
  kind: 'file' | 'directory',
): Promise<string> {
  if (!isAbsolute(path)) fileIssue(field, 'NOT_ABSOLUTE', 'must be an absolute path on the server');
  const real = await realpath(path).catch(() => resolve(path));
  if (deps.batchDir) {
    const root = await realpath(deps.batchDir).catch(() => resolve(deps.batchDir ?? '/'));
    const rel = relative(root, real);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
      fileIssue(field, 'OUTSIDE_BATCH_DIR', 'is outside the batch directory (ECIF_BATCH_DIR)');
  }
  if (kind === 'file') {
    const isFile = await stat(real).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) fileIssue(field, 'FILE_NOT_FOUND', 'is not a file on the server');
  }
  return resolve(path);
}

function logEnd(log: FastifyBaseLogger, end: LoadEnd): void {
  if (end.ok) log.info({ jobId: end.jobId }, 'job.finished');
  else
    log.warn(
      {
        jobId: end.jobId,
        error:
          end.error instanceof EcifError
            ? { code: end.error.code, message: end.error.message }
            : { code: 'ECIF_INTERNAL', message: String(end.error) },
      },
      'job.failed',
    );
}

/** Batch jobs (R-E7): start, watch, re-run, and the rejected records to send back. */
export function registerJobRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['jobs'];
  const jobIdParams = z.object({ id: z.string().max(64).describe('Job id (uuid)') });

  r.get(
    '/api/v1/jobs',
    {
      schema: {
        tags,
        summary: 'Batch jobs, newest first',
        querystring: z
          .object({
            system: systemCode.optional(),
            status: z.enum(JOB_STATUSES).optional(),
            ...pageQuery,
          })
          .strict(),
        response: {
          200: z.object({
            items: list(jobSchema),
            total: z.number(),
            limit: z.number(),
            offset: z.number(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { system, status, limit, offset } = request.query;
      const page = await searchJobs(db, { system, status }, { limit, offset });
      const now = new Date();
      return { items: page.items.map((j) => jobView(j, now)), total: page.total, limit, offset };
    },
  );

  r.get(
    '/api/v1/jobs/:id',
    {
      schema: {
        tags,
        summary: 'Live status of a job: phase, progress, records/s, ETA, counts, timings, error',
        params: jobIdParams,
        response: { 200: jobSchema, ...errorResponses },
      },
    },
    async (request) => jobView(await findJobById(db, request.params.id)),
  );

  r.get(
    '/api/v1/jobs/:id/rejects',
    {
      schema: {
        tags,
        summary: 'Rejected records: what the source must fix and resend (闭环反馈)',
        description:
          'JSON, paged; or the whole list as CSV (`line_no,raw,reasons`, UTF-8 with a byte order mark) with `Accept: text/csv` or `?format=csv`.',
        params: jobIdParams,
        querystring: z
          .object({ format: z.enum(['json', 'csv']).optional(), ...pageQuery })
          .strict(),
        response: {
          200: {
            description: 'The rejected records',
            content: {
              'application/json': {
                schema: z.object({
                  items: list(rejectSchema),
                  total: z.number(),
                  limit: z.number(),
                  offset: z.number(),
                }),
              },
              'text/csv': { schema: z.string() },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const job = await findJobById(db, request.params.id);
      const { format, limit, offset } = request.query;
      const wantsCsv =
        format === 'csv' ||
        (format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''));
      if (wantsCsv) {
        const name = `${job.file_name.replace(/[^\w.-]/g, '_')}.rejects.csv`;
        // A stream is sent as is (no serializer); the typed reply only knows the schemas.
        const raw: FastifyReply = reply;
        return raw
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(rejectsCsv(deps, job.id));
      }
      const [rows, total] = await Promise.all([
        listRejects(db, job.id, { limit, offset }),
        countRejects(db, job.id),
      ]);
      return {
        items: rows.map((row) => ({
          lineNo: row.line_no,
          raw: row.raw,
          reasons: reasonsOf(row.reasons),
        })),
        total,
        limit,
        offset,
      };
    },
  );

  r.post(
    '/api/v1/jobs',
    {
      schema: {
        tags,
        summary: 'Load a file that is on the server (runs in the background)',
        description:
          'Answers 202 with the job as soon as the loader has created it (after the file scan: checksum, control totals, companion); follow it with GET /api/v1/jobs/{id}. A file that already loaded successfully answers 200 with `alreadyLoaded`; a failed earlier job of the same file is resumed (same id). An invalid mapping or an unknown system answers 400 at once.',
        body: z
          .object({
            system: systemCode,
            mapping: z
              .record(z.string(), z.unknown())
              .describe('The mapping document (docs/batch.md)'),
            filePath: z.string().min(1).max(4096).describe('Absolute path on the server'),
            mode: z.enum(['full', 'delta']),
          })
          .strict(),
        response: { 200: jobOutcomeSchema, 202: jobOutcomeSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { system, mapping, mode } = request.body;
      const filePath = await checkServerPath(deps, 'filePath', request.body.filePath, 'file');
      const started = await startLoad(
        db,
        deps.reference,
        { system, mapping, filePath, mode, trigger: 'api' },
        opContext(request, 'api'),
      );
      void started.done.then((end) => logEnd(app.log, end));
      const job = await findJobById(db, started.jobId);
      return reply
        .status(started.alreadyLoaded ? 200 : 202)
        .header('location', `/api/v1/jobs/${job.id}`)
        .send({ alreadyLoaded: started.alreadyLoaded, job: jobView(job) });
    },
  );

  r.post(
    '/api/v1/jobs/:id/rerun',
    {
      schema: {
        tags,
        summary: 'Re-run a failed job from its file, mapping and mode (resumes it: same job id)',
        description:
          'Only a failed job (409 ECIF_JOB_NOT_RERUNNABLE otherwise). If the source replaced the file since, its new content loads as a new job with `rerunOf`; if that content was already loaded, 200 with `alreadyLoaded`.',
        params: jobIdParams,
        response: { 200: jobOutcomeSchema, 202: jobOutcomeSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const started = await rerunJob(
        db,
        deps.reference,
        request.params.id,
        opContext(request, 'api'),
        {
          trigger: 'api',
        },
      );
      void started.done.then((end) => logEnd(app.log, end));
      const job = await findJobById(db, started.jobId);
      return reply
        .status(started.alreadyLoaded ? 200 : 202)
        .header('location', `/api/v1/jobs/${job.id}`)
        .send({ alreadyLoaded: started.alreadyLoaded, job: jobView(job) });
    },
  );
}
