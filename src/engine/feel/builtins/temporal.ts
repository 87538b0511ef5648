// Temporal built-ins: now() and today() on the engine clock, Camunda's last day of month, Zeebe's
// cycle() for timer cycles, and years and months duration (feelin's version leaks the leftover
// days into the result, e.g. P1Y2M1D).
import { FeelDate, FeelDateTime, FeelDuration, date, dateAndTime, duration } from 'feelin';
import { builtin, isNil, isNumber, type Builtins } from './define.js';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The calendar date of a date or a date and time (its own wall-clock date). */
function calendarDate(value: unknown): { year: number; month: number; day: number } | undefined {
  return value instanceof FeelDate || value instanceof FeelDateTime ? value : undefined;
}

function lastDayOfMonth(value: unknown): FeelDate | null {
  const day = calendarDate(value);
  if (!day) return null;
  const last = new Date(Date.UTC(day.year, day.month, 0)).getUTCDate();
  const result = date(isoDate(day.year, day.month, last));
  return result instanceof FeelDate ? result : null;
}

/** Whole months from `from` to `to`, like java.time.Period.between(...).toTotalMonths(). */
function yearsAndMonthsDuration(fromValue: unknown, toValue: unknown): FeelDuration | null {
  const from = calendarDate(fromValue);
  const to = calendarDate(toValue);
  if (!from || !to) return null;
  let months = to.year * 12 + to.month - (from.year * 12 + from.month);
  const days = to.day - from.day;
  if (months > 0 && days < 0) months -= 1;
  if (months < 0 && days > 0) months += 1;
  const sign = months < 0 ? '-' : '';
  const total = Math.abs(months);
  return duration(`${sign}P${Math.floor(total / 12)}Y${total % 12}M`);
}

/** Zeebe's cycle(): "R<n>/<interval>", or "R/<interval>" for an unbounded cycle. */
function cycle(repetitions: unknown, interval: unknown): string | null {
  if (!(interval instanceof FeelDuration)) return null;
  if (isNil(repetitions)) return `R/${interval.iso}`;
  return isNumber(repetitions) ? `R${Math.trunc(repetitions)}/${interval.iso}` : null;
}

/**
 * Built-ins that read the engine clock (epoch ms). now() is a date and time in UTC and today()
 * the UTC calendar date, so results do not depend on the host's time zone.
 */
export function clockBuiltins(now: number): Builtins {
  const instant = () => new Date(now).toISOString();
  return {
    now: builtin([], () => dateAndTime(instant())),
    today: builtin([], () => date(instant().slice(0, 10))),
  };
}

export const temporalBuiltins: Builtins = {
  'last day of month': builtin(['date'], lastDayOfMonth),

  'years and months duration': builtin(['from', 'to'], yearsAndMonthsDuration),

  // cycle(interval) or cycle(repetitions, interval); named calls may omit repetitions.
  cycle: builtin(['repetitions', 'interval'], (...args) =>
    args.length === 1 ? cycle(null, args[0]) : cycle(args[0], args[1]),
  ),
};
