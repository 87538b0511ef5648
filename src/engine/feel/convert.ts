// Conversion of feelin results to JSON values and to Zeebe's result type names.
// feelin represents temporals as FeelDate / FeelTime / FeelDateTime / FeelDuration objects
// (on temporal-polyfill); they become ISO 8601 strings here.
import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';

/** Zeebe's ResultType names, used in its "Expected result ... to be 'X', but was 'Y'" messages. */
export type FeelType =
  | 'NULL'
  | 'BOOLEAN'
  | 'NUMBER'
  | 'STRING'
  | 'ARRAY'
  | 'OBJECT'
  | 'DURATION'
  | 'PERIOD'
  | 'DATE'
  | 'DATE_TIME'
  | 'UNKNOWN';

const FIXED_OFFSET = /^(?:UTC|Z|[+-]\d{2}:\d{2}(?::\d{2})?)$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** "+08:00" / "-05:30" for an offset in seconds. */
function formatOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  const ss = abs % 60;
  return `${sign}${hh}:${mm}${ss ? `:${String(ss).padStart(2, '0')}` : ''}`;
}

/**
 * ISO 8601 text of a date and time or time. Fixed offsets and UTC ("Z") are kept as written; a
 * named zone ("@Asia/Shanghai") is replaced by its offset at that moment, since JSON consumers
 * (Date.parse, databases) read offsets but not zone names. Zone-less values stay zone-less.
 */
export function temporalIso(value: FeelDateTime | FeelTime): string {
  if (value.zone === null || FIXED_OFFSET.test(value.zone)) return value.iso;
  const wallClock = value.iso.slice(0, value.iso.indexOf('@'));
  const offset = value['time offset'].unwrap().total({ unit: 'seconds' });
  return wallClock + formatOffset(offset);
}

export function feelType(value: unknown): FeelType {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return Number.isFinite(value) ? 'NUMBER' : 'NULL';
  if (typeof value === 'string') return 'STRING';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'PERIOD' : 'DURATION';
  if (value instanceof FeelDate) return 'DATE';
  if (value instanceof FeelDateTime) return 'DATE_TIME';
  if (isPlainObject(value)) return 'OBJECT';
  return 'UNKNOWN';
}

/**
 * A FEEL value as JSON: temporals become ISO strings ("2026-01-05", "2026-01-05T10:00:00+08:00",
 * "10:00:00Z", "P1Y2M", "PT2H"), contexts plain objects. Values JSON cannot hold (functions,
 * ranges, NaN) become null.
 */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof FeelDate || value instanceof FeelDuration) return value.iso;
  if (value instanceof FeelDateTime || value instanceof FeelTime) return temporalIso(value);
  if (isPlainObject(value)) {
    // fromEntries defines own properties, so a "__proto__" key stays an ordinary entry.
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toJson(entry)]));
  }
  return null;
}
