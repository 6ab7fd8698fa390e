import { sql, type Kysely } from 'kysely';

// Frozen: never import application code here. Batch jobs (R-E7) and their rejected records.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE ingestion_job (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_system     text NOT NULL REFERENCES source_system (code),
      mode              text NOT NULL CHECK (mode IN ('full','delta')),
      file_name         text NOT NULL,
      file_size         bigint NOT NULL,
      checksum          text NOT NULL,
      mapping           jsonb NOT NULL,
      status            text NOT NULL CHECK (status IN ('running','succeeded','failed')),
      received          integer NOT NULL DEFAULT 0,
      accepted          integer NOT NULL DEFAULT 0,
      rejected          integer NOT NULL DEFAULT 0,
      expected_records  integer,
      committed_line    integer NOT NULL DEFAULT 0,
      committed_offset  bigint NOT NULL DEFAULT 0,
      deactivated       integer NOT NULL DEFAULT 0,
      error             jsonb,
      created_by        text NOT NULL,
      started_at        timestamptz NOT NULL DEFAULT now(),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      finished_at       timestamptz
    )`.execute(db);
  // Loading the same file again is recognized by its checksum.
  await sql`CREATE INDEX ingestion_job_checksum_idx ON ingestion_job (source_system, checksum)`.execute(
    db,
  );
  await sql`
    CREATE TABLE ingestion_reject (
      job_id   uuid NOT NULL REFERENCES ingestion_job (id),
      line_no  integer NOT NULL,
      raw      text NOT NULL,
      reasons  jsonb NOT NULL,
      PRIMARY KEY (job_id, line_no)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE ingestion_reject`.execute(db);
  await sql`DROP TABLE ingestion_job`.execute(db);
}
