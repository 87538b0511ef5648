/** A county's own decision about one day; it takes precedence over the national schedule. */
export interface DayOverride {
  /** YYYY-MM-DD (Asia/Shanghai). */
  date: string;
  working: boolean;
  note?: string;
}

/**
 * Working days as the petition office counts them: the State Council holiday schedule with its
 * make-up working days (调休), overridden by the county's own decisions. All dates are
 * YYYY-MM-DD in Asia/Shanghai. Any question that touches a year whose schedule is not
 * published throws a CalendarError instead of guessing from weekdays.
 */
export interface WorkingDayCalendar {
  isWorkingDay(date: string): boolean;
  /** The working day `n` working days after `date` (n ≥ 0; n = 0 → `date` itself if working, else the next working day). */
  addWorkingDays(date: string, n: number): string;
  /** Working days after `from` up to and including `to` (negative if to < from). */
  workingDaysBetween(from: string, to: string): number;
  /** The first working day after `date`. */
  nextWorkingDay(date: string): string;
  /** The last working day before `date`. */
  previousWorkingDay(date: string): string;
  /** The years whose national schedule is known, ascending. */
  publishedYears(): number[];
}
