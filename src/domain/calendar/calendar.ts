import { countySchedule, type CountyYear } from './county-years.js';
import { dateOfDayNumber, dayNumber, isoWeekdayOfDayNumber, yearOf } from './dates.js';
import { CalendarError, unpublishedYearError } from './errors.js';
import { isNationalWorkingDay, isPublishedYear, publishedNationalYears } from './national.js';
import type { DayOverride, WorkingDayCalendar } from './types.js';

function invalidOverride(index: number, problem: string, detail: string): CalendarError {
  return new CalendarError(
    `第 ${index + 1} 条县级工作日调整${problem}`,
    `County day override #${index + 1}: ${detail}`,
    'invalid-override',
  );
}

function overrideTable(overrides: readonly DayOverride[]): Map<string, boolean> {
  if (!Array.isArray(overrides)) {
    throw new CalendarError(
      '县级工作日调整必须是列表',
      'County day overrides must be an array',
      'invalid-override',
    );
  }
  const table = new Map<string, boolean>();
  overrides.forEach((override: unknown, index) => {
    if (typeof override !== 'object' || override === null) {
      throw invalidOverride(index, '格式无效', 'not an object');
    }
    const { date, working, note } = override as Record<string, unknown>;
    if (typeof date !== 'string') throw invalidOverride(index, '缺少日期（date）', 'date missing');
    try {
      dayNumber(date);
    } catch {
      throw invalidOverride(index, `的日期（date）“${date}”无效，应为 YYYY-MM-DD`, `invalid date "${date}"`);
    }
    if (typeof working !== 'boolean') {
      throw invalidOverride(
        index,
        '的是否工作日（working）必须是 true 或 false',
        'working must be a boolean',
      );
    }
    if (note !== undefined && typeof note !== 'string') {
      throw invalidOverride(index, '的说明（note）必须是文字', 'note must be a string');
    }
    if (table.get(date) === !working) {
      throw invalidOverride(
        index,
        `与前面的调整矛盾：${date} 既是工作日又是休息日`,
        `${date} is declared both a working day and a day off`,
      );
    }
    table.set(date, working);
  });
  return table;
}

function wholeNumber(n: number, min: number, name: string): void {
  if (!Number.isSafeInteger(n) || n < min) {
    throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${String(n)}`);
  }
}

/**
 * The petition office's working-day calendar: the national schedule (chinese-days, with our
 * corrections, and for the years it does not cover yet the schedules the county entered from the
 * State Council notices) under the county's overrides. Every day a computation looks at must lie
 * in a year with a published national schedule, overrides or not; otherwise it throws
 * CalendarError. Entered years the package covers are ignored: the package wins.
 */
export function createCalendar(
  options: { overrides?: DayOverride[]; countyYears?: readonly CountyYear[] } = {},
): WorkingDayCalendar {
  const overrides = overrideTable(options.overrides ?? []);
  const county = countySchedule(options.countyYears ?? []);

  const assertPublished = (date: string): void => {
    const year = yearOf(date);
    if (!isPublishedYear(year) && !county.years.has(year)) throw unpublishedYearError(year, date);
  };

  const national = (date: string, day: number): boolean =>
    county.years.has(yearOf(date))
      ? (county.listed.get(date) ?? isoWeekdayOfDayNumber(day) <= 5)
      : isNationalWorkingDay(date, day);

  // Each day's answer, once known: a task list counts the working days left for hundreds of
  // tasks, mostly over the same days. (A day of an unpublished year throws and is not kept.)
  const known = new Map<number, boolean>();
  const working = (day: number): boolean => {
    const cached = known.get(day);
    if (cached !== undefined) return cached;
    const date = dateOfDayNumber(day);
    assertPublished(date);
    const answer = overrides.get(date) ?? national(date, day);
    known.set(day, answer);
    return answer;
  };

  /** The first working day strictly after (step 1) or before (step -1) `day`. */
  const step = (day: number, direction: 1 | -1): number => {
    let current = day + direction;
    while (!working(current)) current += direction;
    return current;
  };

  /** Parses and checks that the date's own year is published. */
  const checked = (date: string): number => {
    const day = dayNumber(date);
    assertPublished(date);
    return day;
  };

  return {
    isWorkingDay(date) {
      return working(checked(date));
    },

    addWorkingDays(date, n) {
      wholeNumber(n, 0, 'addWorkingDays: n');
      let day = checked(date);
      if (n === 0) return dateOfDayNumber(working(day) ? day : step(day, 1));
      for (let left = n; left > 0; left--) day = step(day, 1);
      return dateOfDayNumber(day);
    },

    workingDaysBetween(from, to) {
      const start = checked(from);
      const end = checked(to);
      const low = Math.min(start, end);
      const high = Math.max(start, end);
      let count = 0;
      for (let day = low + 1; day <= high; day++) if (working(day)) count++;
      return start <= end ? count : -count;
    },

    nextWorkingDay(date) {
      return dateOfDayNumber(step(checked(date), 1));
    },

    previousWorkingDay(date) {
      return dateOfDayNumber(step(checked(date), -1));
    },

    publishedYears() {
      return [...new Set([...publishedNationalYears(), ...county.years])].sort((a, b) => a - b);
    },
  };
}
