// Cron time cycles as Zeebe reads them (Spring 5.3 syntax): six fields — second minute hour
// day-of-month month day-of-week — with names (JAN-DEC, MON-SUN), ranges, lists, steps ("*/15",
// "0/5"), "?", "L", "W", "#", and the macros @yearly @annually @monthly @weekly @daily @midnight
// @hourly. Day-of-month and day-of-week must both match when both are restricted, as in Spring
// ("0 0 0 13 * FRI" is every Friday the 13th). Zeebe evaluates cron in the broker's zone; here
// it is always UTC. Matching is done by croner.
import { Cron } from 'croner';
import { TimerSyntaxProblem } from './errors.js';

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

const FIELDS = 'second minute hour day-of-month month day-of-week';

export interface CronSchedule {
  /** The first match strictly after `instant` (epoch ms). */
  nextAfter(instant: number): number;
}

/** Parses a trimmed cron expression; throws TimerSyntaxProblem with a reason. */
export function parseCron(text: string): CronSchedule {
  const pattern = MACROS[text.toLowerCase()] ?? text;
  const fieldCount = pattern.split(/\s+/).length;
  if (fieldCount !== 6) {
    throw new TimerSyntaxProblem(
      `a cron expression needs 6 fields (${FIELDS}), but this one has ${fieldCount}; ` +
        'an ISO 8601 cycle must start with R, e.g. R3/PT10H or R/P1D',
    );
  }
  let cron: Cron;
  try {
    cron = new Cron(pattern, { timezone: 'UTC', domAndDow: true, mode: '6-part', sloppyRanges: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : String(error);
    throw new TimerSyntaxProblem(`not a valid cron expression (${FIELDS}): ${detail}`);
  }
  // Six-field patterns repeat with the calendar, so one that matches nothing from 1970 on never will.
  if (cron.nextRun(new Date(0)) === null)
    throw new TimerSyntaxProblem('the cron expression never matches a date');
  return {
    nextAfter(instant: number): number {
      const next = cron.nextRun(new Date(instant));
      if (next === null) throw new TimerSyntaxProblem('the cron expression has no further match');
      return next.getTime();
    },
  };
}
