// The application's domain tables in schema `app`: reference data (units, categories, areas,
// routing rules, deadline rules, calendar overrides), petitioners (identity fields encrypted
// by the application), petitions with their timeline and ratings, and users.
//
// Full-text search is left for later: the embedded server's databases use the C locale, under
// which pg_trgm extracts no trigrams from Chinese characters, so a trigram index would not help
// the searches that matter. Searches use ILIKE over title and content, which a county's volume
// (thousands of petitions a year) handles without an index.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE app.units (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]*$'),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('office', 'department', 'township', 'law', 'discipline', 'recheck')),
      parent_code text REFERENCES app.units(code),
      active boolean NOT NULL DEFAULT true
    );

    CREATE TABLE app.categories (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]*$'),
      name text NOT NULL,
      line text NOT NULL CHECK (line IN ('ordinary', 'law')),
      accusation boolean NOT NULL DEFAULT false
    );

    CREATE TABLE app.areas (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]*$'),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('town', 'township', 'street'))
    );

    -- category × area → lead unit and co-handling units. area_code NULL: any area. An
    -- area-specific rule beats the any-area rule unless the latter has the higher priority.
    CREATE TABLE app.routing_rules (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      category_code text NOT NULL REFERENCES app.categories(code),
      area_code text REFERENCES app.areas(code),
      lead_unit text NOT NULL REFERENCES app.units(code),
      co_units text[] NOT NULL DEFAULT '{}',
      priority int NOT NULL DEFAULT 0,
      CONSTRAINT routing_rules_category_area UNIQUE NULLS NOT DISTINCT (category_code, area_code),
      CHECK (NOT (lead_unit = ANY (co_units)))
    );

    CREATE TABLE app.petitioners (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL,
      -- AES-256-GCM ciphertexts and HMAC-SHA256 lookup hashes, made by the application
      id_number_cipher bytea NOT NULL,
      id_number_hash text NOT NULL UNIQUE,
      id_number_masked text NOT NULL,
      -- a letter may come without a phone number
      phone_cipher bytea,
      phone_hash text,
      phone_masked text,
      address_cipher bytea,
      created_at timestamptz NOT NULL,
      CHECK ((phone_cipher IS NULL) = (phone_hash IS NULL) AND (phone_hash IS NULL) = (phone_masked IS NULL))
    );
    CREATE INDEX petitioners_by_phone ON app.petitioners (phone_hash) WHERE phone_hash IS NOT NULL;

    -- Petition numbers XF-<year>-<n>: one counter per year, taken in the registering transaction,
    -- so numbers have no gaps.
    CREATE TABLE app.petition_numbers (
      year int PRIMARY KEY,
      last int NOT NULL
    );

    CREATE TABLE app.petitions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      number text NOT NULL UNIQUE,
      channel text NOT NULL CHECK (channel IN ('letter', 'visit', 'online', 'phone', 'leader_reception')),
      title text NOT NULL,
      content text NOT NULL,
      category_code text NOT NULL REFERENCES app.categories(code),
      area_code text NOT NULL REFERENCES app.areas(code),
      petitioner_id bigint NOT NULL REFERENCES app.petitioners(id),
      -- set at triage
      kind text CHECK (kind IN ('suggestion', 'accusation', 'appeal')),
      line text NOT NULL CHECK (line IN ('ordinary', 'law')),
      procedure text CHECK (procedure IN ('normal', 'simplified')),
      risk_level text NOT NULL DEFAULT 'low' CHECK (risk_level IN ('low', 'medium', 'high')),
      stage text NOT NULL DEFAULT 'registered' CHECK (stage IN ('registered', 'triage', 'acceptance',
        'handling', 'review', 'replied', 'return_visit', 'closed', 'rejected')),
      lead_unit text REFERENCES app.units(code),
      co_units text[] NOT NULL DEFAULT '{}',
      first_time boolean NOT NULL DEFAULT false,
      skip_level boolean NOT NULL DEFAULT false,
      repeat_count int NOT NULL DEFAULT 0 CHECK (repeat_count >= 0),
      repeat_of bigint REFERENCES app.petitions(id),
      process_instance_key text,
      registered_at timestamptz NOT NULL,
      registered_by text NOT NULL,
      accept_due timestamptz,
      handle_due timestamptz,
      replied_at timestamptz,
      closed_at timestamptz,
      CHECK (repeat_of IS NULL OR repeat_of <> id)
    );
    -- The repeat check looks for a petitioner's open cases.
    CREATE INDEX petitions_open_by_petitioner ON app.petitions (petitioner_id, category_code)
      WHERE stage NOT IN ('closed', 'rejected');
    CREATE INDEX petitions_by_stage ON app.petitions (stage);
    CREATE INDEX petitions_by_lead_unit ON app.petitions (lead_unit);
    CREATE INDEX petitions_by_co_units ON app.petitions USING gin (co_units);
    CREATE INDEX petitions_by_registered_at ON app.petitions (registered_at);
    CREATE INDEX petitions_by_repeat_of ON app.petitions (repeat_of) WHERE repeat_of IS NOT NULL;

    CREATE TABLE app.deadline_rules (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stage text NOT NULL CHECK (stage IN ('accept', 'handle', 'extension', 'objection',
        'recheck-request', 'recheck', 'rereview-request', 'rereview')),
      procedure text NOT NULL CHECK (procedure IN ('normal', 'simplified', 'any')),
      -- target: the county's own goal (520 / 210); cap: the legal limit
      kind text NOT NULL CHECK (kind IN ('target', 'cap')),
      amount int NOT NULL CHECK (amount BETWEEN 1 AND 366),
      unit text NOT NULL CHECK (unit IN ('calendar', 'working')),
      starts text NOT NULL CHECK (starts IN ('same-day', 'next-day')),
      CONSTRAINT deadline_rules_stage_procedure_kind UNIQUE (stage, procedure, kind)
    );

    CREATE TABLE app.calendar_overrides (
      date date PRIMARY KEY,
      working boolean NOT NULL,
      note text
    );

    CREATE TABLE app.timeline (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      petition_id bigint NOT NULL REFERENCES app.petitions(id) ON DELETE CASCADE,
      at timestamptz NOT NULL,
      kind text NOT NULL,
      actor text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX timeline_by_petition ON app.timeline (petition_id, at, id);

    CREATE TABLE app.ratings (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      petition_id bigint NOT NULL REFERENCES app.petitions(id) ON DELETE CASCADE,
      stage text NOT NULL CHECK (stage IN ('accept', 'handle', 'overall')),
      rating text NOT NULL CHECK (rating IN ('satisfied', 'basically', 'dissatisfied')),
      at timestamptz NOT NULL,
      by text NOT NULL
    );
    CREATE INDEX ratings_by_petition ON app.ratings (petition_id, stage, at);

    CREATE TABLE app.users (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
      display_name text NOT NULL,
      password_hash text NOT NULL,
      roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['intake', 'office',
        'office_review', 'unit_handler', 'unit_head', 'supervisor', 'leader', 'discipline',
        'designer', 'admin']::text[]),
      unit_code text REFERENCES app.units(code),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL,
      -- a unit's handler or head belongs to that unit
      CHECK (unit_code IS NOT NULL OR NOT (roles && ARRAY['unit_handler', 'unit_head']::text[]))
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS app.users, app.ratings, app.timeline, app.calendar_overrides,
      app.deadline_rules, app.petitions, app.petition_numbers, app.petitioners, app.routing_rules,
      app.areas, app.categories, app.units;
  `);
}
