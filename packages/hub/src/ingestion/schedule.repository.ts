import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, IngestionSchedule } from '../db/schema.generated.ts';

export type ScheduleRow = Selectable<IngestionSchedule>;
export type ScheduleWithLastJob = ScheduleRow & { last_job_status: string | null };

type ScheduleValues = Omit<
  Insertable<IngestionSchedule>,
  'created_at' | 'updated_at' | 'last_run_date' | 'last_job_id'
>;

/** Creates the schedule, or replaces its settings (its last run is kept); true when created. */
export async function upsertSchedule(db: Kysely<DB>, values: ScheduleValues): Promise<boolean> {
  const { name: _name, ...settings } = values;
  const row = await db
    .insertInto('ingestion_schedule')
    .values(values)
    .onConflict((oc) => oc.column('name').doUpdateSet({ ...settings, updated_at: new Date() }))
    // xmax is 0 on a freshly inserted row version, set when ON CONFLICT updated an existing one.
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .executeTakeFirstOrThrow();
  return row.inserted;
}

function withLastJob(db: Kysely<DB>) {
  return db
    .selectFrom('ingestion_schedule as s')
    .leftJoin('ingestion_job as j', 'j.id', 's.last_job_id')
    .selectAll('s')
    .select('j.status as last_job_status');
}

export async function findSchedule(
  db: Kysely<DB>,
  name: string,
): Promise<ScheduleWithLastJob | undefined> {
  return withLastJob(db).where('s.name', '=', name).executeTakeFirst();
}

export async function listSchedules(db: Kysely<DB>): Promise<ScheduleWithLastJob[]> {
  return withLastJob(db).orderBy('s.run_at').orderBy('s.name').execute();
}

export async function deleteSchedule(db: Kysely<DB>, name: string): Promise<boolean> {
  const result = await db
    .deleteFrom('ingestion_schedule')
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Claims today's run of a schedule (compare-and-set on the last run date the caller read):
 * exactly one caller wins per business date, even with several scheduler processes, so a
 * schedule never loads its file twice.
 */
export async function claimScheduleRun(
  db: Kysely<DB>,
  name: string,
  lastRunDate: string | null,
  businessDate: string,
): Promise<boolean> {
  const result = await db
    .updateTable('ingestion_schedule')
    .set({ last_run_date: businessDate, updated_at: new Date() })
    .where('name', '=', name)
    .where('enabled', '=', true)
    .where((eb) =>
      lastRunDate === null
        ? eb('last_run_date', 'is', null)
        : eb('last_run_date', '=', lastRunDate),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives a claimed run back (the load could not start): the next tick tries again. */
export async function releaseScheduleRun(
  db: Kysely<DB>,
  name: string,
  businessDate: string,
  previousRunDate: string | null,
): Promise<void> {
  await db
    .updateTable('ingestion_schedule')
    .set({ last_run_date: previousRunDate })
    .where('name', '=', name)
    .where('last_run_date', '=', businessDate)
    .execute();
}

export async function setScheduleLastJob(
  db: Kysely<DB>,
  name: string,
  jobId: string,
): Promise<void> {
  await db
    .updateTable('ingestion_schedule')
    .set({ last_job_id: jobId, updated_at: new Date() })
    .where('name', '=', name)
    .execute();
}
