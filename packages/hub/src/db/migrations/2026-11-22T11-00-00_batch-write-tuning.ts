import { sql, type Kysely } from 'kysely';

// Frozen: never import application code here.
// pg_trgm's operator class also serves `=`, and the planner costs a trigram lookup of a short
// name as nearly free while it takes milliseconds (a two-character name has few trigrams, each
// matching many rows). Identification compares names with `=` thousands of times per batch, so
// the trigram index moves onto an expression that only the fuzzy search uses, and equality gets
// a plain B-tree on (name_norm, kind): name first, so that a lookup by another key never
// scans all of a kind through it.
// A customer row is rewritten whenever a source links or its golden record moves, mostly without
// touching an indexed column (lineage, version, completeness): with room left on each page
// PostgreSQL updates such rows in place (HOT), without a new entry in each of the table's
// fifteen indexes. The same for cross-references, rewritten by every delta.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX customer_name_trgm_idx`.execute(db);
  await sql`CREATE INDEX customer_name_trgm_idx ON customer USING gin ((name_norm || '') gin_trgm_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX customer_name_kind_idx ON customer (name_norm, kind)`.execute(db);
  await sql`ALTER TABLE customer SET (fillfactor = 80)`.execute(db);
  await sql`ALTER TABLE customer_xref SET (fillfactor = 80)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE customer_xref RESET (fillfactor)`.execute(db);
  await sql`ALTER TABLE customer RESET (fillfactor)`.execute(db);
  await sql`DROP INDEX customer_name_kind_idx`.execute(db);
  await sql`DROP INDEX customer_name_trgm_idx`.execute(db);
  await sql`CREATE INDEX customer_name_trgm_idx ON customer USING gin (name_norm gin_trgm_ops)`.execute(
    db,
  );
}
