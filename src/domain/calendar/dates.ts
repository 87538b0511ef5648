// Civil dates (YYYY-MM-DD) and instants (epoch milliseconds) in the county's time zone.
//
// Dates are plain calendar days with no time zone of their own; every conversion between a
// date and an instant goes through Asia/Shanghai. Internally a date is also handled as its day
// number (days since 1970-01-01), which makes stepping through days cheap and exact.
import { DateTime } from 'luxon';
import { CalendarError } from './errors.js';

export const SHANGHAI_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function invalidDate(date: unknown): CalendarError {
  const shown = typeof date === 'string' ? date : String(date);
  return new CalendarError(
    `日期“${shown}”无效，应为 YYYY-MM-DD 格式的实际日期`,
    `Invalid date "${shown}": expected an existing calendar day as YYYY-MM-DD`,
    'invalid-date',
  );
}

/** The day number (days since 1970-01-01) of a YYYY-MM-DD date; throws CalendarError if invalid. */
export function dayNumber(date: string): number {
  if (typeof date !== 'string' || !DATE_PATTERN.test(date)) throw invalidDate(date);
  const parsed = DateTime.fromISO(date, { zone: 'utc' });
  if (!parsed.isValid) throw invalidDate(date);
  return Math.round(parsed.toMillis() / DAY_MS);
}

/** The YYYY-MM-DD date of a day number (years 0000–9999). */
export function dateOfDayNumber(day: number): string {
  // Hot path (working-day loops): a UTC Date is exact for zone-less civil dates.
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The year of a valid YYYY-MM-DD date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Monday = 1 … Sunday = 7 (ISO), of a day number. 1970-01-01 was a Thursday. */
export function isoWeekdayOfDayNumber(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The date `n` calendar days after `date` (n may be negative). */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Expected a whole number of days, got ${n}`);
  return dateOfDayNumber(dayNumber(date) + n);
}

function checkInstant(epochMs: number): void {
  if (typeof epochMs !== 'number' || !Number.isFinite(epochMs)) {
    throw new CalendarError(
      `时间“${String(epochMs)}”无效`,
      `Invalid instant ${String(epochMs)}: expected finite epoch milliseconds`,
      'invalid-instant',
    );
  }
}

function shanghaiDay(date: string): DateTime {
  dayNumber(date); // validates
  return DateTime.fromISO(date, { zone: SHANGHAI_ZONE });
}

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function toShanghaiDate(epochMs: number): string {
  checkInstant(epochMs);
  const date = DateTime.fromMillis(epochMs, { zone: SHANGHAI_ZONE }).toISODate();
  if (date === null) throw new RangeError(`Instant ${epochMs} is outside the supported range`);
  return date;
}

/** The instant 00:00:00.000 Asia/Shanghai starts `date`. */
export function shanghaiDayStart(date: string): number {
  return shanghaiDay(date).startOf('day').toMillis();
}

/** The instant 23:59:59.999 Asia/Shanghai of `date`, the last millisecond of that day. */
export function shanghaiEndOfDay(date: string): number {
  return shanghaiDay(date).endOf('day').toMillis();
}

/** The instant `hour`:`minute` Asia/Shanghai on `date`. */
export function shanghaiTimeOn(date: string, hour: number, minute = 0): number {
  if (
    !Number.isInteger(hour) ||
    hour < 0 ||
    hour > 23 ||
    !Number.isInteger(minute) ||
    minute < 0 ||
    minute > 59
  ) {
    throw new RangeError(`Invalid time of day ${hour}:${minute}`);
  }
  return shanghaiDay(date).set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}
