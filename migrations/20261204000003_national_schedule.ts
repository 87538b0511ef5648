// National holiday schedules entered by the county. The State Council publishes next year's
// holidays and make-up working days in November; the chinese-days package the calendar reads
// follows months later, and until then no deadline reaching into that year can be computed. An
// administrator copies the notice here. A year is entered whole (its notice and all its days,
// replaced in one transaction); once the package covers the year, the package wins and these rows
// are ignored.
//
// Every instant is bound by the caller; no column defaults to now().
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE app.national_schedule_years (
      year int PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
      -- the State Council notice the days are copied from, so anyone can check them
      notice text NOT NULL CHECK (notice ~* '^(http|https)://([a-z0-9-]+\\.)*gov\\.cn([/?#]|$)'),
      entered_by text NOT NULL,
      entered_at timestamptz NOT NULL
    );

    CREATE TABLE app.national_schedule_days (
      date date PRIMARY KEY,
      year int NOT NULL REFERENCES app.national_schedule_years (year) ON DELETE CASCADE,
      -- true: make-up working day (调休上班); false: holiday
      working boolean NOT NULL,
      -- the holiday it belongs to (元旦, 春节, …)
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 20),
      CHECK (extract(year FROM date) = year)
    );
    CREATE INDEX national_schedule_days_year ON app.national_schedule_days (year);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS app.national_schedule_days;
    DROP TABLE IF EXISTS app.national_schedule_years;
  `);
}
