// date and time(value, timezone): Camunda's overload that moves a date and time into a zone
// ("Asia/Shanghai", "Z", "+08:00"). A zoned value keeps its instant; a zone-less one gets the
// zone attached. Every other call goes to feelin's own date and time().
import { FeelDateTime, dateAndTime } from 'feelin';
import { temporalIso } from '../convert.js';
import { builtin, feelinBuiltin, isString, type Builtins } from './define.js';

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** The zone suffix feelin understands, or undefined for an unknown zone. */
function zoneSuffix(zone: string): string | undefined {
  if (zone === 'Z' || zone === 'UTC') return 'Z';
  if (OFFSET.test(zone)) return zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return `@${zone}`;
  } catch {
    return undefined;
  }
}

/** Wall-clock text ("2026-01-05T18:00:00.000") of an instant in a zone. */
function wallClock(epochMs: number, suffix: string): string {
  const offset = OFFSET.exec(suffix);
  if (suffix === 'Z' || offset) {
    const sign = offset?.[1] === '-' ? -1 : 1;
    const shift = offset ? sign * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0;
    return new Date(epochMs + shift).toISOString().slice(0, -1);
  }
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: suffix.slice(1),
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
  }).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((entry) => entry.type === type)?.value ?? '';
  const year = part('year').padStart(4, '0');
  return `${year}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}.${part('fractionalSecond')}`;
}

function inZone(value: FeelDateTime, zone: string): FeelDateTime | null {
  const suffix = zoneSuffix(zone);
  if (!suffix) return null;
  if (value.zone === null) return dateAndTime(`${value.iso}${suffix}`);
  return dateAndTime(`${wallClock(Date.parse(temporalIso(value)), suffix)}${suffix}`);
}

const original = feelinBuiltin('date and time');

export const zoneBuiltins: Builtins = original
  ? {
      'date and time': builtin(['date', 'time', 'from', 'timezone'], (date, time, from, timezone) => {
        const zone = timezone ?? time;
        if (date instanceof FeelDateTime && isString(zone) && from === undefined) return inZone(date, zone);
        return typeof original === 'function'
          ? original(date, time, from)
          : original.invoke([date, time, from]);
      }),
    }
  : {};
