import type pg from 'pg';
import { recordAudit } from '../audit/index.js';
import {
  checkCountyYear,
  createCalendar,
  isPublishedYear,
  type CountyYear,
  type DayOverride,
  type WorkingDayCalendar,
} from '../calendar/index.js';
import { withTransaction, type Queryable } from '../sql.js';

interface OverrideRow {
  date: string;
  working: boolean;
  note: string | null;
}

const toOverride = (row: OverrideRow): DayOverride =>
  row.note === null
    ? { date: row.date, working: row.working }
    : { date: row.date, working: row.working, note: row.note };

/** The county's day overrides, by date. Dates come back as YYYY-MM-DD text, never as a Date in some zone. */
export async function listCalendarOverrides(db: Queryable): Promise<DayOverride[]> {
  const result = await db.query<OverrideRow>(
    'SELECT date::text AS date, working, note FROM app.calendar_overrides ORDER BY date',
  );
  return result.rows.map(toOverride);
}

/** Declares a day a working day or a day off for the county (validated like the calendar does). */
export async function saveCalendarOverride(db: Queryable, override: DayOverride): Promise<DayOverride> {
  createCalendar({ overrides: [override] }); // throws CalendarError with a Chinese message if malformed
  const result = await db.query<OverrideRow>(
    `INSERT INTO app.calendar_overrides (date, working, note) VALUES ($1::date, $2, $3)
     ON CONFLICT (date) DO UPDATE SET working = EXCLUDED.working, note = EXCLUDED.note
     RETURNING date::text AS date, working, note`,
    [override.date, override.working, override.note ?? null],
  );
  return toOverride(result.rows[0] as OverrideRow);
}

/** Removes the county's decision about a day; returns whether there was one. */
export async function deleteCalendarOverride(db: Queryable, date: string): Promise<boolean> {
  const result = await db.query('DELETE FROM app.calendar_overrides WHERE date = $1::date', [date]);
  return (result.rowCount ?? 0) > 0;
}

/** A national schedule year the county entered, with who entered it. */
export interface EnteredNationalYear extends CountyYear {
  enteredBy: string;
  enteredAt: Date;
  /** The chinese-days package covers the year now: the calendar uses the package, not these days. */
  supersededByPackage: boolean;
}

/** The national schedule years the county entered, ascending, each with its days by date. */
export async function listNationalYears(db: Queryable): Promise<EnteredNationalYear[]> {
  const years = await db.query<{ year: number; notice: string; entered_by: string; entered_at: Date }>(
    'SELECT year, notice, entered_by, entered_at FROM app.national_schedule_years ORDER BY year',
  );
  const days = await db.query<{ year: number; date: string; working: boolean; name: string }>(
    'SELECT year, date::text AS date, working, name FROM app.national_schedule_days ORDER BY date',
  );
  return years.rows.map((row) => ({
    year: row.year,
    notice: row.notice,
    days: days.rows
      .filter((day) => day.year === row.year)
      .map(({ date, working, name }) => ({ date, working, name })),
    enteredBy: row.entered_by,
    enteredAt: row.entered_at,
    supersededByPackage: isPublishedYear(row.year),
  }));
}

/** Who enters a year, for the table and the audit log. */
export interface NationalYearActor {
  /** A username, or `cli:<account>` for the command line. */
  actor: string;
  at: Date;
  ip?: string | null;
}

/**
 * Enters a year's national schedule, replacing what was entered for that year, in one transaction
 * with its audit record (`calendar.year_entered`). Refuses (CountyYearError, nothing changed) what
 * checkCountyYear refuses, including a year the package covers. Returns whether a year was replaced.
 */
export async function saveNationalYear(
  pool: pg.Pool,
  entry: CountyYear,
  by: NationalYearActor,
): Promise<{ replaced: boolean }> {
  checkCountyYear(entry);
  const days = [...entry.days].sort((a, b) => a.date.localeCompare(b.date));
  return withTransaction(pool, async (client) => {
    const removed = await client.query('DELETE FROM app.national_schedule_years WHERE year = $1', [
      entry.year,
    ]);
    await client.query(
      `INSERT INTO app.national_schedule_years (year, notice, entered_by, entered_at) VALUES ($1, $2, $3, $4)`,
      [entry.year, entry.notice, by.actor, by.at],
    );
    await client.query(
      `INSERT INTO app.national_schedule_days (date, year, working, name)
       SELECT d, $1, w, n FROM unnest($2::date[], $3::boolean[], $4::text[]) AS t(d, w, n)`,
      [entry.year, days.map((d) => d.date), days.map((d) => d.working), days.map((d) => d.name.trim())],
    );
    const replaced = (removed.rowCount ?? 0) > 0;
    await recordAudit(client, {
      at: by.at,
      actor: by.actor,
      action: 'calendar.year_entered',
      target: String(entry.year),
      details: {
        notice: entry.notice,
        holidays: days.filter((d) => !d.working).length,
        workdays: days.filter((d) => d.working).length,
        replaced,
      },
      ip: by.ip ?? null,
    });
    return { replaced };
  });
}

/**
 * The working-day calendar: national schedule (with the years the county entered) under the
 * county's stored overrides. Entered years the package covers by now are ignored (the package wins).
 */
export async function loadCalendar(db: Queryable): Promise<WorkingDayCalendar> {
  const [overrides, countyYears] = await Promise.all([listCalendarOverrides(db), listNationalYears(db)]);
  return createCalendar({ overrides, countyYears: countyYears.filter((y) => !y.supersededByPackage) });
}
