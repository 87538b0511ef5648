import { expect } from 'chai';
import { addIsoDuration, planTimer } from '../../../src/engine/timers/index.js';
import { NOW, at, iso } from './helpers.js';

const due = (text: string, now = NOW) => iso(planTimer('duration', text, now).dueAt);

describe('timer durations', () => {
  it('fire once, the given time after now', () => {
    expect(planTimer('duration', 'PT5M', NOW)).to.deep.equal({
      dueAt: at('2026-01-31T08:05:00Z'),
      repetitions: 1,
    });
  });

  it('add hours, minutes and seconds as exact time, fractions of a second included', () => {
    expect(due('PT10H')).to.equal('2026-01-31T18:00:00.000Z');
    expect(due('PT36H')).to.equal('2026-02-01T20:00:00.000Z');
    expect(due('PT1H30M15S')).to.equal('2026-01-31T09:30:15.000Z');
    expect(due('PT1.5S')).to.equal('2026-01-31T08:00:01.500Z');
    expect(due('PT0,25S')).to.equal('2026-01-31T08:00:00.250Z');
  });

  it('add days and weeks as calendar days of 24 hours in UTC', () => {
    expect(due('P1D')).to.equal('2026-02-01T08:00:00.000Z');
    expect(due('P14D')).to.equal('2026-02-14T08:00:00.000Z');
    expect(due('P2W')).to.equal('2026-02-14T08:00:00.000Z');
    expect(due('P1DT2H', at('2026-03-28T12:00:00Z'))).to.equal('2026-03-29T14:00:00.000Z');
  });

  it('add one month to January 31 and land on the last day of February', () => {
    expect(due('P1M')).to.equal('2026-02-28T08:00:00.000Z');
    expect(due('P1M', at('2028-01-31T08:00:00Z'))).to.equal('2028-02-29T08:00:00.000Z');
    expect(due('P2M')).to.equal('2026-03-31T08:00:00.000Z');
  });

  it('add years and months together before days, then the time', () => {
    expect(due('P1Y1M')).to.equal('2027-02-28T08:00:00.000Z');
    expect(due('P1Y2M3DT4H')).to.equal('2027-04-03T12:00:00.000Z');
    expect(due('P1Y', at('2028-02-29T00:00:00Z'))).to.equal('2029-02-28T00:00:00.000Z');
  });

  it('are due at once when zero or negative, as in Zeebe', () => {
    expect(due('PT0S')).to.equal('2026-01-31T08:00:00.000Z');
    expect(due('-PT5M')).to.equal('2026-01-31T07:55:00.000Z');
    expect(due('-P1DT1H')).to.equal('2026-01-30T07:00:00.000Z');
    expect(due('PT-24H')).to.equal('2026-01-30T08:00:00.000Z');
  });

  it('ignore surrounding whitespace', () => {
    expect(due('  PT5M\n')).to.equal('2026-01-31T08:05:00.000Z');
  });

  it('are added to any instant by addIsoDuration, calendar-aware in UTC', () => {
    expect(iso(addIsoDuration(at('2026-01-31T23:30:00Z'), 'P1M'))).to.equal('2026-02-28T23:30:00.000Z');
    expect(iso(addIsoDuration(at('2026-01-05T10:00:00Z'), 'P3DT12H'))).to.equal('2026-01-08T22:00:00.000Z');
    expect(iso(addIsoDuration(at('2026-03-31T00:00:00Z'), '-P1M'))).to.equal('2026-02-28T00:00:00.000Z');
  });
});
