import { sql, type Kysely } from 'kysely';

// Frozen: never import application code here (the schema must replay identically forever).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`
    CREATE TABLE source_system (
      code        text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,19}$'),
      name        text NOT NULL,
      trust_rank  integer NOT NULL DEFAULT 100 CHECK (trust_rank > 0),
      is_core     boolean NOT NULL DEFAULT false,
      active      boolean NOT NULL DEFAULT true,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE code_set (
      code_set  text PRIMARY KEY,
      name_zh   text NOT NULL,
      name_en   text NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE code_value (
      code_set  text NOT NULL REFERENCES code_set (code_set),
      code      text NOT NULL,
      name_zh   text NOT NULL,
      name_en   text NOT NULL,
      sort      integer NOT NULL DEFAULT 0,
      active    boolean NOT NULL DEFAULT true,
      PRIMARY KEY (code_set, code)
    )`.execute(db);
  await sql`
    CREATE TABLE code_mapping (
      source_system  text NOT NULL REFERENCES source_system (code),
      code_set       text NOT NULL,
      source_code    text NOT NULL,
      standard_code  text NOT NULL,
      PRIMARY KEY (source_system, code_set, source_code),
      FOREIGN KEY (code_set, standard_code) REFERENCES code_value (code_set, code)
    )`.execute(db);
  await sql`
    CREATE TABLE attribute_registry (
      name        text PRIMARY KEY CHECK (name ~ '^[a-z][A-Za-z0-9]{1,49}$'),
      data_type   text NOT NULL CHECK (data_type IN ('text','code','date','datetime','number','integer','boolean')),
      code_set    text REFERENCES code_set (code_set),
      max_length  integer,
      kinds       text[] NOT NULL,
      label_zh    text NOT NULL,
      label_en    text NOT NULL,
      active      boolean NOT NULL DEFAULT true,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE identification_rule (
      kind        text NOT NULL,
      code        text NOT NULL,
      tier        integer NOT NULL CHECK (tier BETWEEN 1 AND 9),
      name        text NOT NULL,
      keys        text[] NOT NULL CHECK (cardinality(keys) > 0),
      auto_merge  boolean NOT NULL,
      active      boolean NOT NULL DEFAULT true,
      updated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, code)
    )`.execute(db);
  await sql`
    CREATE TABLE survivorship_rule (
      field                  text PRIMARY KEY,
      strategy               text NOT NULL CHECK (strategy IN ('sourcePriority','mostRecent','mostComplete','mostFrequent')),
      source_priority        text[] NOT NULL DEFAULT '{}',
      allow_manual_override  boolean NOT NULL DEFAULT true,
      updated_at             timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE field_update_right (
      source_system  text NOT NULL REFERENCES source_system (code),
      field          text NOT NULL,
      allowed        boolean NOT NULL,
      PRIMARY KEY (source_system, field)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'field_update_right',
    'survivorship_rule',
    'identification_rule',
    'attribute_registry',
    'code_mapping',
    'code_value',
    'code_set',
    'source_system',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
