// The national holiday schedule (State Council notices), as compiled by the `chinese-days` package.
//
// We read the package's published data file (`chinese-days/dist/chinese-days.json`: every
// listed holiday and make-up working day by date) rather than calling its functions: those
// parse dates at UTC midnight and then read them back in the process's local time zone, so on
// a machine west of Greenwich they answer for the wrong day. The data file is plain date keys.
//
// The package exposes no list of the years it covers; its data does. Every State Council
// notice starts with New Year's Day, and 1 January is a statutory holiday every year, so a year
// counts as published exactly when the data lists its 1 January as a holiday. (A notice may
// also list a day of the year before, e.g. 2022-12-31 in the 2023 notice; that does not make
// the earlier year published.)
import { createRequire } from 'node:module';
import { dayNumber, isoWeekdayOfDayNumber, yearOf } from './dates.js';
import { unpublishedYearError } from './errors.js';

/** A correction of the package's data, citing the notice it follows. It wins over the package. */
export interface NationalCorrection {
  date: string;
  working: boolean;
  /** The State Council notice the correct value comes from (its address on gov.cn). */
  notice: string;
}

/**
 * Corrections to `chinese-days` where it disagrees with the State Council notices.
 *
 * Empty: chinese-days 1.5.7 agrees with the notices for every day of 2022–2026 (checked day by
 * day against the independent holiday-cn data in test/fixtures/holidays-cn). When an entry is
 * needed, add it with the notice's address from that year's `papers`, in this form (an example
 * of the shape only, not a known error):
 *   { date: '2026-10-10', working: true, notice: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm' },
 */
export const NATIONAL_CORRECTIONS: readonly NationalCorrection[] = [];

interface NationalSchedule {
  /** Date → working (true: make-up working day; false: holiday). Weekday rules apply otherwise. */
  listed: ReadonlyMap<string, boolean>;
  years: ReadonlySet<number>;
}

let schedule: NationalSchedule | undefined;

function dateMap(data: unknown, key: string): Record<string, unknown> {
  const value =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'object' || value === null) {
    throw new Error(`chinese-days data has no "${key}" table; the package's data format has changed`);
  }
  return value as Record<string, unknown>;
}

function loadSchedule(): NationalSchedule {
  const require = createRequire(import.meta.url);
  const data: unknown = require('chinese-days/dist/chinese-days.json');
  const listed = new Map<string, boolean>();
  const years = new Set<number>();
  for (const [table, working] of [
    ['holidays', false],
    ['workdays', true],
  ] as const) {
    for (const date of Object.keys(dateMap(data, table))) {
      dayNumber(date); // a malformed key is a broken package, not a guess to make
      if (listed.get(date) === !working) {
        throw new Error(`chinese-days data lists ${date} both as a holiday and as a working day`);
      }
      listed.set(date, working);
      if (!working && date.endsWith('-01-01')) years.add(yearOf(date));
    }
  }
  for (const correction of NATIONAL_CORRECTIONS) listed.set(correction.date, correction.working);
  return { listed, years };
}

function nationalSchedule(): NationalSchedule {
  schedule ??= loadSchedule();
  return schedule;
}

export function publishedNationalYears(): number[] {
  return [...nationalSchedule().years].sort((a, b) => a - b);
}

export function isPublishedYear(year: number): boolean {
  return nationalSchedule().years.has(year);
}

/** Throws the CalendarError for an unpublished year unless `date`'s year is published. */
export function assertPublished(date: string): void {
  const year = yearOf(date);
  if (!isPublishedYear(year)) throw unpublishedYearError(year, date);
}

/** Whether `date` (valid, day number `day`) is a working day by the national schedule alone. */
export function isNationalWorkingDay(date: string, day: number): boolean {
  assertPublished(date);
  return nationalSchedule().listed.get(date) ?? isoWeekdayOfDayNumber(day) <= 5;
}
