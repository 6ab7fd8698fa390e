import { getSchedule, listSchedules, removeSchedule, saveSchedule, Scheduler } from '@ecif/hub';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { errorResponses, list } from './common.schemas.ts';
import { checkServerPath } from './jobs.routes.ts';

const OUTCOMES = [
  'disabled',
  'notYet',
  'ranToday',
  'waiting',
  'busy',
  'succeeded',
  'failed',
  'alreadyLoaded',
] as const;

const scheduleBodySchema = z
  .object({
    system: z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/),
    mapping: z.record(z.string(), z.unknown()).describe('The mapping document (docs/batch.md)'),
    directory: z.string().min(1).max(4096).describe('Absolute directory on the server'),
    filePattern: z
      .string()
      .min(1)
      .max(255)
      .describe('File name; {YYYYMMDD} is the business date, e.g. CORE_{YYYYMMDD}.dat'),
    mode: z.enum(['full', 'delta']),
    runAt: z.string().describe('HH:MM, Asia/Shanghai: from then on the day’s file is looked for'),
    enabled: z.boolean().default(true),
  })
  .strict();

const scheduleSchema = z
  .object({
    name: z.string(),
    system: z.string(),
    mapping: z.unknown(),
    directory: z.string(),
    filePattern: z.string(),
    mode: z.enum(['full', 'delta']),
    runAt: z.string(),
    enabled: z.boolean(),
    lastRunDate: z.string().nullable().describe('Business date of the last run (YYYY-MM-DD)'),
    lastJobId: z.string().nullable(),
    lastJobStatus: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Schedule' });

const scheduleRunSchema = z.object({
  name: z.string(),
  outcome: z
    .enum(OUTCOMES)
    .describe(
      'waiting: the file or its required companion is not there yet (nothing recorded, retried at the next look); succeeded/failed/alreadyLoaded: the day is run',
    ),
  businessDate: z.string(),
  file: z.string(),
  missing: list(z.string()).optional(),
  jobId: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

const nameParams = z.object({ name: z.string().min(1).max(64) });

/** Daily loads of the files each source drops in a directory (R-E7). */
export function registerScheduleRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = deps.database;
  const tags = ['jobs'];
  // Not started here: `--scheduler` starts the one main.ts passes; run-due queues behind it.
  const scheduler = deps.scheduler ?? new Scheduler(db, deps.reference, { log: app.log });

  r.get(
    '/api/v1/schedules',
    {
      schema: {
        tags,
        summary: 'Load schedules, by run time',
        response: { 200: z.object({ items: list(scheduleSchema) }), ...errorResponses },
      },
    },
    async () => ({ items: await listSchedules(db) }),
  );

  r.get(
    '/api/v1/schedules/:name',
    {
      schema: {
        tags,
        summary: 'One load schedule and its last run',
        params: nameParams,
        response: { 200: scheduleSchema, ...errorResponses },
      },
    },
    async (request) => getSchedule(db, request.params.name),
  );

  r.put(
    '/api/v1/schedules/:name',
    {
      schema: {
        tags,
        summary: 'Create or replace a load schedule (its last run is kept)',
        params: nameParams,
        body: scheduleBodySchema,
        response: { 200: scheduleSchema, 201: scheduleSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const directory = await checkServerPath(
        deps,
        'directory',
        request.body.directory,
        'directory',
      );
      const { schedule, created } = await saveSchedule(db, deps.reference, {
        ...request.body,
        directory,
        name: request.params.name,
      });
      return reply
        .status(created ? 201 : 200)
        .header('location', `/api/v1/schedules/${encodeURIComponent(schedule.name)}`)
        .send(schedule);
    },
  );

  r.delete(
    '/api/v1/schedules/:name',
    {
      schema: {
        tags,
        summary: 'Remove a load schedule (its jobs stay)',
        params: nameParams,
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (request) => {
      await removeSchedule(db, request.params.name);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/schedules/run-due',
    {
      schema: {
        tags,
        summary: 'Look at the schedules now and run the due ones (one load at a time)',
        description:
          'Answers when the due loads have finished, with what each schedule did; follow long loads with GET /api/v1/jobs/{id} from another request.',
        response: { 200: z.object({ runs: list(scheduleRunSchema) }), ...errorResponses },
      },
    },
    async () => ({ runs: await scheduler.runDue() }),
  );
}
