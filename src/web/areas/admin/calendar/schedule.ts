// The pieces of the holiday-schedule page that are plain data: reading a pasted schedule file,
// naming the fields of a refused entry, and counting what an entry holds.
import type { NationalDay } from '../types';

/** A pasted file that cannot be read; `key` names the problem under admin.calendar.json. */
export class ScheduleTextError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'ScheduleTextError';
  }
}

/** What a pasted file gives: its days, and the year and notice when it names them. */
export interface PastedSchedule {
  year: number | undefined;
  notice: string | undefined;
  days: NationalDay[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function dayOf(value: unknown, index: number): NationalDay {
  const row = index + 1;
  if (!isRecord(value)) throw new ScheduleTextError('dayNotObject', { row });
  const { date, name, isOffDay, working } = value;
  if (typeof date !== 'string') throw new ScheduleTextError('dayDate', { row });
  // The command line's file (holiday-cn) says isOffDay; the API says working. Either is taken.
  let isWorking: boolean;
  if (typeof isOffDay === 'boolean') isWorking = !isOffDay;
  else if (typeof working === 'boolean') isWorking = working;
  else throw new ScheduleTextError('dayKind', { row, date });
  return { date: date.trim(), working: isWorking, name: typeof name === 'string' ? name.trim() : '' };
}

/**
 * Reads the file `npm run calendar -- import` takes (holiday-cn: `year`, `papers`, `days` of
 * `{name, date, isOffDay}`), the body of the API (`notice`, `days` of `{date, working, name}`), or
 * a bare list of days. The rules of a notice are the server's to check.
 */
export function parseScheduleText(text: string): PastedSchedule {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ScheduleTextError('invalid');
  }
  const file = Array.isArray(data) ? { days: data } : data;
  if (!isRecord(file)) throw new ScheduleTextError('notObject');
  const { year, papers, notice, days } = file;
  if (!Array.isArray(days)) throw new ScheduleTextError('noDays');
  const firstPaper: unknown = Array.isArray(papers) ? (papers as unknown[])[0] : undefined;
  const named = typeof notice === 'string' ? notice : firstPaper;
  return {
    year: typeof year === 'number' && Number.isSafeInteger(year) ? year : undefined,
    notice: typeof named === 'string' && named.trim() !== '' ? named.trim() : undefined,
    days: days.map(dayOf),
  };
}

/** A refused field of an entry: the row (from 1) and the part of a day, when it is about a day. */
export interface EntryField {
  field: string;
  row?: number;
  part?: 'date' | 'working' | 'name';
}

/** Reads the server's field path: `days[3].date` (also `days.3.date`), `days[3]`, `notice`, `year`. */
export function entryField(field: string): EntryField {
  const match = /^days(?:\[(\d+)\]|\.(\d+))(?:\.(date|working|name))?$/.exec(field);
  if (match === null) return { field };
  const index = Number(match[1] ?? match[2]);
  const part = match[3] as EntryField['part'];
  return part === undefined ? { field, row: index + 1 } : { field, row: index + 1, part };
}

/** How many holidays and make-up working days the days hold. */
export function countDays(days: readonly NationalDay[]): { holidays: number; workdays: number } {
  const workdays = days.filter((day) => day.working).length;
  return { holidays: days.length - workdays, workdays };
}

/** Ascending years as runs: [2004, 2005, 2006, 2099] → ['2004–2006', '2099']. */
export function yearRuns(years: readonly number[]): string[] {
  const runs: string[] = [];
  let start: number | undefined;
  let end = 0;
  for (const year of [...years].sort((a, b) => a - b)) {
    if (start !== undefined && year === end + 1) {
      end = year;
      continue;
    }
    if (start !== undefined) runs.push(start === end ? `${start}` : `${start}–${end}`);
    start = year;
    end = year;
  }
  if (start !== undefined) runs.push(start === end ? `${start}` : `${start}–${end}`);
  return runs;
}

/** The day of the week of a YYYY-MM-DD date, 0 for Sunday; the date is a calendar day, not an instant. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
