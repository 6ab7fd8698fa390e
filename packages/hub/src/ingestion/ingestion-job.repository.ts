import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, IngestionJob } from '../db/schema.generated.ts';

export type JobRow = Selectable<IngestionJob>;

export async function insertJob(db: Kysely<DB>, values: Insertable<IngestionJob>): Promise<JobRow> {
  return db.insertInto('ingestion_job').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The latest job that read this exact file (same system and checksum). */
export async function findJobByChecksum(
  db: Kysely<DB>,
  system: string,
  checksum: string,
): Promise<JobRow | undefined> {
  return db
    .selectFrom('ingestion_job')
    .selectAll()
    .where('source_system', '=', system)
    .where('checksum', '=', checksum)
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
}

export async function findJob(db: Kysely<DB>, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('ingestion_job').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateJob(
  db: Kysely<DB>,
  id: string,
  values: Updateable<IngestionJob>,
): Promise<JobRow> {
  return db
    .updateTable('ingestion_job')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listJobs(
  db: Kysely<DB>,
  page: { limit: number; offset: number },
): Promise<JobRow[]> {
  return db
    .selectFrom('ingestion_job')
    .selectAll()
    .orderBy('started_at', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function insertReject(
  db: Kysely<DB>,
  reject: { jobId: string; lineNo: number; raw: string; reasons: unknown[] },
): Promise<void> {
  await db
    .insertInto('ingestion_reject')
    .values({
      job_id: reject.jobId,
      line_no: reject.lineNo,
      raw: reject.raw,
      reasons: JSON.stringify(reject.reasons),
    })
    .onConflict((oc) => oc.columns(['job_id', 'line_no']).doNothing())
    .execute();
}

export async function countRejects(db: Kysely<DB>, jobId: string): Promise<number> {
  const row = await db
    .selectFrom('ingestion_reject')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', jobId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listRejects(
  db: Kysely<DB>,
  jobId: string,
  page: { limit: number; offset: number },
) {
  return db
    .selectFrom('ingestion_reject')
    .selectAll()
    .where('job_id', '=', jobId)
    .orderBy('line_no')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobFilter {
  readonly system?: string | undefined;
  readonly status?: JobStatus | undefined;
}

/** Jobs, newest first, optionally of one source system and/or in one status. */
export async function searchJobs(
  db: Kysely<DB>,
  filter: JobFilter,
  page: { limit: number; offset: number },
): Promise<{ items: JobRow[]; total: number }> {
  let query = db.selectFrom('ingestion_job');
  if (filter.system !== undefined) query = query.where('source_system', '=', filter.system);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const [items, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('started_at', 'desc')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

/** Id and last update of every job that read this file path (to tell which one a load touches). */
export async function jobMarksForFile(
  db: Kysely<DB>,
  system: string,
  filePath: string,
): Promise<{ id: string; updated_at: Date }[]> {
  return db
    .selectFrom('ingestion_job')
    .select(['id', 'updated_at'])
    .where('source_system', '=', system)
    .where('file_path', '=', filePath)
    .execute();
}

/** Records that a new job re-ran an earlier one (its file changed since, so it is a new job). */
export async function setJobRerunOf(db: Kysely<DB>, id: string, rerunOf: string): Promise<void> {
  await db
    .updateTable('ingestion_job')
    .set({ rerun_of: rerunOf })
    .where('id', '=', id)
    .where('id', '<>', rerunOf)
    .execute();
}

/** Rejects after a line number, in line order: keyset paging for exports of any size. */
export async function listRejectsAfter(
  db: Kysely<DB>,
  jobId: string,
  afterLine: number,
  limit: number,
) {
  return db
    .selectFrom('ingestion_reject')
    .select(['line_no', 'raw', 'reasons'])
    .where('job_id', '=', jobId)
    .where('line_no', '>', afterLine)
    .orderBy('line_no')
    .limit(limit)
    .execute();
}
