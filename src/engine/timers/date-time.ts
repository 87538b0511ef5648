// ISO 8601 date-times as Camunda 8 reads timer dates: a wall clock with "Z", an offset
// ("+08:00"), a zone id in brackets ("[Asia/Shanghai]"), or an offset and a zone id; a value
// with neither is read as UTC (Camunda's documented deviation from ISO 8601, which would read
// it as local time). With both, the offset fixes the instant and the zone id is kept for
// calendar arithmetic (a cycle's later firings).
import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import { TimerSyntaxProblem } from './errors.js';

export interface ZonedInstant {
  /** Epoch milliseconds. */
  readonly instant: number;
  /** The zone the value was written in: its zone id, else its offset, else UTC. */
  readonly zone: Zone;
}

// date T hh:mm[:ss[.fffffffff]] [Z | ±hh:mm] [[zone id]]
const DATE_TIME_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?(?:\[([^\]\s]+)\])?$/;

const EXAMPLES =
  'expected an ISO 8601 date-time such as 2026-01-05T10:00:00Z, 2026-01-05T18:00:00+08:00 or 2026-01-05T10:00:00[Asia/Shanghai]';

function offsetMinutes(text: string): number {
  if (text === 'Z') return 0;
  const hours = Number(text.slice(1, 3));
  const minutes = Number(text.slice(4, 6));
  if (hours > 18 || minutes > 59 || (hours === 18 && minutes > 0)) {
    throw new TimerSyntaxProblem(`the offset ${text} is out of range (-18:00 to +18:00)`);
  }
  return (text.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function zoneFor(id: string): IANAZone {
  const zone = IANAZone.create(id);
  if (!zone.isValid) throw new TimerSyntaxProblem(`unknown time zone '${id}'`);
  return zone;
}

const DAY = 86_400_000;

/**
 * The instant a wall clock (given as if it were UTC) names in a zone, resolved as java.time does:
 * in an overlap (clocks set back) the earlier instant; in a gap (clocks set forward) the wall
 * clock moves forward by the length of the gap.
 */
function wallClockIn(wallClockAsUtc: number, zone: Zone): number {
  const before = zone.offset(wallClockAsUtc - DAY);
  const after = zone.offset(wallClockAsUtc + DAY);
  const candidates = [before, after]
    .map((offset) => wallClockAsUtc - offset * 60_000)
    .filter((instant) => zone.offset(instant) * 60_000 === wallClockAsUtc - instant);
  return candidates.length > 0 ? Math.min(...candidates) : wallClockAsUtc - before * 60_000;
}

/** Parses a trimmed date-time; throws TimerSyntaxProblem with a reason. */
export function parseDateTime(text: string): ZonedInstant {
  if (text === '') throw new TimerSyntaxProblem('the value is empty');
  const match = DATE_TIME_TEXT.exec(text);
  if (!match) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text))
      throw new TimerSyntaxProblem(`a time of day is missing (${EXAMPLES})`);
    if (/^\d{4}-\d{2}-\d{2}t/.test(text) || /\d(z)$/.test(text)) {
      throw new TimerSyntaxProblem(`designators must be upper case (${EXAMPLES})`);
    }
    throw new TimerSyntaxProblem(EXAMPLES);
  }
  const [, year, month, day, hour, minute, second, fraction, offset, zoneId] = match;
  const wallClock = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? '0'),
    millisecond: Number((fraction ?? '').padEnd(3, '0').slice(0, 3)),
  };
  const asUtc = DateTime.fromObject(wallClock, { zone: FixedOffsetZone.utcInstance });
  const inRange = wallClock.hour <= 23 && wallClock.minute <= 59 && wallClock.second <= 59;
  if (!inRange || !asUtc.isValid || asUtc.day !== wallClock.day) {
    throw new TimerSyntaxProblem(`there is no such date or time (${EXAMPLES})`);
  }
  const region = zoneId === undefined ? undefined : zoneFor(zoneId);

  if (offset !== undefined) {
    const minutes = offsetMinutes(offset);
    return {
      instant: asUtc.toMillis() - minutes * 60_000,
      zone: region ?? FixedOffsetZone.instance(minutes),
    };
  }
  if (region !== undefined) return { instant: wallClockIn(asUtc.toMillis(), region), zone: region };
  return { instant: asUtc.toMillis(), zone: FixedOffsetZone.utcInstance };
}
