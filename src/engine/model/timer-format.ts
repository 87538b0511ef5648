// Deploy-time shape check of static timer values, so that a typo fails the deployment rather than
// the first instance that reaches the timer. Only the shape: computing due dates (calendar rules,
// cron schedules) is the timer module's job.
import type { TimerDefinition } from './types.js';

/** ISO 8601 duration as Zeebe reads it: PnYnMnWnDTnHnMnS, at least one component. */
const DURATION =
  /^P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:[.,]\d+)?S)?)?$/;

/** ISO 8601 date-time with an offset (Z or ±hh:mm), optionally followed by a zone id in brackets. */
const DATE_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)(?:\[[A-Za-z0-9_+\-/]+\])?$/;

/** R<n>/<interval> or R/<interval> (repeat forever), the interval a duration or a start/duration. */
const REPEATING = /^R(\d*)\/(?:([^/]+)\/)?([^/]+)$/;

/** Spring cron, as Zeebe uses: six fields, seconds first. */
const CRON_FIELD = /^[0-9A-Za-z*?/,#-]+$/;
const CRON_MACROS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

export const isIsoDuration = (text: string) => DURATION.test(text);
export const isIsoDateTime = (text: string) => DATE_TIME.test(text);

export function isRepeatingInterval(text: string): boolean {
  const match = REPEATING.exec(text);
  if (match === null) return false;
  const [, , start, duration = ''] = match;
  return (start === undefined || isIsoDateTime(start)) && isIsoDuration(duration);
}

export function isCron(text: string): boolean {
  if (CRON_MACROS.has(text.toLowerCase())) return true;
  const fields = text.split(/\s+/);
  return fields.length === 6 && fields.every((field) => CRON_FIELD.test(field));
}

/** Why a static timer value cannot be used, or undefined when it has the right shape. */
export function staticTimerProblem(kind: TimerDefinition['kind'], text: string): string | undefined {
  switch (kind) {
    case 'duration':
      return isIsoDuration(text) ? undefined : 'is not an ISO 8601 duration (like PT15M, P1D or P1DT12H)';
    case 'date':
      return isIsoDateTime(text)
        ? undefined
        : 'is not an ISO 8601 date-time with an offset (like 2026-01-31T09:00:00Z or 2026-01-31T09:00:00+08:00)';
    case 'cycle':
      return isRepeatingInterval(text) || isCron(text)
        ? undefined
        : 'is neither an ISO 8601 repeating interval (like R3/PT1H, R/P1D or R3/2026-01-01T09:00:00Z/P1D) ' +
            'nor a cron expression with six fields, seconds first (like 0 0 9 * * MON-FRI)';
  }
}
