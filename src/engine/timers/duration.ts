// ISO 8601 durations as Zeebe reads them (java.time Period + Duration): "PT5M", "P1D", "P2W",
// "P1Y2M3DT4H", "PT1.5S", "-PT5M", "P-1D". Designators must be upper case.
//
// Adding one to an instant: the date part (years, months, weeks, days) moves the calendar date
// in the given zone — years and months together, with the day clamped to the end of a shorter
// month (Jan 31 + P1M = Feb 28/29) — and then the time part (hours, minutes, seconds) is added as
// exact elapsed time. Zeebe does the same in the broker's default zone; here the default zone is
// UTC, so a day is always 24 hours unless a cycle's start names a zone of its own.
import { DateTime, FixedOffsetZone, type Zone } from 'luxon';
import { TimerExpressionError, TimerSyntaxProblem } from './errors.js';

export interface IsoDuration {
  /** Calendar part, applied to the local date. */
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  /** Exact part, in milliseconds (hours, minutes, seconds and the fraction of a second). */
  readonly exactMillis: number;
}

/** The latest/earliest instant a JavaScript Date can hold. */
const MAX_INSTANT = 8.64e15;

// sign, then P, then Y M W D, then T with H M S; every number may carry its own sign as in Java
const DURATION_TEXT =
  /^([-+]?)P(?:([-+]?\d+)Y)?(?:([-+]?\d+)M)?(?:([-+]?\d+)W)?(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{1,9}))?S)?)?$/;

const EXAMPLES = 'expected an ISO 8601 duration such as PT10M, P1D, P2W or P1Y2M3DT4H';

function whole(text: string | undefined): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new TimerSyntaxProblem(`the number ${text} is too large`);
  return value === 0 ? 0 : value; // no -0
}

function secondsInMillis(wholeText: string | undefined, fraction: string | undefined): number {
  if (wholeText === undefined) return 0;
  const negative = wholeText.startsWith('-');
  const millis = Math.abs(whole(wholeText)) * 1000 + Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  return negative && millis !== 0 ? -millis : millis;
}

/** Parses a trimmed duration; throws TimerSyntaxProblem with a reason. */
export function parseDuration(text: string): IsoDuration {
  if (text === '') throw new TimerSyntaxProblem('the value is empty');
  const match = DURATION_TEXT.exec(text);
  if (!match || text.endsWith('T') || /^[-+]?P$/.test(text)) {
    if (/^[-+]?p/i.test(text) && text !== text.toUpperCase()) {
      throw new TimerSyntaxProblem(`designators must be upper case (${EXAMPLES})`);
    }
    throw new TimerSyntaxProblem(EXAMPLES);
  }
  const [, sign, years, months, weeks, days, hours, minutes, seconds, fraction] = match;
  const factor = sign === '-' ? -1 : 1;
  const exact = whole(hours) * 3_600_000 + whole(minutes) * 60_000 + secondsInMillis(seconds, fraction);
  const duration: IsoDuration = {
    years: factor * whole(years),
    months: factor * whole(months),
    weeks: factor * whole(weeks),
    days: factor * whole(days),
    exactMillis: factor * exact,
  };
  if (!Number.isSafeInteger(duration.exactMillis)) throw new TimerSyntaxProblem('the duration is too large');
  return duration;
}

export function hasCalendarPart(duration: IsoDuration): boolean {
  return duration.years !== 0 || duration.months !== 0 || duration.weeks !== 0 || duration.days !== 0;
}

/** The sign of a duration whose parts all point the same way: 1, -1, 0, or NaN when they are mixed. */
export function durationSign(duration: IsoDuration): number {
  const parts = [duration.years, duration.months, duration.weeks, duration.days, duration.exactMillis];
  const positive = parts.some((part) => part > 0);
  const negative = parts.some((part) => part < 0);
  if (positive && negative) return NaN;
  return positive ? 1 : negative ? -1 : 0;
}

/** Adds a parsed duration to an instant in the given zone; throws TimerSyntaxProblem out of range. */
export function plusDuration(instant: number, duration: IsoDuration, zone: Zone): number {
  let moved = instant;
  if (hasCalendarPart(duration)) {
    const date = DateTime.fromMillis(instant, { zone }).plus({
      years: duration.years,
      months: duration.months,
      weeks: duration.weeks,
      days: duration.days,
    });
    moved = date.isValid ? date.toMillis() : NaN;
  }
  moved += duration.exactMillis;
  if (!Number.isFinite(moved) || Math.abs(moved) > MAX_INSTANT) {
    throw new TimerSyntaxProblem('the resulting instant is out of range');
  }
  return moved;
}

/**
 * Parses an ISO 8601 duration and adds it to an instant (calendar-aware, UTC): years and months
 * move the calendar date (Jan 31 + P1M = end of February), days are calendar days (24 hours in
 * UTC), hours/minutes/seconds are exact. Surrounding whitespace is ignored. Throws
 * TimerExpressionError (kind 'duration') for a bad value.
 */
export function addIsoDuration(instant: number, duration: string): number {
  if (!Number.isFinite(instant))
    throw new RangeError(`Expected an instant in epoch milliseconds, got ${instant}`);
  try {
    return plusDuration(instant, parseDuration(duration.trim()), FixedOffsetZone.utcInstance);
  } catch (error) {
    if (error instanceof TimerSyntaxProblem)
      throw new TimerExpressionError('duration', duration, error.message);
    throw error;
  }
}
