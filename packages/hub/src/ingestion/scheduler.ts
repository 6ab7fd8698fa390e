import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { EcifError, isEcifError, parseSourceMapping, type Issue } from '@ecif/core';
import type { Kysely } from 'kysely';
import type { OpContext } from '../context.ts';
import type { DB } from '../db/schema.generated.ts';
import type { ReferenceStore } from '../reference/reference-store.ts';
import { startLoad } from './rerun-job.ts';
import {
  claimScheduleRun,
  deleteSchedule,
  findSchedule,
  listSchedules as listScheduleRows,
  releaseScheduleRun,
  setScheduleLastJob,
  upsertSchedule,
  type ScheduleWithLastJob,
} from './schedule.repository.ts';

/** The bank's business day is the calendar day in China, whatever the server's own zone. */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

export interface ScheduleInput {
  readonly name: string;
  readonly system: string;
  /** The mapping document, as for `ecif load`; checked now and again at each load. */
  readonly mapping: unknown;
  /** Absolute directory the source drops its files in. */
  readonly directory: string;
  /** File name, `{YYYYMMDD}` standing for the business date: `CORE_{YYYYMMDD}.dat`. */
  readonly filePattern: string;
  readonly mode: 'full' | 'delta';
  /** Local time (Asia/Shanghai) from which the day's file is looked for, `HH:MM`. */
  readonly runAt: string;
  readonly enabled?: boolean;
}

export interface ScheduleView {
  readonly name: string;
  readonly system: string;
  readonly mapping: unknown;
  readonly directory: string;
  readonly filePattern: string;
  readonly mode: 'full' | 'delta';
  readonly runAt: string;
  readonly enabled: boolean;
  /** Business date of the last run (loaded, failed or found already loaded), `YYYY-MM-DD`. */
  readonly lastRunDate: string | null;
  readonly lastJobId: string | null;
  readonly lastJobStatus: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const RUN_AT_RE = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const PLACEHOLDER_RE = /\{[^}]*\}/g;
const DATE_PLACEHOLDER = '{YYYYMMDD}';

function toView(row: ScheduleWithLastJob): ScheduleView {
  return {
    name: row.name,
    system: row.source_system,
    mapping: row.mapping,
    directory: row.directory,
    filePattern: row.file_pattern,
    mode: row.mode === 'full' ? 'full' : 'delta',
    runAt: row.run_at,
    enabled: row.enabled,
    lastRunDate: row.last_run_date,
    lastJobId: row.last_job_id,
    lastJobStatus: row.last_job_status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function bad(field: string, code: string, message: string): Issue {
  return { field, code, message, severity: 'error' };
}

/** Every mistake of a schedule, by field (the mapping's by its own key: `mapping.columns[1].target`). */
function scheduleIssues(input: ScheduleInput): Issue[] {
  const issues: Issue[] = [];
  if (!NAME_RE.test(input.name))
    issues.push(bad('name', 'FORMAT', 'letters, digits, _ . - (at most 64)'));
  if (!isAbsolute(input.directory))
    issues.push(bad('directory', 'NOT_ABSOLUTE', 'must be an absolute path'));
  const pattern = input.filePattern;
  if (pattern === '' || pattern !== basename(pattern) || pattern === '..' || pattern === '.')
    issues.push(bad('filePattern', 'NOT_A_FILE_NAME', 'must be a file name, without directories'));
  const unknown = (pattern.match(PLACEHOLDER_RE) ?? []).filter((p) => p !== DATE_PLACEHOLDER);
  if (unknown.length > 0)
    issues.push(
      bad(
        'filePattern',
        'PLACEHOLDER_UNKNOWN',
        `only ${DATE_PLACEHOLDER} is replaced, not ${unknown.join(', ')}`,
      ),
    );
  if (!RUN_AT_RE.test(input.runAt))
    issues.push(bad('runAt', 'FORMAT', 'must be HH:MM (00:00-23:59)'));
  const parsed = parseSourceMapping(input.mapping);
  if (!parsed.ok) issues.push(...parsed.issues.map((i) => ({ ...i, field: `mapping.${i.field}` })));
  else if (parsed.mapping.system !== input.system)
    issues.push(
      bad('mapping.system', 'SYSTEM_MISMATCH', `is ${parsed.mapping.system}, not ${input.system}`),
    );
  return issues;
}

/** Creates or replaces a schedule (its last run is kept). Returns it, and whether it is new. */
export async function saveSchedule(
  db: Kysely<DB>,
  reference: ReferenceStore,
  input: ScheduleInput,
): Promise<{ schedule: ScheduleView; created: boolean }> {
  const issues = scheduleIssues(input);
  if (issues.length > 0)
    throw new EcifError(
      'ECIF_VALIDATION',
      `The schedule is invalid: ${issues.map((i) => i.field).join(', ')}`,
      { issues },
    );
  const ref = await reference.get();
  if (!ref.sourceSystems.has(input.system))
    throw new EcifError('ECIF_UNKNOWN_SOURCE_SYSTEM', `Unknown source system '${input.system}'`, {
      issues: [bad('system', 'UNKNOWN_REFERENCE', 'is not a registered source system')],
    });
  const created = await upsertSchedule(db, {
    name: input.name,
    source_system: input.system,
    mapping: JSON.stringify(input.mapping),
    directory: input.directory,
    file_pattern: input.filePattern,
    mode: input.mode,
    run_at: input.runAt,
    enabled: input.enabled ?? true,
  });
  return { schedule: await getSchedule(db, input.name), created };
}

export async function getSchedule(db: Kysely<DB>, name: string): Promise<ScheduleView> {
  const row = await findSchedule(db, name);
  if (!row) throw new EcifError('ECIF_SCHEDULE_NOT_FOUND', `No schedule ${name}`, { name });
  return toView(row);
}

export async function listSchedules(db: Kysely<DB>): Promise<ScheduleView[]> {
  return (await listScheduleRows(db)).map(toView);
}

/** Removes a schedule; its jobs stay (they name the schedule). */
export async function removeSchedule(db: Kysely<DB>, name: string): Promise<void> {
  if (!(await deleteSchedule(db, name)))
    throw new EcifError('ECIF_SCHEDULE_NOT_FOUND', `No schedule ${name}`, { name });
}

/** Business date (`YYYY-MM-DD`) and wall-clock time (`HH:MM`) of an instant in the bank's zone. */
export function businessClock(
  now: Date,
  timeZone: string = BUSINESS_TIME_ZONE,
): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '00';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
  };
}

/** The file a schedule expects on a business date (`YYYY-MM-DD`). */
export function scheduledFilePath(
  schedule: Pick<ScheduleView, 'directory' | 'filePattern'>,
  businessDate: string,
): string {
  return join(
    schedule.directory,
    schedule.filePattern.replaceAll(DATE_PLACEHOLDER, businessDate.replaceAll('-', '')),
  );
}

/**
 * What a schedule did at one look:
 * - `disabled`, `notYet` (before its run time), `ranToday` (its day's run is done): nothing;
 * - `waiting`: the day's file, or the companion the mapping requires, is not there yet; nothing
 *   is recorded, the next look tries again (`missing` names what is awaited);
 * - `succeeded`, `failed`, `alreadyLoaded`: it ran; the day counts as run either way and the
 *   job is recorded on the schedule (a failed job is re-run by the operator, same job id);
 * - `busy`: this process is loading that file for someone else right now; tried again later.
 */
export type ScheduleRunOutcome =
  | 'disabled'
  | 'notYet'
  | 'ranToday'
  | 'waiting'
  | 'busy'
  | 'succeeded'
  | 'failed'
  | 'alreadyLoaded';

export interface ScheduleRun {
  readonly name: string;
  readonly outcome: ScheduleRunOutcome;
  readonly businessDate: string;
  /** The file looked for (absolute path). */
  readonly file: string;
  /** Files awaited (`waiting` only): the data file and/or its companion. */
  readonly missing?: readonly string[];
  readonly jobId?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function errorSummary(error: unknown): { code: string; message: string } {
  return isEcifError(error)
    ? { code: error.code, message: error.message }
    : { code: 'ECIF_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/**
 * One look at every schedule (in run-time order, one load at a time): each enabled schedule
 * whose run time has passed on today's business date, and that has not run today, loads the
 * day's file if it (and its required companion) is there. `now` is the clock, for tests.
 */
export async function runDueSchedules(
  db: Kysely<DB>,
  reference: ReferenceStore,
  now: Date,
  ctx: OpContext,
  options: { readonly timeZone?: string } = {},
): Promise<ScheduleRun[]> {
  const { date, time } = businessClock(now, options.timeZone);
  const runs: ScheduleRun[] = [];
  for (const schedule of await listSchedules(db)) {
    const file = scheduledFilePath(schedule, date);
    const base = { name: schedule.name, businessDate: date, file };
    if (!schedule.enabled) runs.push({ ...base, outcome: 'disabled' });
    else if (time < schedule.runAt) runs.push({ ...base, outcome: 'notYet' });
    else if (schedule.lastRunDate !== null && schedule.lastRunDate >= date)
      runs.push({
        ...base,
        outcome: 'ranToday',
        ...(schedule.lastJobId ? { jobId: schedule.lastJobId } : {}),
      });
    else
      runs.push(
        // One schedule's trouble (the database, the disk) never keeps the others from running.
        await runOne(db, reference, schedule, file, base, ctx).catch(
          (error: unknown): ScheduleRun => ({
            ...base,
            outcome: 'failed',
            error: errorSummary(error),
          }),
        ),
      );
  }
  return runs;
}

async function runOne(
  db: Kysely<DB>,
  reference: ReferenceStore,
  schedule: ScheduleView,
  file: string,
  base: { name: string; businessDate: string; file: string },
  ctx: OpContext,
): Promise<ScheduleRun> {
  const parsed = parseSourceMapping(schedule.mapping);
  const companion = parsed.ok ? parsed.mapping.companion : undefined;
  const awaited = [file, ...(companion?.required ? [`${file}${companion.suffix}`] : [])];
  const missing: string[] = [];
  for (const path of awaited) if (!(await isFile(path))) missing.push(basename(path));
  if (missing.length > 0) return { ...base, outcome: 'waiting', missing };
  if (!(await claimScheduleRun(db, schedule.name, schedule.lastRunDate, base.businessDate)))
    return { ...base, outcome: 'ranToday' };
  const runCtx = { ...ctx, requestId: `${ctx.requestId}:${schedule.name}` };
  let started;
  try {
    started = await startLoad(
      db,
      reference,
      {
        system: schedule.system,
        mapping: schedule.mapping,
        filePath: file,
        mode: schedule.mode,
        trigger: 'schedule',
        scheduleName: schedule.name,
      },
      runCtx,
    );
  } catch (error) {
    if (isEcifError(error) && error.code === 'ECIF_JOB_RUNNING') {
      await releaseScheduleRun(db, schedule.name, base.businessDate, schedule.lastRunDate);
      return { ...base, outcome: 'busy' };
    }
    // No job could even start (the system was deactivated, the mapping no longer fits): the day
    // counts as run, like a failed job; the operator fixes the schedule and loads the file.
    return { ...base, outcome: 'failed', error: errorSummary(error) };
  }
  await setScheduleLastJob(db, schedule.name, started.jobId);
  if (started.alreadyLoaded) return { ...base, outcome: 'alreadyLoaded', jobId: started.jobId };
  const end = await started.done;
  return end.ok
    ? { ...base, outcome: end.alreadyLoaded ? 'alreadyLoaded' : 'succeeded', jobId: started.jobId }
    : {
        ...base,
        outcome: 'failed',
        jobId: end.jobId ?? started.jobId,
        error: errorSummary(end.error),
      };
}

/** Where the scheduler writes what it did (a pino logger fits). */
export interface SchedulerLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SchedulerOptions {
  /** Seconds between two looks at the schedules (default 60). */
  readonly intervalSeconds?: number;
  /** The clock (tests inject one). */
  readonly clock?: () => Date;
  readonly timeZone?: string;
  readonly log?: SchedulerLog;
  /** Who the scheduled loads are written as (default `system:scheduler`). */
  readonly actor?: string;
}

const silent: SchedulerLog = { info() {}, warn() {}, error() {} };

/**
 * Looks at the schedules every `intervalSeconds` in this process, one look (and so one load)
 * at a time: the next look is planned when the previous one has finished, and `runDue()` from
 * the API queues behind a running look. Loads are resumable, so stopping mid-load is safe.
 */
export class Scheduler {
  private readonly db: Kysely<DB>;
  private readonly reference: ReferenceStore;
  private readonly intervalMs: number;
  private readonly clock: () => Date;
  private readonly timeZone: string;
  private readonly log: SchedulerLog;
  private readonly actor: string;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private queue: Promise<unknown> = Promise.resolve();
  private ticks = 0;
  /** Bumped by start(): a look of an earlier start() never plans the next one. */
  private generation = 0;
  /** Schedule → business date it was last reported waiting (one log line per day, not per look). */
  private readonly waitingLogged = new Map<string, string>();

  constructor(db: Kysely<DB>, reference: ReferenceStore, options: SchedulerOptions = {}) {
    this.db = db;
    this.reference = reference;
    this.intervalMs = Math.max(10, (options.intervalSeconds ?? 60) * 1000);
    this.clock = options.clock ?? (() => new Date());
    this.timeZone = options.timeZone ?? BUSINESS_TIME_ZONE;
    this.log = options.log ?? silent;
    this.actor = options.actor ?? 'system:scheduler';
  }

  get started(): boolean {
    return this.running;
  }

  /** Looks at once, then every interval. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation++;
    this.log.info({ intervalSeconds: this.intervalMs / 1000 }, 'scheduler.started');
    this.plan(0);
  }

  /** No further looks; resolves when the look in progress (and its load) has finished. */
  async stop(): Promise<void> {
    if (this.running) this.log.info({}, 'scheduler.stopped');
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.queue;
  }

  /** One look now, after any look in progress: the due schedules load, one at a time. */
  runDue(): Promise<ScheduleRun[]> {
    const look = this.queue.then(() =>
      runDueSchedules(
        this.db,
        this.reference,
        this.clock(),
        { actor: this.actor, requestId: `schedule-${++this.ticks}` },
        { timeZone: this.timeZone },
      ),
    );
    this.queue = look.catch(() => undefined);
    return look.then((runs) => {
      this.report(runs);
      return runs;
    });
  }

  private plan(delayMs: number): void {
    const generation = this.generation;
    this.timer = setTimeout(() => {
      this.runDue()
        .catch((error: unknown) =>
          this.log.error({ error: errorSummary(error) }, 'scheduler.look_failed'),
        )
        .finally(() => {
          if (this.running && generation === this.generation) this.plan(this.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private report(runs: readonly ScheduleRun[]): void {
    for (const run of runs) {
      const details = { schedule: run.name, businessDate: run.businessDate, jobId: run.jobId };
      switch (run.outcome) {
        case 'waiting':
          if (this.waitingLogged.get(run.name) !== run.businessDate) {
            this.waitingLogged.set(run.name, run.businessDate);
            this.log.info({ ...details, missing: run.missing }, 'schedule.waiting');
          }
          break;
        case 'succeeded':
        case 'alreadyLoaded':
          this.log.info({ ...details, outcome: run.outcome }, 'schedule.ran');
          break;
        case 'failed':
          this.log.warn({ ...details, error: run.error }, 'schedule.failed');
          break;
        case 'busy':
        case 'disabled':
        case 'notYet':
        case 'ranToday':
          break;
      }
    }
  }
}
