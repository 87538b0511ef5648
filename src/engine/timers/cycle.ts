// Time cycles: an ISO 8601 repeating interval ("R3/PT10H", "R/P1D", "R3/2026-01-05T09:00:00Z/P1D")
// or, for anything not starting with "R" (as Zeebe decides), a cron expression.
import { FixedOffsetZone, type Zone } from 'luxon';
import { parseCron, type CronSchedule } from './cron.js';
import { parseDateTime, type ZonedInstant } from './date-time.js';
import { durationSign, parseDuration, type IsoDuration } from './duration.js';
import { TimerSyntaxProblem } from './errors.js';

export interface IntervalCycle {
  readonly type: 'interval';
  /** null for "R/…" (unbounded). */
  readonly repetitions: number | null;
  /** The first firing when given; otherwise the first firing is one interval after now. */
  readonly start: ZonedInstant | undefined;
  readonly interval: IsoDuration;
  /** Zone for the calendar arithmetic: the start's zone, else UTC. */
  readonly zone: Zone;
}

export interface CronCycle {
  readonly type: 'cron';
  readonly schedule: CronSchedule;
}

export type Cycle = IntervalCycle | CronCycle;

/** Java's Integer.MAX_VALUE: Zeebe keeps repetitions in an int. */
const MAX_REPETITIONS = 2_147_483_647;

const SHAPES = 'expected R<n>/<interval>, R/<interval> or R<n>/<start>/<interval>, e.g. R3/PT10H';

function parseRepetitions(text: string): number | null {
  if (text === '') return null;
  if (!/^\d+$/.test(text))
    throw new TimerSyntaxProblem(`the repetition count '${text}' is not a whole number`);
  const count = Number(text);
  if (count === 0) throw new TimerSyntaxProblem('a cycle must repeat at least once (R0 never fires)');
  if (count > MAX_REPETITIONS) throw new TimerSyntaxProblem(`the repetition count ${text} is too large`);
  return count;
}

function parseInterval(text: string): IsoDuration {
  let interval: IsoDuration;
  try {
    interval = parseDuration(text);
  } catch (error) {
    if (error instanceof TimerSyntaxProblem) {
      throw new TimerSyntaxProblem(`the interval '${text}' is not valid: ${error.message}`);
    }
    throw error;
  }
  const sign = durationSign(interval);
  if (sign === 0)
    throw new TimerSyntaxProblem('the interval must be longer than zero (it would fire in a loop)');
  if (sign !== 1) throw new TimerSyntaxProblem(`the interval '${text}' must be positive`);
  return interval;
}

function parseStart(text: string): ZonedInstant {
  try {
    return parseDateTime(text);
  } catch (error) {
    if (error instanceof TimerSyntaxProblem) {
      throw new TimerSyntaxProblem(`the start '${text}' is not valid: ${error.message}`);
    }
    throw error;
  }
}

function parseRepeatingInterval(text: string): IntervalCycle {
  const slash = text.indexOf('/');
  if (slash === -1) throw new TimerSyntaxProblem(`no interval given (${SHAPES})`);
  const repetitions = parseRepetitions(text.slice(1, slash));
  const rest = text.slice(slash + 1);
  // The interval follows the last slash; a start (whose zone id may hold slashes) comes before it.
  const lastSlash = rest.lastIndexOf('/');
  if (lastSlash === -1) {
    const interval = parseInterval(rest);
    return { type: 'interval', repetitions, start: undefined, interval, zone: FixedOffsetZone.utcInstance };
  }
  const startText = rest.slice(0, lastSlash);
  if (/^[-+]?P/.test(startText)) {
    throw new TimerSyntaxProblem(
      `an end instant is not supported; give the start before the interval (${SHAPES})`,
    );
  }
  const start = parseStart(startText);
  return {
    type: 'interval',
    repetitions,
    start,
    interval: parseInterval(rest.slice(lastSlash + 1)),
    zone: start.zone,
  };
}

/** Parses a trimmed cycle; throws TimerSyntaxProblem with a reason. */
export function parseCycle(text: string): Cycle {
  if (text === '') throw new TimerSyntaxProblem('the value is empty');
  if (text.startsWith('R')) return parseRepeatingInterval(text);
  if (/^r\d*\//.test(text)) throw new TimerSyntaxProblem(`designators must be upper case (${SHAPES})`);
  return { type: 'cron', schedule: parseCron(text) };
}
