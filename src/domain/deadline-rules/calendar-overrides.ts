import { createCalendar, type DayOverride, type WorkingDayCalendar } from '../calendar/index.js';
import type { Queryable } from '../sql.js';

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

/** The working-day calendar: national schedule under the county's stored overrides. */
export async function loadCalendar(db: Queryable): Promise<WorkingDayCalendar> {
  return createCalendar({ overrides: await listCalendarOverrides(db) });
}
