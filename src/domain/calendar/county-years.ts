// National holiday schedules entered by the county for years the `chinese-days` package does not
// cover yet. The State Council publishes next year's notice in November; the package follows months
// later, and without a schedule no deadline reaching into that year can be computed. The county
// copies the notice's holidays and make-up working days (调休上班) here; once the package covers the
// year, the package wins and the entered days of that year are ignored.
import { dayNumber, yearOf } from './dates.js';
import { CalendarError } from './errors.js';
import { isPublishedYear } from './national.js';

/** One day of a State Council notice. */
export interface NationalDay {
  /** YYYY-MM-DD, within the notice's year. */
  date: string;
  /** true: a make-up working day (调休上班); false: a holiday. */
  working: boolean;
  /** The holiday it belongs to, e.g. 元旦, 春节. */
  name: string;
}

/** A year's national schedule as entered by the county: the whole notice at once. */
export interface CountyYear {
  year: number;
  /** The State Council notice on gov.cn the days are copied from. */
  notice: string;
  days: NationalDay[];
}

/** A refused entry; `field` names the part of the entry that is wrong (year, notice, days[i]). */
export class CountyYearError extends CalendarError {
  constructor(
    message: string,
    detail: string,
    readonly field: string,
  ) {
    super(message, detail, 'invalid-county-year');
  }
}

function invalidYear(year: unknown, problem: string, detail: string, field = 'year'): CountyYearError {
  return new CountyYearError(
    `${String(year)} 年的节假日安排${problem}`,
    `Entered schedule of ${String(year)}: ${detail}`,
    field,
  );
}

/** An https address on www.gov.cn or another gov.cn host, where State Council notices are published. */
export function isGovCnNotice(notice: string): boolean {
  let url: URL;
  try {
    url = new URL(notice);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.port === '' &&
    url.username === '' &&
    (host === 'gov.cn' || host.endsWith('.gov.cn'))
  );
}

/**
 * Checks an entered year against the rules every notice follows; throws a CalendarError whose
 * message names the problem. `packageCovers`: a year the package already has is refused.
 */
export function checkCountyYear(entry: CountyYear, packageCovers = isPublishedYear): void {
  const { year, notice, days } = entry;
  if (!Number.isSafeInteger(year) || year < 2000 || year > 2999) {
    throw invalidYear(year, '的年份无效', 'invalid year');
  }
  if (packageCovers(year)) {
    throw invalidYear(
      year,
      '已包含在系统内置的国务院节假日安排中，无需也不能另行录入',
      'the chinese-days package already covers this year',
    );
  }
  if (typeof notice !== 'string' || !isGovCnNotice(notice)) {
    throw invalidYear(
      year,
      '缺少国务院通知的网址，或网址不在 gov.cn 上（应为 https://www.gov.cn/… 的通知原文地址）',
      'the notice must be an address on gov.cn',
      'notice',
    );
  }
  if (!Array.isArray(days) || days.length === 0) {
    throw invalidYear(year, '没有列出任何日期', 'no days', 'days');
  }
  const seen = new Set<string>();
  days.forEach((day, index) => {
    const where = `第 ${index + 1} 天`;
    const field = `days[${index}]`;
    if (typeof day !== 'object' || day === null) {
      throw invalidYear(year, `${where}格式无效`, `day #${index + 1} is not an object`, field);
    }
    const { date, working, name } = day;
    try {
      dayNumber(date);
    } catch {
      throw invalidYear(
        year,
        `${where}的日期“${String(date)}”无效，应为 YYYY-MM-DD`,
        `invalid date "${String(date)}"`,
        field,
      );
    }
    if (yearOf(date) !== year) {
      throw invalidYear(
        year,
        `${where}的日期 ${date} 不在 ${year} 年内`,
        `${date} is outside the year`,
        field,
      );
    }
    if (seen.has(date)) {
      throw invalidYear(year, `中日期 ${date} 出现了不止一次`, `${date} is listed twice`, field);
    }
    seen.add(date);
    if (typeof working !== 'boolean') {
      throw invalidYear(
        year,
        `${where}（${date}）的是否上班必须是 true 或 false`,
        `${date}: working must be a boolean`,
        field,
      );
    }
    if (typeof name !== 'string' || name.trim() === '' || name.length > 20) {
      throw invalidYear(
        year,
        `${where}（${date}）缺少节日名称（如 元旦、春节），或名称超过 20 个字`,
        `${date}: name missing or too long`,
        field,
      );
    }
  });
  // Every notice starts with New Year's Day, a statutory holiday (the rule national.ts counts by).
  const newYear = days.find((day) => day.date === `${year}-01-01`);
  if (newYear?.working !== false) {
    throw invalidYear(
      year,
      `没有把 ${year}-01-01（元旦）列为假日；每年的通知都从元旦开始，请录入通知中的全部假日和调休上班日`,
      `${year}-01-01 is not listed as a holiday`,
      'days',
    );
  }
}

/** The entered years the calendar uses: those the package does not cover, by date. */
export interface CountySchedule {
  listed: ReadonlyMap<string, boolean>;
  years: ReadonlySet<number>;
}

export function countySchedule(entries: readonly CountyYear[]): CountySchedule {
  const listed = new Map<string, boolean>();
  const years = new Set<number>();
  for (const entry of entries) {
    // The package wins: its data follows the notices and is checked against them in our tests.
    if (isPublishedYear(entry.year)) continue;
    checkCountyYear(entry);
    if (years.has(entry.year)) throw invalidYear(entry.year, '被录入了两次', 'entered twice');
    years.add(entry.year);
    for (const day of entry.days) listed.set(day.date, day.working);
  }
  return { listed, years };
}
