// Sign-in sessions of the app, and the two small outboxes through which the app reaches the
// engine: process starts of registered petitions and messages to running processes. A row is
// written before (or right after) the engine is asked, so nothing is lost when the engine is down
// at that moment: a dispatcher retries until the engine has it.
//
// Every instant is bound by the caller; no column defaults to now().
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- Only the SHA-256 of a session token is stored: a copy of this table opens no session.
    CREATE TABLE app.sessions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      user_id bigint NOT NULL REFERENCES app.users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      -- sliding: every request moves it forward
      expires_at timestamptz NOT NULL,
      user_agent text
    );
    CREATE INDEX sessions_by_expiry ON app.sessions (expires_at);
    CREATE INDEX sessions_by_user ON app.sessions (user_id);

    -- One row per petition whose process the app started or is starting. A petition that is open,
    -- not a repeat and has no process instance key is due for a start whether it has a row or not;
    -- the row carries the claim (claimed_until) and the retry schedule.
    CREATE TABLE app.process_starts (
      petition_id bigint PRIMARY KEY REFERENCES app.petitions(id) ON DELETE CASCADE,
      attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL,
      claimed_until timestamptz,
      last_error text,
      created_at timestamptz NOT NULL,
      started_at timestamptz,
      process_instance_key text
    );
    CREATE INDEX process_starts_pending ON app.process_starts (next_attempt_at)
      WHERE started_at IS NULL;

    -- Messages for running processes (petition-repeated …), published at least once.
    CREATE TABLE app.engine_messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL,
      correlation_key text NOT NULL,
      variables jsonb NOT NULL DEFAULT '{}',
      -- the engine drops a second message with the same id while the first is buffered
      message_id text NOT NULL UNIQUE,
      petition_id bigint REFERENCES app.petitions(id) ON DELETE CASCADE,
      attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL,
      claimed_until timestamptz,
      last_error text,
      created_at timestamptz NOT NULL,
      published_at timestamptz
    );
    CREATE INDEX engine_messages_pending ON app.engine_messages (next_attempt_at, id)
      WHERE published_at IS NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS app.engine_messages, app.process_starts, app.sessions;
  `);
}
