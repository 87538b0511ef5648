// Account hardening and unit contacts. Users get a count of failed sign-ins in a row and a lock
// (five failures lock an account for a while, so a password cannot be guessed online), and the
// instants of the last password change and the last sign-in, which administrators review. Units
// get the phone number that SMS reminders to the unit go to.
//
// Every instant is bound by the caller; no column defaults to now().
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE app.users
      ADD COLUMN failed_logins int NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
      -- set when the failures reach the limit; a sign-in before it is refused whatever the password
      ADD COLUMN locked_until timestamptz,
      ADD COLUMN password_changed_at timestamptz,
      ADD COLUMN last_login_at timestamptz;

    -- Accounts created before this migration: their password is as old as the account.
    UPDATE app.users SET password_changed_at = created_at;

    -- Digits only, as normalizePhone leaves them: a mobile number or a landline with its area code.
    ALTER TABLE app.units
      ADD COLUMN contact_phone text CHECK (contact_phone ~ '^(1[3-9][0-9]{9}|0[0-9]{9,11})$');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE app.units DROP COLUMN IF EXISTS contact_phone;
    ALTER TABLE app.users
      DROP COLUMN IF EXISTS last_login_at,
      DROP COLUMN IF EXISTS password_changed_at,
      DROP COLUMN IF EXISTS locked_until,
      DROP COLUMN IF EXISTS failed_logins;
  `);
}
