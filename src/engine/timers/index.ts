// Zeebe timer semantics (Camunda 8.8) as pure functions: no database, no clock of their own —
// `now` is always passed in as epoch milliseconds.
//
// - timeDuration: ISO 8601 duration; due = now + duration. Years/months/weeks/days are calendar
//   arithmetic, hours/minutes/seconds exact. Zeebe computes from the current instant in the
//   broker's zone; here the zone is UTC, so a day is 24 hours. Zero or negative: due at once.
// - timeDate: ISO 8601 date-time with "Z", an offset, "[Zone/Id]" or both; zone-less values are
//   UTC (as Camunda documents). A past date is due at that (past) instant.
// - timeCycle: "Rn/<interval>", "R/<interval>", "Rn/<start>/<interval>" (first firing at start,
//   then start + interval, computed in the start's zone), or a 6-field Spring cron in UTC.
//   R0, zero or negative intervals are rejected.
export { TimerExpressionError, type TimerKind } from './errors.js';
export { addIsoDuration } from './duration.js';
export { nextCycleDue, planTimer, timerSyntaxError, type TimerPlan } from './plan.js';
