// Planning timers: when a timer first fires, how often, and when a cycle fires next.
import { FixedOffsetZone } from 'luxon';
import { parseCycle, type Cycle, type IntervalCycle } from './cycle.js';
import { parseDateTime } from './date-time.js';
import { parseDuration, plusDuration } from './duration.js';
import { TimerExpressionError, TimerSyntaxProblem, type TimerKind } from './errors.js';

export interface TimerPlan {
  /** Epoch ms of the first firing. */
  dueAt: number;
  /** Total firings: 1 for duration/date; n for "Rn/..."; null for unbounded ("R/..." or cron). */
  repetitions: number | null;
}

const DAY = 86_400_000;

function checkInstant(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`Expected ${name} in epoch milliseconds, got ${value}`);
}

/** Runs a parser on the trimmed text and names the value in any syntax problem. */
function readAs<T>(kind: TimerKind, text: string, read: (trimmed: string) => T): T {
  try {
    return read(text.trim());
  } catch (error) {
    if (error instanceof TimerSyntaxProblem) throw new TimerExpressionError(kind, text, error.message);
    throw error;
  }
}

/** The interval in exact milliseconds, when it has no calendar-dependent length. */
function exactStep(cycle: IntervalCycle): number | undefined {
  const { years, months, weeks, days, exactMillis } = cycle.interval;
  if (years !== 0 || months !== 0) return undefined;
  if ((weeks !== 0 || days !== 0) && !cycle.zone.isUniversal) return undefined;
  return (weeks * 7 + days) * DAY + exactMillis;
}

function firstDue(cycle: Cycle, now: number): number {
  if (cycle.type === 'cron') return cycle.schedule.nextAfter(now);
  if (cycle.start !== undefined) return cycle.start.instant;
  return plusDuration(now, cycle.interval, cycle.zone);
}

function nextDue(cycle: Cycle, previousDueAt: number, now: number | undefined): number {
  if (cycle.type === 'cron') {
    return cycle.schedule.nextAfter(now === undefined ? previousDueAt : Math.max(previousDueAt, now));
  }
  let next = plusDuration(previousDueAt, cycle.interval, cycle.zone);
  if (now === undefined || next > now) return next;
  const step = exactStep(cycle);
  if (step !== undefined) return next + (Math.floor((now - next) / step) + 1) * step;
  // A calendar interval is at least about a day long, so this runs once per missed firing.
  while (next <= now) next = plusDuration(next, cycle.interval, cycle.zone);
  return next;
}

/**
 * Plans a timer from its definition (a static value, or the string a FEEL expression produced).
 * - duration: due = now + duration; a zero or negative duration is due at once (due <= now).
 * - date: due = that instant, even when it is in the past (the scheduler fires it at once).
 * - cycle "Rn/<interval>": first due one interval after now; "Rn/<start>/<interval>": first due at
 *   start (even in the past); cron: the first match strictly after now.
 * Surrounding whitespace is ignored. Throws TimerExpressionError for a bad value.
 */
export function planTimer(kind: TimerKind, text: string, now: number): TimerPlan {
  checkInstant('now', now);
  switch (kind) {
    case 'duration':
      return {
        dueAt: readAs(kind, text, (trimmed) =>
          plusDuration(now, parseDuration(trimmed), FixedOffsetZone.utcInstance),
        ),
        repetitions: 1,
      };
    case 'date':
      return { dueAt: readAs(kind, text, (trimmed) => parseDateTime(trimmed).instant), repetitions: 1 };
    case 'cycle':
      return readAs(kind, text, (trimmed) => {
        const cycle = parseCycle(trimmed);
        return { dueAt: firstDue(cycle, now), repetitions: cycle.type === 'cron' ? null : cycle.repetitions };
      });
  }
}

/**
 * For cycles: the firing after one that was due at `previousDueAt`. Interval cycles add the
 * interval to previousDueAt — not to now — so a late firing does not shift the schedule (calendar
 * intervals step from the previous due date, as Zeebe does: Jan 31 + P1M = Feb 28, then Mar 28);
 * cron gives the next match strictly after previousDueAt.
 *
 * @param now optional: when given, firings at or before it are skipped, keeping the schedule's
 *   phase, so a cycle that comes back after downtime fires once rather than once per missed slot.
 *   Counting repetitions stays with the caller.
 */
export function nextCycleDue(text: string, previousDueAt: number, now?: number): number {
  checkInstant('previousDueAt', previousDueAt);
  if (now !== undefined) checkInstant('now', now);
  return readAs('cycle', text, (trimmed) => nextDue(parseCycle(trimmed), previousDueAt, now));
}

/**
 * Checks a static timer value at deploy time; returns the TimerExpressionError message, or
 * undefined when the value is valid. Pass static values only (not "=" expressions).
 */
export function timerSyntaxError(kind: TimerKind, text: string): string | undefined {
  try {
    readAs(kind, text, (trimmed) => {
      if (kind === 'duration') plusDuration(0, parseDuration(trimmed), FixedOffsetZone.utcInstance);
      else if (kind === 'date') parseDateTime(trimmed);
      else parseCycle(trimmed);
    });
    return undefined;
  } catch (error) {
    if (error instanceof TimerExpressionError) return error.message;
    throw error;
  }
}
