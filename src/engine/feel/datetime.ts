// evaluateDateTime: timer dates and due dates. Accepts a FEEL date and time or an ISO 8601
// string; values without a zone are read as UTC. The result always carries an offset so that it
// names one instant.
import { FeelDateTime, dateAndTime } from 'feelin';
import { temporalIso } from './convert.js';
import { FeelError } from './errors.js';
import { evaluateTyped, withWarnings } from './evaluate.js';

// wall clock, then an optional "Z" / offset / "@zone", then an optional "[zone]" as Java prints it
const DATE_TIME_TEXT =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:\d{2}|@[^\s@[\]]+)?(?:\[([^\s\]]+)\])?$/;

function withOffset(value: FeelDateTime): string {
  return value.zone === null ? `${value.iso}Z` : temporalIso(value);
}

/** Reads ISO 8601 date-time text strictly; feelin alone would drop zones it does not understand. */
function parseDateTime(text: string): FeelDateTime | undefined {
  const match = DATE_TIME_TEXT.exec(text);
  if (!match) return undefined;
  const [, wallClock, zone, region] = match;
  const parsed = dateAndTime(`${wallClock}${zone ?? (region ? `@${region}` : 'Z')}`);
  return parsed ?? undefined;
}

export function evaluateDateTime(source: string, variables: Record<string, unknown>, now: number): string {
  const { value, warnings } = evaluateTyped(source, variables, now, ['DATE_TIME', 'STRING']);
  if (value instanceof FeelDateTime) return withOffset(value);
  const parsed = parseDateTime(value as string);
  if (parsed) return withOffset(parsed);
  const message = `Invalid date-time format '${value as string}' for expression '${source}'.`;
  throw new FeelError(source, withWarnings(message, warnings));
}
