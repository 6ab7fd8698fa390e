import { sql, type Kysely } from 'kysely';

// Frozen: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE ecif_no_seq AS bigint MINVALUE 1 NO CYCLE`.execute(db);
  await sql`
    CREATE TABLE customer (
      id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ecif_no              text NOT NULL UNIQUE CHECK (ecif_no ~ '^[1-4][0-9]{11}$'),
      kind                 text NOT NULL CHECK (kind IN ('individual','corporate','financial','group')),
      status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive','merged')),
      merged_into          uuid REFERENCES customer (id),
      name                 text NOT NULL,
      name_norm            text NOT NULL,
      name_simplified      text NOT NULL,
      name_pinyin          text NOT NULL,
      name_initials        text NOT NULL,
      name_en              text,
      id_type              text,
      id_no                text,
      id_expiry_date       date,
      gender               text,
      birth_date           date,
      nationality          text,
      ethnicity            text,
      marital_status       text,
      education            text,
      household_size       integer,
      occupation           text,
      employer             text,
      annual_income        numeric(18,2),
      customer_category    text,
      credit_code          text,
      org_code             text,
      business_licence_no  text,
      tax_reg_no           text,
      loan_card_no         text,
      account_permit_no    text,
      legal_rep_name       text,
      legal_rep_id_type    text,
      legal_rep_id_no      text,
      actual_controller    text,
      registered_capital   numeric(20,2),
      establish_date       date,
      industry             text,
      enterprise_scale     text,
      ext                  jsonb NOT NULL DEFAULT '{}',
      lineage              jsonb NOT NULL DEFAULT '{}',
      quality_issues       jsonb NOT NULL DEFAULT '[]',
      completeness         integer NOT NULL DEFAULT 0,
      missing_items        text[] NOT NULL DEFAULT '{}',
      version              integer NOT NULL DEFAULT 1,
      created_at           timestamptz NOT NULL DEFAULT now(),
      updated_at           timestamptz NOT NULL DEFAULT now(),
      deactivated_at       timestamptz,
      deactivation_reason  text
    )`.execute(db);
  await sql`CREATE INDEX customer_id_no_idx ON customer (id_no, id_type) WHERE id_no IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX customer_org_code_idx ON customer (org_code) WHERE org_code IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX customer_credit_code_idx ON customer (credit_code) WHERE credit_code IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX customer_licence_idx ON customer (business_licence_no) WHERE business_licence_no IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX customer_loan_card_idx ON customer (loan_card_no) WHERE loan_card_no IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX customer_tax_reg_idx ON customer (tax_reg_no) WHERE tax_reg_no IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX customer_permit_idx ON customer (account_permit_no) WHERE account_permit_no IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX customer_name_norm_idx ON customer (name_norm text_pattern_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX customer_name_trgm_idx ON customer USING gin (name_norm gin_trgm_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX customer_pinyin_idx ON customer (name_pinyin text_pattern_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX customer_initials_idx ON customer (name_initials text_pattern_ops)`.execute(
    db,
  );

  // Every number ever issued, so none is reused; a merged-away number stays as a retired alias.
  await sql`
    CREATE TABLE ecif_number (
      ecif_no      text PRIMARY KEY,
      customer_id  uuid NOT NULL REFERENCES customer (id),
      status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired')),
      issued_at    timestamptz NOT NULL DEFAULT now(),
      retired_at   timestamptz,
      retired_reason text
    )`.execute(db);
  await sql`CREATE INDEX ecif_number_customer_idx ON ecif_number (customer_id)`.execute(db);

  // 客户号映射: (source system, its customer number) → ECIF customer, with that source's
  // latest standardized values (the input of survivorship) and the linking decision.
  await sql`
    CREATE TABLE customer_xref (
      id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_system       text NOT NULL REFERENCES source_system (code),
      source_customer_no  text NOT NULL,
      customer_id         uuid NOT NULL REFERENCES customer (id),
      attributes          jsonb NOT NULL DEFAULT '{}',
      attribute_times     jsonb NOT NULL DEFAULT '{}',
      derived             jsonb NOT NULL DEFAULT '{}',
      ext                 jsonb NOT NULL DEFAULT '{}',
      warnings            jsonb NOT NULL DEFAULT '[]',
      decision            text NOT NULL CHECK (decision IN ('created','identified','merged','manual')),
      rule_code           text,
      linked_at           timestamptz NOT NULL DEFAULT now(),
      linked_by           text NOT NULL,
      request_id          text,
      active              boolean NOT NULL DEFAULT true,
      unlinked_at         timestamptz,
      updated_at          timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source_system, source_customer_no)
    )`.execute(db);
  await sql`CREATE INDEX customer_xref_customer_idx ON customer_xref (customer_id)`.execute(db);

  await sql`
    CREATE TABLE customer_override (
      customer_id  uuid NOT NULL REFERENCES customer (id),
      field        text NOT NULL,
      value        jsonb NOT NULL,
      set_by       text NOT NULL,
      set_at       timestamptz NOT NULL DEFAULT now(),
      reason       text,
      PRIMARY KEY (customer_id, field)
    )`.execute(db);

  // 相似客户: pairs found by a review tier, for a data steward to decide.
  await sql`
    CREATE TABLE similar_customer (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id  uuid NOT NULL REFERENCES customer (id),
      suspect_id   uuid NOT NULL REFERENCES customer (id),
      rule_code    text NOT NULL,
      tier         integer NOT NULL,
      status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open','merged','dismissed')),
      created_at   timestamptz NOT NULL DEFAULT now(),
      UNIQUE (customer_id, suspect_id),
      CHECK (customer_id <> suspect_id)
    )`.execute(db);
  await sql`CREATE INDEX similar_customer_suspect_idx ON similar_customer (suspect_id)`.execute(db);

  // History and audit trail: one row per change of any area. `after` of a basic change is the
  // full basic snapshot, of an item change the full item (null when removed), so any past
  // state of the history-kept areas is one DISTINCT ON query away.
  await sql`
    CREATE TABLE customer_change (
      id              bigserial PRIMARY KEY,
      customer_id     uuid NOT NULL REFERENCES customer (id),
      version         integer NOT NULL,
      area            text NOT NULL,
      item_id         uuid,
      operation       text NOT NULL,
      before          jsonb,
      after           jsonb,
      changed_fields  text[] NOT NULL DEFAULT '{}',
      actor           text NOT NULL,
      source_system   text,
      request_id      text,
      at              timestamptz NOT NULL DEFAULT clock_timestamp()
    )`.execute(db);
  await sql`CREATE INDEX customer_change_customer_idx ON customer_change (customer_id, at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'customer_change',
    'similar_customer',
    'customer_override',
    'customer_xref',
    'ecif_number',
    'customer',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
  await sql`DROP SEQUENCE ecif_no_seq`.execute(db);
}
