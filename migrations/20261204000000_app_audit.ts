// The audit log: who signed in (or failed to), who saw a petitioner's unmasked identity, and who
// changed accounts, units, models or running processes. Rows are only ever inserted.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE app.audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      -- the username, or NULL for an unknown one (a failed sign-in under a name that does not exist)
      actor text,
      action text NOT NULL CHECK (action ~ '^[a-z][a-z_.]{2,63}$'),
      -- what was acted on: a petition number, a username, a unit code, a process instance key
      target text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      ip text
    );
    CREATE INDEX audit_log_by_at ON app.audit_log (at DESC);
    CREATE INDEX audit_log_by_actor ON app.audit_log (actor, at DESC);
    CREATE INDEX audit_log_by_target ON app.audit_log (target, at DESC) WHERE target IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS app.audit_log;');
}
