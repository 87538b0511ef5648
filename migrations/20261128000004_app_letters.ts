// The three letters (三函: 督办函, 风险提醒函, 问责建议函) with their numbering counters, and the
// notification outbox (SMS and paper letters to petitioners and units).
//
// Petitions and units are referred to by plain columns (petition_id, petition_number, unit_code),
// without foreign keys: this migration does not depend on the tables of the petition domain, so
// the two can be applied in either order. Every instant is bound by the caller (engine time or
// the dispatcher's clock); no column defaults to now().
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- One numbering sequence per kind of letter per year (Asia/Shanghai). The counter row is
    -- updated in the transaction that inserts the letter, so a rolled-back issue leaves no gap.
    CREATE TABLE app.letter_counters (
      kind text NOT NULL CHECK (kind IN ('supervision', 'risk', 'accountability')),
      year int NOT NULL CHECK (year BETWEEN 2000 AND 9999),
      last_serial int NOT NULL CHECK (last_serial > 0),
      PRIMARY KEY (kind, year)
    );

    CREATE TABLE app.letters (
      id bigserial PRIMARY KEY,
      -- 文号, e.g. 临县信督〔2026〕7号
      number text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('supervision', 'risk', 'accountability')),
      year int NOT NULL,
      serial int NOT NULL,
      petition_id bigint NOT NULL,
      petition_number text NOT NULL,
      petition_title text NOT NULL,
      stage text NOT NULL CHECK (stage IN ('accept', 'handle')),
      unit_code text NOT NULL,
      unit_name text NOT NULL,
      -- the deadline that was missed or is at risk (a risk letter may come before any deadline)
      deadline timestamptz,
      issued_at timestamptz NOT NULL,
      reply_within_days int NOT NULL CHECK (reply_within_days > 0),
      reply_due timestamptz NOT NULL,
      -- the letter's text as printed (paragraphs separated by newlines), and the .docx itself
      body text NOT NULL,
      document bytea NOT NULL,
      status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'replied')),
      reply_text text,
      replied_at timestamptz,
      replied_by text,
      -- the job key of the worker that issued it: a retried job finds this letter again
      idempotency_key text NOT NULL UNIQUE,
      UNIQUE (kind, year, serial),
      CHECK (kind = 'risk' OR deadline IS NOT NULL),
      CHECK ((status = 'replied') = (replied_at IS NOT NULL AND reply_text IS NOT NULL AND replied_by IS NOT NULL))
    );
    CREATE INDEX letters_by_petition ON app.letters (petition_id, id);
    CREATE INDEX letters_by_unit ON app.letters (unit_code, id);
    CREATE INDEX letters_awaiting_reply ON app.letters (reply_due) WHERE status = 'issued';

    CREATE TABLE app.notifications (
      id bigserial PRIMARY KEY,
      petition_id bigint NOT NULL,
      petition_number text,
      channel text NOT NULL CHECK (channel IN ('sms', 'letter')),
      -- the phone number (sms) or postal address (letter), as given
      recipient text NOT NULL,
      template text NOT NULL,
      params jsonb NOT NULL DEFAULT '{}',
      body text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
      attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error text,
      idempotency_key text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      -- pending: when it may be tried (again); sending: when the claim expires and another
      -- dispatcher may take it over (the sender crashed or hung)
      next_attempt_at timestamptz NOT NULL,
      sent_at timestamptz
    );
    -- The dispatcher scans only rows that are still to be sent, in due order.
    CREATE INDEX notifications_due ON app.notifications (next_attempt_at, id)
      WHERE status IN ('pending', 'sending');
    CREATE INDEX notifications_by_petition ON app.notifications (petition_id, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS app.notifications, app.letters, app.letter_counters;
  `);
}
