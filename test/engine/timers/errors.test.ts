import { expect } from 'chai';
import {
  TimerExpressionError,
  nextCycleDue,
  planTimer,
  timerSyntaxError,
  addIsoDuration,
  type TimerKind,
} from '../../../src/engine/timers/index.js';
import { NOW } from './helpers.js';

function failure(kind: TimerKind, text: string): TimerExpressionError {
  try {
    planTimer(kind, text, NOW);
  } catch (error) {
    expect(error).to.be.instanceOf(TimerExpressionError);
    return error as TimerExpressionError;
  }
  throw new Error(`expected the ${kind} '${text}' to be rejected`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Asserts the value is rejected with a message naming it and giving the reason. */
function rejects(kind: TimerKind, text: string, reason: string | RegExp): void {
  const error = failure(kind, text);
  expect(error.message).to.match(new RegExp(`^Invalid timer ${kind} '${escapeRegExp(text)}': `));
  if (typeof reason === 'string') expect(error.reason).to.contain(reason);
  else expect(error.reason).to.match(reason);
}

describe('bad timer values', () => {
  it('are reported with Zeebe-like wording that names the kind and the value', () => {
    const error = failure('cycle', 'R3/P1X');
    expect(error.message).to.equal(
      "Invalid timer cycle 'R3/P1X': the interval 'P1X' is not valid: " +
        'expected an ISO 8601 duration such as PT10M, P1D, P2W or P1Y2M3DT4H',
    );
    expect(error).to.include({ name: 'TimerExpressionError', kind: 'cycle', value: 'R3/P1X' });
  });

  it('include durations that are not ISO 8601', () => {
    rejects('duration', 'P1X', 'expected an ISO 8601 duration');
    rejects('duration', '5 minutes', 'expected an ISO 8601 duration');
    rejects('duration', 'P', 'expected an ISO 8601 duration');
    rejects('duration', 'PT', 'expected an ISO 8601 duration');
    rejects('duration', 'P1.5D', 'expected an ISO 8601 duration');
    rejects('duration', 'PT5M1H', 'expected an ISO 8601 duration');
    rejects('duration', '', 'the value is empty');
    rejects('duration', '   ', 'the value is empty');
  });

  it('include lower-case durations, with a hint', () => {
    rejects('duration', 'p1d', 'designators must be upper case');
    rejects('duration', 'PT5m', 'designators must be upper case');
  });

  it('include durations that overflow the calendar', () => {
    rejects('duration', 'P999999999999Y', 'out of range');
    expect(() => addIsoDuration(NOW, 'P1X')).to.throw(TimerExpressionError, "Invalid timer duration 'P1X'");
  });

  it('include dates that are not ISO 8601 date-times or name no real time', () => {
    rejects('date', 'tomorrow', 'expected an ISO 8601 date-time');
    rejects('date', '2026-01-05', 'a time of day is missing');
    rejects('date', '2026-01-05 10:00:00Z', 'expected an ISO 8601 date-time');
    rejects('date', '2026-01-05t10:00:00z', 'designators must be upper case');
    rejects('date', '2026-02-30T10:00:00Z', 'there is no such date or time');
    rejects('date', '2026-01-05T24:00:00Z', 'there is no such date or time');
    rejects('date', '2026-01-05T10:00:60Z', 'there is no such date or time');
    rejects('date', '2026-01-05T10:00:00+19:00', 'the offset +19:00 is out of range');
    rejects('date', '2026-01-05T10:00:00[Mars/Olympus]', "unknown time zone 'Mars/Olympus'");
    rejects('date', '', 'the value is empty');
  });

  it('include cycles with a bad count, no interval, or a zero or negative interval', () => {
    rejects('cycle', 'R0/PT1H', 'a cycle must repeat at least once');
    rejects('cycle', 'R-1/PT1H', "the repetition count '-1' is not a whole number");
    rejects('cycle', 'Rx/PT1H', "the repetition count 'x' is not a whole number");
    rejects('cycle', 'R99999999999/PT1H', 'is too large');
    rejects('cycle', 'R3', 'no interval given');
    rejects('cycle', 'R/PT0S', 'the interval must be longer than zero');
    rejects('cycle', 'R/P0D', 'the interval must be longer than zero');
    rejects('cycle', 'R/-PT1H', "the interval '-PT1H' must be positive");
    rejects('cycle', 'R/P1DT-1H', "the interval 'P1DT-1H' must be positive");
  });

  it('include cycles with a bad start or an end instead of a start', () => {
    rejects('cycle', 'R3/2026-13-01T00:00:00Z/P1D', "the start '2026-13-01T00:00:00Z' is not valid");
    rejects('cycle', 'R3/PT1H/2026-01-01T00:00:00Z', 'an end instant is not supported');
    rejects('cycle', 'R3/2026-01-01T00:00:00Z/2026-02-01T00:00:00Z', "the interval '2026-02-01T00:00:00Z'");
  });

  it('include lower-case ISO cycles, with a hint', () => {
    rejects('cycle', 'r3/pt1h', 'designators must be upper case');
    rejects('cycle', 'R3/pt1h', 'designators must be upper case');
  });

  it('include cron expressions that are malformed or never match', () => {
    rejects('cycle', '0 61 9 * * *', /^not a valid cron expression .*minute/);
    rejects('cycle', '0 0 9 * *', 'a cron expression needs 6 fields');
    rejects('cycle', '0 0 9 * * * 2026', 'a cron expression needs 6 fields');
    rejects('cycle', '0 0 0 30 2 *', 'never matches');
    rejects('cycle', 'PT10H', 'an ISO 8601 cycle must start with R');
    rejects('cycle', '', 'the value is empty');
  });

  it('make nextCycleDue throw too', () => {
    expect(() => nextCycleDue('R3/P1X', NOW)).to.throw(TimerExpressionError, "Invalid timer cycle 'R3/P1X'");
    expect(() => nextCycleDue('PT5M', NOW)).to.throw(TimerExpressionError, "Invalid timer cycle 'PT5M'");
  });

  it('are told apart from a missing clock, which is a programming error', () => {
    expect(() => planTimer('duration', 'PT5M', Number.NaN)).to.throw(RangeError);
    expect(() => nextCycleDue('R/PT5M', Number.POSITIVE_INFINITY)).to.throw(RangeError);
  });
});

describe('timerSyntaxError', () => {
  it('accepts valid static values of each kind', () => {
    expect(timerSyntaxError('duration', 'P1Y2M3DT4H')).to.equal(undefined);
    expect(timerSyntaxError('duration', '-PT5M')).to.equal(undefined);
    expect(timerSyntaxError('date', '2026-01-05T10:00:00[Asia/Shanghai]')).to.equal(undefined);
    expect(timerSyntaxError('date', '2020-01-05T10:00:00Z')).to.equal(undefined);
    expect(timerSyntaxError('cycle', 'R3/2026-01-05T09:00:00Z/P1D')).to.equal(undefined);
    expect(timerSyntaxError('cycle', 'R/P1D')).to.equal(undefined);
    expect(timerSyntaxError('cycle', '0 0 9 * * MON-FRI')).to.equal(undefined);
  });

  it('returns the same message planTimer would throw, for each kind', () => {
    const cases: [TimerKind, string][] = [
      ['duration', 'P1X'],
      ['duration', 'p1d'],
      ['date', '2026-01-05'],
      ['date', '2026-02-30T10:00:00Z'],
      ['cycle', 'R3/P1X'],
      ['cycle', 'R0/P1D'],
      ['cycle', 'R/PT0S'],
      ['cycle', '0 0 0 30 2 *'],
    ];
    for (const [kind, text] of cases) {
      const message = timerSyntaxError(kind, text);
      expect(message, `${kind} ${text}`).to.be.a('string').that.contains(`Invalid timer ${kind} '${text}': `);
      expect(message).to.equal(failure(kind, text).message);
    }
  });

  it('names a duration that only fails when added to a date', () => {
    expect(timerSyntaxError('duration', 'P999999999999Y')).to.equal(
      "Invalid timer duration 'P999999999999Y': the resulting instant is out of range",
    );
  });
});
