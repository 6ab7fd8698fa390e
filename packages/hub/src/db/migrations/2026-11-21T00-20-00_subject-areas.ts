import { sql, type Kysely, type RawBuilder } from 'kysely';

// Frozen: never import application code here. The eight list-shaped subject areas.

const COMMON = sql`
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id    uuid NOT NULL REFERENCES customer (id),
  item_key       text NOT NULL,
  source_system  text REFERENCES source_system (code),
  created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  removed_at     timestamptz`;

const AREAS: Record<string, RawBuilder<unknown>> = {
  customer_contact: sql`
    contact_type  text NOT NULL,
    value         text NOT NULL,
    is_primary    boolean`,
  customer_address: sql`
    address_type   text NOT NULL,
    full_text      text NOT NULL,
    postal_code    text,
    is_primary     boolean,
    province       text,
    city           text,
    county         text,
    town           text,
    village        text,
    detail         text,
    division_code  text`,
  customer_relation: sql`
    relation_type    text NOT NULL,
    related_name     text NOT NULL,
    related_ecif_no  text,
    related_id_type  text,
    related_id_no    text,
    share_ratio      numeric(7,4),
    start_date       date,
    end_date         date`,
  customer_account: sql`
    account_no     text NOT NULL,
    account_type   text NOT NULL,
    product_code   text,
    product_name   text,
    currency       text,
    balance        numeric(20,2),
    open_date      date,
    maturity_date  date,
    open_branch    text,
    status         text`,
  customer_resource: sql`
    resource_type  text NOT NULL,
    resource_ref   text,
    description    text NOT NULL,
    value_amount   numeric(20,2),
    currency       text,
    valid_until    date`,
  customer_event: sql`
    event_type   text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    channel      text,
    summary      text NOT NULL,
    branch       text,
    event_ref    text`,
  customer_analysis: sql`
    metric  text NOT NULL,
    period  text NOT NULL,
    value   numeric(20,4) NOT NULL`,
  customer_risk: sql`
    as_of_date        date NOT NULL,
    five_level_class  text,
    credit_limit      numeric(20,2),
    credit_used       numeric(20,2),
    rating            text,
    blacklisted       boolean,
    blacklist_reason  text`,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, columns] of Object.entries(AREAS)) {
    await sql`CREATE TABLE ${sql.table(table)} (${COMMON}, ${columns})`.execute(db);
    // One live item per customer and natural key: a source sending it again updates it.
    await sql`CREATE UNIQUE INDEX ${sql.id(`${table}_customer_key_idx`)} ON ${sql.table(table)} (customer_id, item_key) WHERE removed_at IS NULL`.execute(
      db,
    );
  }
  // Incoming-call screen pop and account lookups search these directly.
  await sql`CREATE INDEX customer_contact_value_idx ON customer_contact (value) WHERE removed_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX customer_account_no_idx ON customer_account (account_no) WHERE removed_at IS NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of Object.keys(AREAS).reverse()) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
