import {
  addCalendarDays,
  shanghaiEndOfDay,
  shanghaiTimeOn,
  toShanghaiDate,
  type WorkingDayCalendar,
} from '../calendar/index.js';
import { DeadlineRuleError, parseDeadlineRule, shown, type DeadlineRule } from './rules.js';

/** Reminders and accountability fall at 09:00 Asia/Shanghai on a working day. */
export const OFFICE_OPENS_AT_HOUR = 9;

/**
 * The last day (YYYY-MM-DD, Asia/Shanghai) of a period that starts on `startDate`.
 *
 * Day 1 is `startDate` (same-day) or the day after it (next-day). A calendar-day period ends on
 * day 1 + (amount − 1). A working-day period ends on the `amount`-th working day on or after
 * day 1: `addWorkingDays(day1, amount − 1)` when day 1 is a working day, but
 * `addWorkingDays(day1, amount)` when it is not, because `addWorkingDays(d, k)` counts working
 * days strictly after `d`. For next-day periods both cases come to `addWorkingDays(startDate,
 * amount)`: a petition registered on a Friday with 5 working days is due the next Friday, not
 * the Thursday that `addWorkingDays(Saturday, 4)` would give.
 */
export function lastDayOfPeriod(rule: DeadlineRule, startDate: string, calendar: WorkingDayCalendar): string {
  // Checks the three values (a rule built in code skips parseDeadlineRule); other properties are ignored.
  const { amount, unit, starts } = parseDeadlineRule({
    amount: rule.amount,
    unit: rule.unit,
    starts: rule.starts,
  });
  const firstDay = starts === 'next-day' ? addCalendarDays(startDate, 1) : addCalendarDays(startDate, 0);
  if (unit === 'calendar') return addCalendarDays(firstDay, amount - 1);
  return calendar.isWorkingDay(firstDay)
    ? calendar.addWorkingDays(firstDay, amount - 1)
    : calendar.addWorkingDays(firstDay, amount);
}

/** Due instant (epoch ms) of a period that starts at `start` (epoch ms): the end (23:59:59.999 Asia/Shanghai) of the last day of the period. */
export function dueAt(rule: DeadlineRule, start: number, calendar: WorkingDayCalendar): number {
  return shanghaiEndOfDay(lastDayOfPeriod(rule, toShanghaiDate(start), calendar));
}

export interface EscalationPlan {
  remindAt: number;
  dueAt: number;
  accountabilityAt: number;
}

function countOption(value: unknown, fallback: number, min: number, field: string, label: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 30) {
    throw new DeadlineRuleError(
      `${label}（${field}）必须是 ${min} 到 30 之间的整数（工作日数），实际为 ${shown(value)}`,
      field,
      `${field} must be an integer number of working days from ${min} to 30, got ${shown(value)}`,
    );
  }
  return value;
}

/**
 * Near-due reminder N working days before (default 1), urging at the deadline, accountability
 * N working days after (default 1) — each at a working-day instant (09:00 Asia/Shanghai for
 * reminder and accountability; the deadline itself at end of day).
 *
 * "N working days before" is the N-th working day before the last day of the period
 * (`remindBefore: 0` means the last day itself, or the working day before it when a
 * calendar-day period ends on a rest day). "N working days after" is the N-th working day after
 * the last day. A reminder that would fall before the period starts (a period shorter than the
 * lead time) is sent when the period starts.
 */
export function escalationPlan(
  rule: DeadlineRule,
  start: number,
  calendar: WorkingDayCalendar,
  options: { remindBefore?: number; accountAfter?: number } = {},
): EscalationPlan {
  const remindBefore = countOption(options.remindBefore, 1, 0, 'remindBefore', '临期提醒提前天数');
  const accountAfter = countOption(options.accountAfter, 1, 1, 'accountAfter', '逾期问责延后天数');
  const lastDay = lastDayOfPeriod(rule, toShanghaiDate(start), calendar);

  let remindDay = calendar.isWorkingDay(lastDay) ? lastDay : calendar.previousWorkingDay(lastDay);
  for (let n = calendar.isWorkingDay(lastDay) ? remindBefore : remindBefore - 1; n > 0; n--) {
    remindDay = calendar.previousWorkingDay(remindDay);
  }

  return {
    remindAt: Math.max(shanghaiTimeOn(remindDay, OFFICE_OPENS_AT_HOUR), start),
    dueAt: shanghaiEndOfDay(lastDay),
    accountabilityAt: shanghaiTimeOn(calendar.addWorkingDays(lastDay, accountAfter), OFFICE_OPENS_AT_HOUR),
  };
}
