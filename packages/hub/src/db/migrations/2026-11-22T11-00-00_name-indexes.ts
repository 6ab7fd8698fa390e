import { sql, type Kysely } from 'kysely';

// Frozen: never import application code here.
// pg_trgm's operator class also serves `=`, and the planner costs a trigram lookup of a short
// name as nearly free while it takes milliseconds (a two-character name has few trigrams, each
// matching many rows). Identification compares names with `=` thousands of times per batch, so
// the trigram index moves onto an expression that only the fuzzy search uses, and equality gets
// a plain B-tree on (kind, name_norm).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX customer_name_trgm_idx`.execute(db);
  await sql`CREATE INDEX customer_name_trgm_idx ON customer USING gin ((name_norm || '') gin_trgm_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX customer_kind_name_idx ON customer (kind, name_norm)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX customer_kind_name_idx`.execute(db);
  await sql`DROP INDEX customer_name_trgm_idx`.execute(db);
  await sql`CREATE INDEX customer_name_trgm_idx ON customer USING gin (name_norm gin_trgm_ops)`.execute(
    db,
  );
}
