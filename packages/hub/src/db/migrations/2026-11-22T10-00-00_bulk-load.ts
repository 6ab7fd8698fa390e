import { sql, type Kysely } from 'kysely';

// Frozen: never import application code here. Set-based batch loading (R-E7): a job moves
// through phases (scan → stage → apply → deactivate), each resumable on its own;
// accepted records are staged with COPY; configured jobs run on a schedule.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE ingestion_job DROP CONSTRAINT ingestion_job_status_check`.execute(db);
  await sql`
    ALTER TABLE ingestion_job
      ADD CONSTRAINT ingestion_job_status_check
        CHECK (status IN ('queued','running','succeeded','failed')),
      ADD COLUMN file_path      text,
      ADD COLUMN phase          text NOT NULL DEFAULT 'scan'
        CHECK (phase IN ('scan','stage','apply','deactivate','done')),
      ADD COLUMN phase_done     integer NOT NULL DEFAULT 0,
      ADD COLUMN phase_total    integer NOT NULL DEFAULT 0,
      ADD COLUMN applied_line integer NOT NULL DEFAULT 0,
      ADD COLUMN created        integer NOT NULL DEFAULT 0,
      ADD COLUMN linked         integer NOT NULL DEFAULT 0,
      ADD COLUMN updated        integer NOT NULL DEFAULT 0,
      ADD COLUMN unlinked       integer NOT NULL DEFAULT 0,
      ADD COLUMN timings        jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN trigger        text NOT NULL DEFAULT 'cli' CHECK (trigger IN ('cli','api','schedule')),
      ADD COLUMN schedule_name  text,
      ADD COLUMN rerun_of       uuid REFERENCES ingestion_job (id)`.execute(db);
  await sql`CREATE INDEX ingestion_job_started_idx ON ingestion_job (started_at DESC)`.execute(db);
  // The load phase lands every data line here as it was sent (bytes, so strict decoding can
  // still fail on it later) with its customer number when readable; the apply phase reads it
  // back in line order.
  await sql`
    CREATE TABLE ingestion_stage (
      job_id              uuid NOT NULL REFERENCES ingestion_job (id) ON DELETE CASCADE,
      line_no             integer NOT NULL,
      source_customer_no  text,
      raw                 bytea NOT NULL,
      PRIMARY KEY (job_id, line_no)
    )`.execute(db);
  // A rejected record's own customer number, when it could be read: a full snapshot must not
  // unlink a source record only because this day's copy of it was rejected.
  await sql`ALTER TABLE ingestion_reject ADD COLUMN source_customer_no text`.execute(db);
  await sql`CREATE INDEX ingestion_reject_source_idx ON ingestion_reject (job_id, source_customer_no)`.execute(
    db,
  );
  await sql`
    CREATE TABLE ingestion_schedule (
      name           text PRIMARY KEY,
      source_system  text NOT NULL REFERENCES source_system (code),
      mapping        jsonb NOT NULL,
      directory      text NOT NULL,
      file_pattern   text NOT NULL,
      mode           text NOT NULL CHECK (mode IN ('full','delta')),
      run_at         text NOT NULL CHECK (run_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      enabled        boolean NOT NULL DEFAULT true,
      last_run_date  date,
      last_job_id    uuid REFERENCES ingestion_job (id),
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE ingestion_schedule`.execute(db);
  await sql`DROP INDEX ingestion_reject_source_idx`.execute(db);
  await sql`ALTER TABLE ingestion_reject DROP COLUMN source_customer_no`.execute(db);
  await sql`DROP TABLE ingestion_stage`.execute(db);
  await sql`DROP INDEX ingestion_job_started_idx`.execute(db);
  await sql`
    ALTER TABLE ingestion_job
      DROP COLUMN file_path, DROP COLUMN phase, DROP COLUMN phase_done, DROP COLUMN phase_total,
      DROP COLUMN applied_line, DROP COLUMN created, DROP COLUMN linked, DROP COLUMN updated,
      DROP COLUMN unlinked, DROP COLUMN timings, DROP COLUMN trigger, DROP COLUMN schedule_name,
      DROP COLUMN rerun_of, DROP CONSTRAINT ingestion_job_status_check`.execute(db);
  await sql`
    ALTER TABLE ingestion_job ADD CONSTRAINT ingestion_job_status_check
      CHECK (status IN ('running','succeeded','failed'))`.execute(db);
}
